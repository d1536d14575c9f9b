namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>
    /// The flash file system (littlefs on <c>I:\</c> on the device). Every mutating call may be cut short
    /// by power loss: a write may leave a truncated file, and a call after the cut never happens.
    /// Callers get atomicity by writing a temporary file and renaming it.
    /// </summary>
    public interface IFlashFileSystem
    {
        /// <summary>True when the file exists.</summary>
        bool Exists(string path);

        /// <summary>Reads a whole file, or returns null when it does not exist.</summary>
        byte[]? ReadAll(string path);

        /// <summary>Creates or replaces a file with the first <paramref name="length"/> bytes of <paramref name="data"/>.</summary>
        void Write(string path, byte[] data, int length);

        /// <summary>Renames a file; an existing file at <paramref name="toPath"/> is replaced.</summary>
        void Rename(string fromPath, string toPath);

        /// <summary>Deletes a file if it exists.</summary>
        void Delete(string path);

        /// <summary>Full paths of the files directly inside <paramref name="directory"/>, in no particular order.</summary>
        string[] List(string directory);

        /// <summary>Creates a directory if it does not exist.</summary>
        void CreateDirectory(string directory);
    }
}
