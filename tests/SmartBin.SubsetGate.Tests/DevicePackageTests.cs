using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>
    /// The device app's project files are complete and agree: every nanoFramework namespace the device code uses
    /// comes from a package in packages.config, every package has its references in the .nfproj at the same version,
    /// the .nfproj compiles exactly the files on disk and imports the shared core, and the package set is consistent.
    /// </summary>
    public sealed partial class DevicePackageTests
    {
        /// <summary>Assembly (lib/*.dll) → the package shipping it, for the packages this app may use.</summary>
        private static readonly Dictionary<string, string> PackageOfAssembly = new(StringComparer.Ordinal)
        {
            ["mscorlib"] = "nanoFramework.CoreLibrary",
            ["nanoFramework.Runtime.Events"] = "nanoFramework.Runtime.Events",
            ["nanoFramework.Runtime.Native"] = "nanoFramework.Runtime.Native",
            ["nanoFramework.System.Text"] = "nanoFramework.System.Text",
            ["nanoFramework.System.Collections"] = "nanoFramework.System.Collections",
            ["System.Threading"] = "nanoFramework.System.Threading",
            ["System.IO.Streams"] = "nanoFramework.System.IO.Streams",
            ["System.Device.Gpio"] = "nanoFramework.System.Device.Gpio",
            ["System.Device.Spi"] = "nanoFramework.System.Device.Spi",
            ["System.IO.Ports"] = "nanoFramework.System.IO.Ports",
            ["System.IO.FileSystem"] = "nanoFramework.System.IO.FileSystem",
            ["System.Net"] = "nanoFramework.System.Net",
            ["System.Device.Wifi"] = "nanoFramework.System.Device.Wifi",
            ["nanoFramework.Hardware.Esp32"] = "nanoFramework.Hardware.Esp32",
            ["nanoFramework.M2Mqtt"] = "nanoFramework.M2Mqtt",
            ["nanoFramework.M2Mqtt.Core"] = "nanoFramework.M2Mqtt",
        };

        /// <summary>
        /// Each package's nuspec dependencies (minimum versions) at the tag of the pinned version, from the packages'
        /// repositories on GitHub (see firmware/SmartBin.Firmware/README.md for commits and dates).
        /// </summary>
        private static readonly Dictionary<string, string[]> Dependencies = new(StringComparer.Ordinal)
        {
            ["nanoFramework.CoreLibrary"] = Array.Empty<string>(),
            ["nanoFramework.Runtime.Events"] = new[] { "nanoFramework.CoreLibrary 1.17.11" },
            ["nanoFramework.Runtime.Native"] = new[] { "nanoFramework.CoreLibrary 1.17.11" },
            ["nanoFramework.System.Text"] = new[] { "nanoFramework.CoreLibrary 1.15.5" },
            ["nanoFramework.System.Collections"] = new[] { "nanoFramework.CoreLibrary 1.16.11" },
            ["nanoFramework.System.Threading"] = new[] { "nanoFramework.CoreLibrary 1.17.11" },
            ["nanoFramework.System.IO.Streams"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.System.Text 1.3.42" },
            ["nanoFramework.System.Device.Gpio"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37" },
            ["nanoFramework.System.Device.Spi"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.System.Device.Gpio 1.1.62" },
            ["nanoFramework.System.IO.Ports"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.System.IO.Streams 1.1.96" },
            ["nanoFramework.System.IO.FileSystem"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.System.IO.Streams 1.1.96", "nanoFramework.System.Text 1.3.42" },
            ["nanoFramework.System.Net"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.System.Text 1.3.42", "nanoFramework.System.Threading 1.1.52", "nanoFramework.System.IO.Streams 1.1.96" },
            ["nanoFramework.System.Device.Wifi"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.System.Net 1.11.54" },
            ["nanoFramework.Hardware.Esp32"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37" },
            ["nanoFramework.M2Mqtt"] = new[] { "nanoFramework.CoreLibrary 1.17.11", "nanoFramework.Runtime.Events 1.11.37", "nanoFramework.Runtime.Native 1.7.11", "nanoFramework.System.Collections 1.5.75", "nanoFramework.System.Net 1.11.60" },
        };

        [Fact]
        public void EveryNamespaceTheDeviceCodeUsesComesFromADeclaredPackage()
        {
            Dictionary<string, string> declared = ReadPackages();
            ILookup<string, string> assembliesOfNamespace = ReadNamespaceTable();

            var problems = new List<string>();
            foreach ((string ns, string where) in UsedNamespaces())
            {
                List<string> packages = assembliesOfNamespace[ns].Select(a => PackageOfAssembly[a]).Distinct().ToList();
                if (packages.Count == 0)
                {
                    problems.Add(ns + " (" + where + "): no pinned package declares it");
                }
                else if (!packages.Any(declared.ContainsKey))
                {
                    problems.Add(ns + " (" + where + "): needs one of " + string.Join(", ", packages) + " in packages.config");
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void EveryAllowListedDeviceApiComesFromADeclaredPackage()
        {
            Dictionary<string, string> declared = ReadPackages();

            List<string> missing = DeviceApp.DeviceEntries()
                .Where(e => !PackageOfAssembly.ContainsKey(e.Assembly) || !declared.ContainsKey(PackageOfAssembly[e.Assembly]))
                .Select(e => e.Assembly + " " + e.Id).ToList();

            Assert.True(missing.Count == 0, "allow-listed APIs whose package is not in packages.config: " + string.Join(", ", missing));
        }

        [Fact]
        public void EveryPackageHasItsReferencesAtTheSameVersionAndEveryReferenceItsPackage()
        {
            Dictionary<string, string> packages = ReadPackages();
            List<(string Assembly, string AssemblyVersion, string HintPath)> references = ReadReferences();
            var problems = new List<string>();
            var referenced = new HashSet<string>(StringComparer.Ordinal);

            foreach ((string assembly, string assemblyVersion, string hintPath) in references)
            {
                Match hint = HintPathPattern().Match(hintPath);
                if (!hint.Success)
                {
                    problems.Add(assembly + ": HintPath '" + hintPath + "' is not ..\\packages\\<id>.<version>\\lib\\<assembly>.dll");
                    continue;
                }

                string id = hint.Groups["id"].Value;
                string version = hint.Groups["version"].Value;
                referenced.Add(id);
                if (!packages.TryGetValue(id, out string? pinned) || pinned != version)
                {
                    problems.Add(assembly + ": HintPath names " + id + " " + version + ", packages.config has " + (pinned ?? "nothing"));
                }

                if (hint.Groups["dll"].Value != assembly || !PackageOfAssembly.TryGetValue(assembly, out string? owner) || owner != id)
                {
                    problems.Add(assembly + ": HintPath " + hintPath + " does not ship this assembly");
                }

                if (!assemblyVersion.StartsWith(version + ".", StringComparison.Ordinal))
                {
                    problems.Add(assembly + ": Reference Version=" + assemblyVersion + " is not package version " + version);
                }
            }

            problems.AddRange(packages.Keys.Where(id => !referenced.Contains(id)).Select(id => id + ": in packages.config, no <Reference>"));
            problems.AddRange(PackageOfAssembly.Where(p => packages.ContainsKey(p.Value) && !references.Any(r => r.Assembly == p.Key))
                .Select(p => p.Value + ": ships " + p.Key + ".dll, which has no <Reference>"));
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void PackagesFormOneConsistentSet()
        {
            Dictionary<string, string> packages = ReadPackages();
            XDocument config = XDocument.Load(TestFiles.PackagesConfig);
            var problems = new List<string>();

            problems.AddRange(config.Descendants("package").Where(p => (string?)p.Attribute("targetFramework") != "netnano1.0")
                .Select(p => (string?)p.Attribute("id") + ": targetFramework must be netnano1.0"));
            foreach (string id in packages.Keys)
            {
                if (!Dependencies.TryGetValue(id, out string[]? needs))
                {
                    problems.Add(id + ": no recorded dependencies (add its nuspec's to this test)");
                    continue;
                }

                foreach (string need in needs)
                {
                    string[] parts = need.Split(' ');
                    if (!packages.TryGetValue(parts[0], out string? have) || Version.Parse(have) < Version.Parse(parts[1]))
                    {
                        problems.Add(id + " needs " + parts[0] + " >= " + parts[1] + ", packages.config has " + (have ?? "nothing"));
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void NfprojCompilesExactlyTheSourceFilesOnDisk()
        {
            List<string> listed = XDocument.Load(TestFiles.AppProject).Descendants().Where(e => e.Name.LocalName == "Compile")
                .Select(e => Path.GetFullPath(Path.Combine(TestFiles.AppFolder, ((string)e.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
            IReadOnlyList<string> onDisk = DeviceApp.AppSourceFiles();

            Assert.Equal(onDisk.Select(DeviceApp.Relative).OrderBy(f => f, StringComparer.Ordinal), listed.Select(DeviceApp.Relative).OrderBy(f => f, StringComparer.Ordinal));
            Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        }

        [Fact]
        public void NfprojImportsTheSharedCoreAndFollowsTheSampleLayout()
        {
            XDocument project = XDocument.Load(TestFiles.AppProject);
            List<XElement> imports = project.Descendants().Where(e => e.Name.LocalName == "Import").ToList();
            XElement? shared = imports.SingleOrDefault(e => (string?)e.Attribute("Label") == "Shared");

            Assert.NotNull(shared);
            Assert.Equal(@"..\SmartBin.Firmware.Core\SmartBin.Firmware.Core.projitems", (string?)shared!.Attribute("Project"));
            Assert.True(File.Exists(TestFiles.CoreProjitems));
            // nanoFramework project system: its props first, its C# targets last, the nanoFramework project type.
            Assert.EndsWith("NFProjectSystem.Default.props", (string?)imports.First().Attribute("Project"), StringComparison.Ordinal);
            Assert.EndsWith("NFProjectSystem.CSharp.targets", (string?)imports.Last().Attribute("Project"), StringComparison.Ordinal);
            string? typeGuids = project.Descendants().FirstOrDefault(e => e.Name.LocalName == "ProjectTypeGuids")?.Value;
            Assert.StartsWith("{11A8DD76-328B-46DF-9F39-F559912D0360}", typeGuids, StringComparison.Ordinal);
        }

        [Fact]
        public void NamespaceCheckSeesTheDeviceNamespacesTheAppImports()
        {
            // Guards the check above against finding nothing (it would then pass vacuously).
            var used = UsedNamespaces().Select(u => u.Namespace).ToHashSet(StringComparer.Ordinal);

            var expected = new HashSet<string>(StringComparer.Ordinal)
            {
                "nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt.Messages", "nanoFramework.Hardware.Esp32", "nanoFramework.Runtime.Native",
                "System.Device.Gpio", "System.Device.Spi", "System.Device.Wifi", "System.IO.Ports", "System.IO", "System.Net.NetworkInformation",
                "System.Security.Cryptography.X509Certificates", "System.Threading", "System",
            };

            Assert.True(used.IsSupersetOf(expected), "not seen: " + string.Join(", ", expected.Except(used)) + "; seen: " + string.Join(", ", used));
        }

        // Namespaces named by using directives or reached through qualified names, in the core and the app.
        private static List<(string Namespace, string Where)> UsedNamespaces()
        {
            List<(string Path, string Text)> sources = DeviceApp.Sources();
            List<SyntaxTree> trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, path: s.Path)).ToList();
            SyntaxTree surface = CSharpSyntaxTree.ParseText(File.ReadAllText(TestFiles.NanoFrameworkFile(DeviceApp.SurfaceFile)), path: DeviceApp.SurfaceFile);
            CSharpCompilation compilation = CSharpCompilation.Create("NamespaceScan", trees.Append(surface), Gate.HostReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var used = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (SyntaxTree tree in trees)
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    string? ns = node switch
                    {
                        UsingDirectiveSyntax u when u.Name is not null => u.Name.ToString(),
                        SimpleNameSyntax name => NamespaceOf(model.GetSymbolInfo(name).Symbol, compilation.Assembly),
                        _ => null,
                    };
                    if (ns is not null && !ns.StartsWith("SmartBin.", StringComparison.Ordinal) && ns != "SmartBin")
                    {
                        used.TryAdd(ns, tree.FilePath + ":" + (node.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
                    }
                }
            }

            return used.Select(p => (p.Key, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        }

        // The namespace of a type or member from outside the device code (.NET or the package surface).
        private static string? NamespaceOf(ISymbol? symbol, IAssemblySymbol deviceCode)
        {
            ITypeSymbol? type = symbol as ITypeSymbol ?? symbol?.ContainingType;
            while (type?.ContainingType is not null)
            {
                type = type.ContainingType;
            }

            if (type is null || type is IArrayTypeSymbol || type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace)
            {
                return null;
            }

            bool fromDeviceCode = SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, deviceCode)
                && type.Locations.All(l => l.SourceTree?.FilePath != DeviceApp.SurfaceFile);
            return fromDeviceCode ? null : type.ContainingNamespace.ToDisplayString();
        }

        private static Dictionary<string, string> ReadPackages() =>
            XDocument.Load(TestFiles.PackagesConfig).Descendants("package")
                .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!, StringComparer.Ordinal);

        private static List<(string Assembly, string AssemblyVersion, string HintPath)> ReadReferences() =>
            XDocument.Load(TestFiles.AppProject).Descendants().Where(e => e.Name.LocalName == "Reference")
                .Select(e =>
                {
                    string include = (string)e.Attribute("Include")!;
                    Match version = Regex.Match(include, @"Version=([0-9.]+)");
                    string hint = e.Elements().FirstOrDefault(c => c.Name.LocalName == "HintPath")?.Value ?? string.Empty;
                    return (include.Split(',')[0].Trim(), version.Success ? version.Groups[1].Value : string.Empty, hint);
                })
                .ToList();

        private static ILookup<string, string> ReadNamespaceTable() =>
            File.ReadAllLines(TestFiles.NanoFrameworkFile("package-namespaces.txt"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(' '))
                .ToLookup(p => p[1], p => p[0], StringComparer.Ordinal);

        [GeneratedRegex(@"^\.\.\\packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\(?<dll>[A-Za-z0-9.]+)\.dll$")]
        private static partial Regex HintPathPattern();
    }
}
