using System;
using System.IO;

namespace SmartBin.Firmware.Tests
{
    /// <summary>Finds files of the repository from the test's output folder.</summary>
    internal static class RepoPaths
    {
        public static string Root { get; } = FindRoot();

        public static string File(string relative) => Path.Combine(Root, relative);

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "SmartBin.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("SmartBin.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
