using System;
using System.IO;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// Flash over a real host directory, so the simulator's bins keep their outbox and config across restarts.
    /// Every path must lie under <see cref="Root"/>, so a wrong path in the simulator cannot write elsewhere.
    /// Writes are flushed to disk before returning; rename replaces the target (File.Move with overwrite).
    /// </summary>
    public sealed class DirectoryFlashFileSystem : IFlashFileSystem
    {
        /// <summary>Uses <paramref name="rootDirectory"/> (created if missing) as the flash.</summary>
        public DirectoryFlashFileSystem(string rootDirectory)
        {
            Root = Path.GetFullPath(rootDirectory);
            Directory.CreateDirectory(Root);
        }

        /// <summary>Full path of the directory standing in for the flash root.</summary>
        public string Root { get; }

        /// <inheritdoc />
        public bool Exists(string path) => File.Exists(Checked(path));

        /// <inheritdoc />
        public byte[]? ReadAll(string path)
        {
            string full = Checked(path);
            return File.Exists(full) ? File.ReadAllBytes(full) : null;
        }

        /// <inheritdoc />
        public void Write(string path, byte[] data, int length)
        {
            using var stream = new FileStream(Checked(path), FileMode.Create, FileAccess.Write, FileShare.None);
            stream.Write(data, 0, length);
            stream.Flush(flushToDisk: true);
        }

        /// <inheritdoc />
        public void Rename(string fromPath, string toPath) => File.Move(Checked(fromPath), Checked(toPath), overwrite: true);

        /// <inheritdoc />
        public void Delete(string path) => File.Delete(Checked(path));

        /// <inheritdoc />
        public string[] List(string directory) => Directory.GetFiles(Checked(directory));

        /// <inheritdoc />
        public void CreateDirectory(string directory) => Directory.CreateDirectory(Checked(directory));

        private string Checked(string path)
        {
            // Relative paths (the controller's "smartbin/…") are relative to the flash root, not the working directory.
            string full = Path.GetFullPath(path, Root);
            string rootWithSeparator = Path.EndsInDirectorySeparator(Root) ? Root : Root + Path.DirectorySeparatorChar;
            bool inside = full == Root || full.StartsWith(rootWithSeparator, StringComparison.Ordinal);
            if (!inside)
            {
                throw new ArgumentException($"path {path} is outside the flash root {Root}", nameof(path));
            }

            return full;
        }
    }
}
