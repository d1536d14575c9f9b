using System.IO;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// <see cref="IFlashFileSystem"/> over nanoFramework's System.IO on the internal flash drive <c>I:\</c>
    /// (littlefs in the ESP32's "config" partition). Paths come from the core already absolute
    /// (<c>I:\smartbin\...</c>), which nanoFramework requires.
    /// </summary>
    public sealed class LittleFsFlash : IFlashFileSystem
    {
        /// <summary>The internal flash drive.</summary>
        public const string Drive = "I:\\";

        /// <inheritdoc />
        public bool Exists(string path)
        {
            return File.Exists(path);
        }

        /// <inheritdoc />
        public byte[]? ReadAll(string path)
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }

        /// <inheritdoc />
        public void Write(string path, byte[] data, int length)
        {
            // FileMode.Create truncates an existing file; Flush before Dispose so a return means "on flash".
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, 0, length);
                stream.Flush();
            }
        }

        /// <inheritdoc />
        public void Rename(string fromPath, string toPath)
        {
            // nanoFramework's File.Move refuses an existing target, so the target goes first. A power cut between
            // the two calls leaves only the source: the core never relies on rename being atomic (see
            // Storage/MirroredFile.cs and the outbox's recovery).
            if (File.Exists(toPath))
            {
                File.Delete(toPath);
            }

            File.Move(fromPath, toPath);
        }

        /// <inheritdoc />
        public void Delete(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        /// <inheritdoc />
        public string[] List(string directory)
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory) : new string[0];
        }

        /// <inheritdoc />
        public void CreateDirectory(string directory)
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
    }
}
