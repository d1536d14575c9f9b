using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SmartBin.SubsetGate.Tests.Gate;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>The device application's sources as the gate sees them: app + shared core, against the package surface.</summary>
    internal static class DeviceApp
    {
        public const string SurfaceFile = "ApiSurface.cs";
        public const string PendingCoreFile = "PendingCoreTypes.cs.txt";
        public const string AllowListSectionPrefix = "# assembly:";

        /// <summary>The application's .cs files on disk (outside bin/ and obj/).</summary>
        public static IReadOnlyList<string> AppSourceFiles() => SharedProject.FindSourceFilesOnDisk(TestFiles.AppFolder);

        /// <summary>Core (every projitems file, drivers included) + app, plus the pending core stand-ins while needed.</summary>
        public static List<(string Path, string Text)> Sources(params (string Path, string Text)[] extra)
        {
            var sources = SharedProject.ReadCompileItems(TestFiles.CoreProjitems)
                .Concat(AppSourceFiles())
                .Select(f => (Relative(f), File.ReadAllText(f)))
                .ToList();
            if (!File.Exists(Path.Combine(TestFiles.CoreFolder, "Indicator", "IndicatorDriver.cs")))
            {
                sources.Add((PendingCoreFile, File.ReadAllText(TestFiles.NanoFrameworkFile(PendingCoreFile))));
            }

            sources.AddRange(extra);
            return sources;
        }

        public static (string Path, string Text)[] Surface() =>
            new[] { (SurfaceFile, File.ReadAllText(TestFiles.NanoFrameworkFile(SurfaceFile))) };

        /// <summary>The core's allow-list plus the device list (minus <paramref name="removed"/>).</summary>
        public static NanoFrameworkSubsetGate Gate(string? removed = null) =>
            new(AllowList.Parse(File.ReadAllLines(TestFiles.AllowListPath)
                .Concat(File.ReadAllLines(TestFiles.DeviceAllowListPath))
                .Where(l => l.Trim() != removed)));

        /// <summary>Device allow-list entries with the assembly of their section.</summary>
        public static List<(string Assembly, string Id)> DeviceEntries()
        {
            var entries = new List<(string, string)>();
            string? assembly = null;
            foreach (string raw in File.ReadAllLines(TestFiles.DeviceAllowListPath))
            {
                string line = raw.Trim();
                if (line.StartsWith(AllowListSectionPrefix, StringComparison.Ordinal))
                {
                    assembly = line.Substring(AllowListSectionPrefix.Length).Trim();
                }
                else if (line.Length > 0 && !line.StartsWith('#'))
                {
                    entries.Add((assembly ?? throw new InvalidDataException("entry before any '# assembly:' section: " + line), line));
                }
            }

            return entries;
        }

        public static string Relative(string path) =>
            Path.GetRelativePath(TestFiles.RepositoryRoot, path).Replace('\\', '/');
    }
}
