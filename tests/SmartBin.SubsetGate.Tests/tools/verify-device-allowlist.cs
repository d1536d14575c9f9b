#:package Microsoft.CodeAnalysis.CSharp
// Checks nanoframework-device-allowlist.txt (the nanoFramework APIs the device application may call) against the
// sources of the nanoFramework packages pinned in firmware/SmartBin.Firmware/packages.config: each package's
// .nfproj is compiled in memory (CoreLibrary first, then each package against the ones it references), and an
// entry passes when it is a public API with that exact documentation-comment ID in the assembly its section names.
// The sources are only read and compiled in memory; nothing of them enters this repository.
//
//   dotnet run tests/SmartBin.SubsetGate.Tests/tools/verify-device-allowlist.cs -- <root> [allow-list]
//   dotnet run tests/SmartBin.SubsetGate.Tests/tools/verify-device-allowlist.cs -- <root> --dump
//   dotnet run tests/SmartBin.SubsetGate.Tests/tools/verify-device-allowlist.cs -- <root> --namespaces
//
// <root> holds one checkout per repository, at the tag of the pinned version, in folders named as below
// (e.g. <root>/System.Device.Spi = github.com/nanoframework/System.Device.Spi at v1.3.89).
// Exit code 0 when every entry is verified, 1 when some are not (they are printed), 2 on bad arguments.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

// Assembly name, checkout folder, project inside it, assemblies it references (built earlier in this list).
var builds = new (string Assembly, string Folder, string Project, string[] References)[]
{
    ("mscorlib", "CoreLibrary", "nanoFramework.CoreLibrary/CoreLibrary.nfproj", Array.Empty<string>()),
    ("nanoFramework.Runtime.Events", "nanoFramework.Runtime.Events", "nanoFramework.Runtime.Events/nanoFramework.Runtime.Events.nfproj", new[] { "mscorlib" }),
    ("nanoFramework.Runtime.Native", "nanoFramework.Runtime.Native", "nanoFramework.Runtime.Native/nanoFramework.Runtime.Native.nfproj", new[] { "mscorlib" }),
    ("nanoFramework.System.Text", "nanoFramework.System.Text", "nanoFramework.System.Text/nanoFramework.System.Text.nfproj", new[] { "mscorlib" }),
    ("nanoFramework.System.Collections", "nanoFramework.System.Collections", "nanoFramework.System.Collections/nanoFramework.System.Collections.nfproj", new[] { "mscorlib" }),
    ("System.Threading", "System.Threading", "nanoFramework.System.Threading/nanoFramework.System.Threading.nfproj", new[] { "mscorlib" }),
    ("System.IO.Streams", "System.IO.Streams", "System.IO.Streams/System.IO.Streams.nfproj", new[] { "mscorlib", "nanoFramework.System.Text" }),
    ("System.Device.Gpio", "System.Device.Gpio", "System.Device.Gpio/System.Device.Gpio.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events" }),
    ("System.Device.Spi", "System.Device.Spi", "System.Device.Spi/System.Device.Spi.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events", "System.Device.Gpio" }),
    ("System.IO.Ports", "System.IO.Ports", "System.IO.Ports/System.IO.Ports.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events", "nanoFramework.System.Text", "System.IO.Streams" }),
    ("System.IO.FileSystem", "System.IO.FileSystem", "System.IO.FileSystem/System.IO.FileSystem.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events", "nanoFramework.System.Text", "System.IO.Streams" }),
    ("System.Net", "System.Net", "nanoFramework.System.Net/System.Net.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events", "nanoFramework.System.Text", "System.IO.Streams", "System.Threading" }),
    ("System.Device.Wifi", "System.Device.Wifi", "System.Device.Wifi/System.Device.Wifi.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events", "nanoFramework.System.Text", "System.IO.Streams", "System.Net", "System.Threading" }),
    ("nanoFramework.Hardware.Esp32", "nanoFramework.Hardware.Esp32", "nanoFramework.Hardware.Esp32/nanoFramework.Hardware.Esp32.nfproj", new[] { "mscorlib", "nanoFramework.Runtime.Events" }),
    ("nanoFramework.M2Mqtt.Core", "nanoFramework.m2mqtt", "nanoFramework.M2Mqtt.Core/nanoFramework.M2Mqtt.Core.nfproj", new[] { "mscorlib" }),
    ("nanoFramework.M2Mqtt", "nanoFramework.m2mqtt", "M2Mqtt/nanoFramework.M2Mqtt.nfproj", new[] { "mscorlib", "nanoFramework.M2Mqtt.Core", "nanoFramework.Runtime.Events", "nanoFramework.Runtime.Native", "nanoFramework.System.Collections", "nanoFramework.System.Text", "System.IO.Streams", "System.Net", "System.Threading" }),
};

if (args.Length < 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: verify-device-allowlist.cs <root of checkouts> [allow-list file | --dump | --namespaces]");
    return 2;
}

