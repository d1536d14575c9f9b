using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SmartBin.SubsetGate.Tests.Gate;
using Xunit;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>
    /// Proves the gate discriminates: a sample full of forbidden constructs is reported line by line and
    /// category by category, and a sample using only allowed ones passes.
    /// </summary>
    public sealed class GateSampleTests
    {
        private const string BadSampleFile = "BadSample.cs.txt";
        private const string MarkerPrefix = "// BAD:";
        private static readonly Lazy<string[]> BadLines = new(() => File.ReadAllLines(TestFiles.Sample(BadSampleFile)));
        private static readonly Lazy<IReadOnlyList<Violation>> BadViolations = new(() => Analyze(BadSampleFile));

        /// <summary>Marker key in the bad sample, the category it must be reported under, and a piece of the reported symbol.</summary>
        public static TheoryData<string, GateCategory, string> ForbiddenThings => new()
        {
            { "generic-class", GateCategory.Generic, "Box<T>" },
            { "list", GateCategory.Generic, "List<int>" },
            { "generic-method", GateCategory.Generic, "First<T>" },
            { "anonymous", GateCategory.Generic, "Grams" },
            { "async", GateCategory.Async, "LoadAsync" },
            { "await", GateCategory.Async, "await Task.Delay(1)" },
            { "linq", GateCategory.Linq, "System.Linq.Enumerable.Max" },
            { "query", GateCategory.Linq, "from g in grams" },
            { "tuple", GateCategory.Tuple, "(int, int)" },
            { "record", GateCategory.Record, "Reading" },
            { "span", GateCategory.Span, "Span<byte>" },
            { "span-use", GateCategory.Span, "Span<byte>.Length" },
            { "nullable", GateCategory.NullableValueType, "int?" },
            { "interpolation", GateCategory.StringInterpolation, "$\"grams={grams}\"" },
            { "format", GateCategory.NotAllowed, "M:System.String.Format(System.String,System.Object)" },
            { "lock", GateCategory.Lock, "lock" },
            { "math", GateCategory.NotAllowed, "M:System.Math.Abs(System.Int32)" },
            { "stringbuilder", GateCategory.NotAllowed, "T:System.Text.StringBuilder" },
            { "split", GateCategory.NotAllowed, "M:System.String.Split(System.Char,System.StringSplitOptions)" },
            { "enum-text", GateCategory.NotAllowed, "M:System.Enum.ToString" },
            { "dynamic", GateCategory.Dynamic, "dynamic" },
            { "iterator", GateCategory.Unsupported, "Numbers()" },
            { "multidim", GateCategory.Unsupported, "int[*,*]" },
            { "ifdef", GateCategory.Unsupported, "#if DEBUG" },
        };

        [Theory]
        [MemberData(nameof(ForbiddenThings))]
        public void BadSampleIsReportedForEachForbiddenThing(string key, GateCategory category, string symbolPart)
        {
            int line = MarkedLine(key);
            List<Violation> onLine = BadViolations.Value.Where(v => v.Line == line).ToList();

            Assert.True(
                onLine.Any(v => v.Category == category && v.Symbol.Contains(symbolPart, StringComparison.Ordinal)),
                $"expected [{category}] '{symbolPart}' on {BadSampleFile}:{line}; on that line the gate reported "
                + (onLine.Count == 0 ? "nothing" : Environment.NewLine + NanoFrameworkSubsetGate.FormatReport(onLine)));
        }

        [Fact]
        public void BadSampleIsReportedOnlyOnMarkedLines()
        {
            var markedLines = new HashSet<int>(Enumerable.Range(1, BadLines.Value.Length).Where(n => BadLines.Value[n - 1].Contains(MarkerPrefix, StringComparison.Ordinal)));

            List<Violation> unexpected = BadViolations.Value.Where(v => !markedLines.Contains(v.Line)).ToList();

            Assert.True(unexpected.Count == 0, "reported on unmarked lines: " + NanoFrameworkSubsetGate.FormatReport(unexpected));
        }

        [Fact]
        public void EveryMarkerInTheBadSampleIsExpectedAndEveryCategoryIsCovered()
        {
            var expectedKeys = ForbiddenThings.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
            List<string> markedKeys = BadLines.Value
                .Where(l => l.Contains(MarkerPrefix, StringComparison.Ordinal))
                .SelectMany(l => l.Substring(l.IndexOf(MarkerPrefix, StringComparison.Ordinal) + MarkerPrefix.Length)
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToList();
            var coveredCategories = ForbiddenThings.Select(row => (GateCategory)row[1]).ToHashSet();

            Assert.Equal(expectedKeys.OrderBy(k => k, StringComparer.Ordinal), markedKeys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(
                Enum.GetValues<GateCategory>().Where(c => c != GateCategory.CompileError),
                coveredCategories.OrderBy(c => c));
        }

        [Fact]
        public void GoodSamplePassesTheGate()
        {
            IReadOnlyList<Violation> violations = Analyze("GoodSample.cs.txt");

            Assert.True(violations.Count == 0, NanoFrameworkSubsetGate.FormatReport(violations));
        }

        [Fact]
        public void SourcesThatDoNotCompileAreReportedAsCompileErrorsOnly()
        {
            const string Broken = "namespace N { public sealed class C { public int M() => Missing(); } }";

            IReadOnlyList<Violation> violations = TestFiles.CreateGate().Analyze(new[] { ("Broken.cs", Broken) });

            Assert.NotEmpty(violations);
            Assert.All(violations, v => Assert.Equal(GateCategory.CompileError, v.Category));
            Assert.Contains(violations, v => v.Symbol == "CS0103" && v.Path == "Broken.cs" && v.Line == 1);
        }

        private static IReadOnlyList<Violation> Analyze(string sampleFile) =>
            TestFiles.CreateGate().Analyze(new[] { (sampleFile, File.ReadAllText(TestFiles.Sample(sampleFile))) });

        private static int MarkedLine(string key)
        {
            string[] lines = BadLines.Value;
            for (int i = 0; i < lines.Length; i++)
            {
                int marker = lines[i].IndexOf(MarkerPrefix, StringComparison.Ordinal);
                if (marker >= 0 && lines[i].Substring(marker + MarkerPrefix.Length).Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(key))
                {
                    return i + 1;
                }
            }

            throw new InvalidOperationException($"{BadSampleFile} has no '{MarkerPrefix} {key}' marker");
        }
    }
}
