using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>Reads a shared project's <c>.projitems</c> the way MSBuild would, for the files it compiles.</summary>
    public static class SharedProject
    {
        private const string ThisFileDirectory = "$(MSBuildThisFileDirectory)";
        private const int ParentFoldersMax = 16;

        /// <summary>
        /// The repository root: recorded at build time (the test output may live outside the repository, e.g. under
        /// --artifacts-path), else the nearest folder above the test output that holds SmartBin.sln.
        /// </summary>
        public static string FindRepositoryRoot()
        {
            string? recorded = typeof(SharedProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "SmartBin.RepositoryRoot")?.Value;
            if (recorded is not null && File.Exists(Path.Combine(recorded, "SmartBin.sln")))
            {
                return Path.GetFullPath(recorded);
            }

            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            for (int depth = 0; depth < ParentFoldersMax && folder is not null; depth++, folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "SmartBin.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("SmartBin.sln not found at the recorded repository root nor above " + AppContext.BaseDirectory);
        }

        /// <summary>Absolute paths of the <c>Compile</c> items, in file order.</summary>
        public static IReadOnlyList<string> ReadCompileItems(string projitemsPath)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(projitemsPath))!;
            return XDocument.Load(projitemsPath)
                .Descendants()
                .Where(e => e.Name.LocalName == "Compile")
                .Select(e => ResolveInclude((string?)e.Attribute("Include") ?? string.Empty, folder, projitemsPath))
                .ToList();
        }

        /// <summary>Absolute paths of the .cs files under <paramref name="folder"/>, outside bin/ and obj/.</summary>
        public static IReadOnlyList<string> FindSourceFilesOnDisk(string folder)
        {
            string root = Path.GetFullPath(folder);
            return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsUnder(root, f, "bin") && !IsUnder(root, f, "obj"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
        }

        private static string ResolveInclude(string include, string folder, string projitemsPath)
        {
            string relative = include.StartsWith(ThisFileDirectory, StringComparison.Ordinal)
                ? include.Substring(ThisFileDirectory.Length)
                : include;
            if (relative.Length == 0 || relative.Contains("$(", StringComparison.Ordinal) || relative.IndexOfAny(new[] { '*', '?' }) >= 0)
            {
                throw new InvalidDataException($"{projitemsPath}: Compile item '{include}' is not a plain file path");
            }

            return Path.GetFullPath(Path.Combine(folder, relative.Replace('\\', Path.DirectorySeparatorChar)));
        }

        private static bool IsUnder(string root, string file, string child)
        {
            string prefix = Path.Combine(root, child) + Path.DirectorySeparatorChar;
            return file.StartsWith(prefix, StringComparison.Ordinal);
        }
    }
}
