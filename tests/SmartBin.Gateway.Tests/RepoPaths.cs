using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace SmartBin.Gateway.Tests;

/// <summary>The repository root (holds SmartBin.sln), for tests that read the docs next to the code.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    // With --artifacts-path the output folder lies outside the repository; the compile-time source path does not.
    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SmartBin.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"SmartBin.sln not found above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