string root = Path.GetFullPath(args[0]);
var compiled = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
var apiByAssembly = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
foreach (var build in builds)
{
    CSharpCompilation compilation = Compile(Path.Combine(root, build.Folder, build.Project), build.Assembly,
        build.References.Select(r => compiled[r].ToMetadataReference()).ToArray());
    compiled[build.Assembly] = compilation;
    var ids = new HashSet<string>(StringComparer.Ordinal);
    AddTypes(compilation.Assembly.GlobalNamespace, ids);
    apiByAssembly[build.Assembly] = ids;
}

string mode = args.Length > 1 ? args[1] : Path.Combine(
    Path.GetDirectoryName(Path.GetFullPath(AppContext.GetData("EntryPointFilePath") as string ?? "."))!, "..", "nanoframework-device-allowlist.txt");
if (mode == "--dump")
{
    foreach (var pair in apiByAssembly)
    {
        foreach (string id in pair.Value.OrderBy(i => i, StringComparer.Ordinal))
        {
            Console.WriteLine(pair.Key + " " + id);
        }
    }

    return 0;
}

if (mode == "--namespaces")
{
    foreach (var pair in apiByAssembly)
    {
        // A nested type's ID names its outer type where the namespace would be: drop those prefixes.
        foreach (string ns in pair.Value.Where(i => i.StartsWith("T:", StringComparison.Ordinal))
            .Select(i => i.Substring(2)).Select(t => t.Substring(0, Math.Max(0, t.LastIndexOf('.'))))
            .Where(n => !pair.Value.Contains("T:" + n)).Distinct().OrderBy(n => n, StringComparer.Ordinal))
        {
            Console.WriteLine(pair.Key + " " + ns);
        }
    }

    return 0;
}

// Sections of the allow-list start with "# assembly: <name>"; entries below belong to that assembly.
string? section = null;
int entries = 0;
var unverified = new List<string>();
foreach (string raw in File.ReadAllLines(mode))
{
    string line = raw.Trim();
    if (line.StartsWith("# assembly:", StringComparison.Ordinal))
    {
        section = line.Substring("# assembly:".Length).Trim();
        continue;
    }

    if (line.Length == 0 || line.StartsWith('#'))
    {
        continue;
    }

    entries++;
    if (section is null || !apiByAssembly.TryGetValue(section, out HashSet<string>? api) || !api.Contains(line))
    {
        unverified.Add((section ?? "<no section>") + " " + line);
    }
}

foreach (string entry in unverified)
{
    Console.WriteLine("NOT A PUBLIC API OF ITS ASSEMBLY: " + entry);
}

Console.WriteLine($"{entries - unverified.Count} of {entries} device allow-list entries verified against {root}");
return unverified.Count == 0 ? 0 : 1;

static CSharpCompilation Compile(string project, string assemblyName, MetadataReference[] references)
{
    string folder = Path.GetDirectoryName(project)!;
    XDocument document = XDocument.Load(project);
    string[] defines = document.Descendants().Where(e => e.Name.LocalName == "DefineConstants")
        .SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Where(d => !d.StartsWith('$')).ToArray();
    var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: defines);
    List<SyntaxTree> trees = document.Descendants()
        .Where(e => e.Name.LocalName == "Compile")
        .Select(e => Path.GetFullPath(Path.Combine(folder, ((string)e.Attribute("Include")!).Replace('\\', '/'))))
        .Where(File.Exists)
        .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f))
        .ToList();
    CSharpCompilation compilation = CSharpCompilation.Create(assemblyName, trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
    // Only declarations matter here; a body that does not bind (a missing internal helper) cannot change an API's ID,
    // but a signature naming an unknown type can: those are reported.
    List<Diagnostic> errors = compilation.GetDeclarationDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    foreach (Diagnostic error in errors.Take(5))
    {
        Console.Error.WriteLine(assemblyName + ": " + error);
    }

    return compilation;
}

static void AddTypes(INamespaceOrTypeSymbol container, HashSet<string> ids)
{
    foreach (ISymbol member in container.GetMembers())
    {
        if (member is INamespaceSymbol ns)
        {
            AddTypes(ns, ids);
        }
        else if (member is INamedTypeSymbol type && IsVisible(type))
        {
            ids.Add(type.GetDocumentationCommentId()!);
            foreach (ISymbol typeMember in type.GetMembers().Where(m => m is not INamedTypeSymbol && IsVisible(m)))
            {
                bool structDefaultConstructor = typeMember is IMethodSymbol { MethodKind: MethodKind.Constructor, IsImplicitlyDeclared: true } && type.IsValueType;
                if (!structDefaultConstructor && typeMember.GetDocumentationCommentId() is string id)
                {
                    ids.Add(id);
                }
            }

            AddTypes(type, ids);
        }
    }
}

static bool IsVisible(ISymbol symbol) =>
    symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
