using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// Decides whether C# sources stay inside the nanoFramework 1.x subset, whose toolchain cannot run here.
    /// Compiles them with Roslyn against .NET's reference assemblies, then walks every symbol they declare or
    /// reference (including calls the compiler emits for them) and reports generics, async, LINQ, tuples,
    /// records, spans, nullable value types, string interpolation, dynamic, lock, conditional compilation, and
    /// any .NET type or member the allow-list does not name.
    /// </summary>
    public sealed class NanoFrameworkSubsetGate
    {
        private readonly AllowList _allowList;

        /// <summary>Creates a gate that accepts what <paramref name="allowList"/> names from outside the sources.</summary>
        public NanoFrameworkSubsetGate(AllowList allowList)
        {
            _allowList = allowList;
        }

        /// <summary>
        /// Analyzes the sources as one assembly. Returns no violation when they compile and stay in the subset;
        /// when they do not compile, returns only the compile errors.
        /// </summary>
        public IReadOnlyList<Violation> Analyze(IEnumerable<(string Path, string Text)> sources) =>
            Analyze(sources, Array.Empty<(string Path, string Text)>());

        /// <summary>
        /// Analyzes <paramref name="sources"/> compiled together with a reference surface: C# declarations standing
        /// in for assemblies the host does not have (nanoFramework's device packages). The surface only makes the
        /// sources bind: a call to anything it does not declare is a compile error, and every surface type or member
        /// the sources use must also be on the allow-list. The surface itself is not checked. A surface type with the
        /// full name of a .NET type (System.IO.File) takes its place for the sources (CS0436, a warning).
        /// </summary>
        public IReadOnlyList<Violation> Analyze(IEnumerable<(string Path, string Text)> sources, IEnumerable<(string Path, string Text)> referenceSurface)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            List<SyntaxTree> trees = sources
                .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path, Encoding.UTF8))
                .ToList();
            var surface = new HashSet<SyntaxTree>(referenceSurface
                .Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path, Encoding.UTF8)));
            CSharpCompilation compilation = CSharpCompilation.Create(
                "SmartBin.SubsetGate.Subject",
                trees.Concat(surface),
                HostReferences.All,
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    allowUnsafe: false));

            var sink = new ViolationSink();
            List<Diagnostic> errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                foreach (Diagnostic error in errors)
                {
                    sink.Report(GateCategory.CompileError, error.Location, error.Id, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                }

                return sink.Sorted();
            }

            var check = new SymbolChecker(compilation.Assembly, _allowList, sink, surface);
            var declarations = new DeclarationWalker(check);
            declarations.Walk(compilation.Assembly);
            foreach (SyntaxTree tree in trees)
            {
                ReportConditionalCompilation(tree, check);
                new OperationWalker(check, compilation.GetSemanticModel(tree), declarations).WalkTree(tree);
            }

            return sink.Sorted();
        }

        /// <summary>Formats violations one per line, for a test failure message.</summary>
        public static string FormatReport(IReadOnlyList<Violation> violations)
        {
            var report = new StringBuilder();
            report.Append(violations.Count).Append(" nanoFramework 1.x subset violation(s):").AppendLine();
            foreach (Violation violation in violations)
            {
                report.Append("  ").Append(violation).AppendLine();
            }

            return report.ToString();
        }

        // The gate sees only the branch .NET compiles; the device would compile another. Shared code has one branch.
        private static void ReportConditionalCompilation(SyntaxTree tree, SymbolChecker check)
        {
            foreach (SyntaxTrivia trivia in tree.GetRoot().DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.IfDirectiveTrivia) || trivia.IsKind(SyntaxKind.ElifDirectiveTrivia))
                {
                    check.Report(GateCategory.Unsupported, trivia.GetLocation(), trivia.ToString().Trim(),
                        "conditional compilation hides one branch from the gate; shared code must be the same on both targets");
                }
            }
        }
    }
}
