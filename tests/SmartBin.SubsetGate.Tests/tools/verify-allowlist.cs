#:package Microsoft.CodeAnalysis.CSharp
// Checks every entry of nanoframework-1x-allowlist.txt against a checkout of nanoFramework's CoreLibrary
// (github.com/nanoframework/CoreLibrary): an entry passes when it is a public API with that exact
// documentation-comment ID in BOTH mscorlib builds (with and without NANOCLR_REFLECTION).
// The CoreLibrary sources are only read and compiled in memory here; nothing of them enters this repository.
//
//   dotnet run tests/SmartBin.SubsetGate.Tests/tools/verify-allowlist.cs -- <CoreLibrary checkout> [allow-list]
//
// Exit code 0 when every entry is verified, 1 when some are not (they are printed), 2 on bad arguments.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

if (args.Length < 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: verify-allowlist.cs <CoreLibrary checkout> [allow-list file]");
    return 2;
}

string checkout = Path.GetFullPath(args[0]);
string allowListPath = args.Length > 1
    ? args[1]
    : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(AppContext.GetData("EntryPointFilePath") as string ?? "."))!, "..", "nanoframework-1x-allowlist.txt");

var builds = new (string Project, string[] Defines)[]
{
    ("nanoFramework.CoreLibrary/CoreLibrary.nfproj", new[] { "NANOCLR_REFLECTION" }),
    ("nanoFramework.CoreLibrary.NoReflection/CoreLibrary.NoReflection.nfproj", Array.Empty<string>()),
};

List<HashSet<string>> apis = builds.Select(b => PublicApi(Path.Combine(checkout, b.Project), b.Defines)).ToList();
List<string> entries = File.ReadAllLines(allowListPath)
    .Select(l => l.Trim())
    .Where(l => l.Length > 0 && !l.StartsWith('#'))
    .ToList();
List<string> unverified = entries.Where(e => apis.Any(api => !api.Contains(e))).ToList();
foreach (string entry in unverified)
{
    Console.WriteLine("NOT IN BOTH mscorlib BUILDS: " + entry);
}

Console.WriteLine($"{entries.Count - unverified.Count} of {entries.Count} allow-list entries verified against {checkout}");
return unverified.Count == 0 ? 0 : 1;

static HashSet<string> PublicApi(string project, string[] defines)
{
    string folder = Path.GetDirectoryName(project)!;
    var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: defines);
    List<SyntaxTree> trees = XDocument.Load(project).Descendants()
        .Where(e => e.Name.LocalName == "Compile")
        .Select(e => Path.GetFullPath(Path.Combine(folder, ((string)e.Attribute("Include")!).Replace('\\', '/'))))
        .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f))
        .ToList();
    // mscorlib defines System.Object itself, so it compiles with no references at all.
    CSharpCompilation compilation = CSharpCompilation.Create("mscorlib", trees, Array.Empty<MetadataReference>(),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
    int errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    if (errors > 0)
    {
        throw new InvalidOperationException($"{project}: {errors} compile errors; is this a CoreLibrary checkout?");
    }

    var ids = new HashSet<string>(StringComparer.Ordinal);
    AddTypes(compilation.Assembly.GlobalNamespace, ids);
    return ids;
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
