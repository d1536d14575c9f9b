using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// The .NET reference assemblies the gate compiles against: the SDK's Microsoft.NETCore.App.Ref pack for the
    /// running runtime's major version, the same surface the host projects build against. Reference assemblies
    /// (not the runtime's implementation ones) so overloads bind exactly as they do in the real build.
    /// </summary>
    public static class HostReferences
    {
        private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Load);

        /// <summary>Metadata references to every assembly of the reference pack.</summary>
        public static IReadOnlyList<MetadataReference> All => Cached.Value;

        /// <summary>The folder holding the reference pack's assemblies.</summary>
        public static string FindReferencePackFolder()
        {
            // The runtime lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/; packs sit beside shared/.
            string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
            string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            string packRoot = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            int major = Environment.Version.Major;
            string framework = $"net{major}.0";
            string? best = Directory.Exists(packRoot)
                ? Directory.GetDirectories(packRoot)
                    .Where(d => Version.TryParse(Path.GetFileName(d), out Version? v) && v.Major == major)
                    .Select(d => Path.Combine(d, "ref", framework))
                    .Where(Directory.Exists)
                    .OrderByDescending(d => Version.Parse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))!)))
                    .FirstOrDefault()
                : null;
            return best ?? throw new InvalidOperationException(
                $"No {framework} reference pack under {packRoot}; the subset gate needs the .NET SDK's reference assemblies.");
        }

        private static IReadOnlyList<MetadataReference> Load()
        {
            string folder = FindReferencePackFolder();
            return Directory.GetFiles(folder, "*.dll")
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
                .ToList();
        }
    }
}
