namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The one place that joins a directory and a file name. The device passes <c>I:\</c>-style directories and
    /// the host passes its own; names are simple (no separator) so that joining is the only path logic there is.
    /// </summary>
    public static class StoragePath
    {
        /// <summary>Joins <paramref name="directory"/> and a simple <paramref name="name"/> with the directory's own separator.</summary>
        public static string Join(string directory, string name)
        {
            if (name.Length == 0 || name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0)
            {
                throw new System.ArgumentException("a storage name is a simple file name", "name");
            }

            if (directory.Length == 0)
            {
                return name;
            }

            char last = directory[directory.Length - 1];
            if (last == '\\' || last == '/')
            {
                return directory + name;
            }

            // A drive ("I:") or a Windows-style directory keeps backslashes; everything else is POSIX.
            bool backslash = last == ':' || directory.IndexOf('\\') >= 0;
            return directory + (backslash ? "\\" : "/") + name;
        }

        /// <summary>The file name after the last separator of <paramref name="path"/>.</summary>
        public static string FileName(string path)
        {
            for (int i = path.Length - 1; i >= 0; i--)
            {
                char c = path[i];
                if (c == '\\' || c == '/')
                {
                    return path.Substring(i + 1);
                }
            }

            return path;
        }
    }
}
