using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// A small record kept as two complete, self-checking copies, written one after the other.
    /// </summary>
    /// <remarks>
    /// Why two copies written in order rather than a temp file and a rename: the device's rename may delete the
    /// target before it moves the source, so a cut inside a rename can leave no file under the final name. Here no
    /// rename is involved. Copy A is written first, copy B only after A is complete, so a cut tears at most one
    /// copy and the other holds either the previous or the new content in full. Each copy carries its own CRC and
    /// generation; the reader takes the valid copy with the highest generation. A bit flip at rest in one copy is
    /// harmless too, because the other holds the same content.
    /// </remarks>
    public sealed class MirroredFile
    {
        /// <summary>Number of copies.</summary>
        public const int CopyCount = 2;

        private readonly IFlashFileSystem _fs;
        private readonly string[] _paths;

        /// <summary>Names the two copies <paramref name="baseName"/><c>.a</c> and <c>.b</c> in <paramref name="directory"/>.</summary>
        public MirroredFile(IFlashFileSystem fs, string directory, string baseName)
        {
            _fs = fs;
            _paths = new string[CopyCount];
            _paths[0] = StoragePath.Join(directory, baseName + ".a");
            _paths[1] = StoragePath.Join(directory, baseName + ".b");
        }

        /// <summary>The bytes of copy <paramref name="copy"/>, or null when that copy does not exist.</summary>
        public byte[]? Read(int copy)
        {
            return _fs.ReadAll(_paths[copy]);
        }

        /// <summary>Writes both copies, A then B; durable when it returns.</summary>
        public void Write(byte[] data, int length)
        {
            for (int copy = 0; copy < CopyCount; copy++)
            {
                _fs.Write(_paths[copy], data, length);
            }
        }
    }
}
