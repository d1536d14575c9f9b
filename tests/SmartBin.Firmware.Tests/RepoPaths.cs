using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace SmartBin.Firmware.Tests
{
    /// <summary>Finds files of the repository from the test's output folder.</summary>
    internal static class RepoPaths
    {
        public static string Root { get; } = FindRoot();

        public static string File(string relative) => Path.Combine(Root, relative);

        // The output folder usually sits inside the repository; with --artifacts-path it does not, and then the
        // compile-time location of this file still does.
        private static string FindRoot([CallerFilePath] string sourceFile = "")
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (System.IO.File.Exists(Path.Combine(dir.FullName, "SmartBin.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            throw new InvalidOperationException("SmartBin.sln not found above " + AppContext.BaseDirectory + " or " + sourceFile);
        }
    }
}
