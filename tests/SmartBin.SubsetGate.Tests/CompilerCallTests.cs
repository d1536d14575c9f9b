using System.Collections.Generic;
using System.IO;
using System.Linq;
using SmartBin.SubsetGate.Tests.Gate;
using Xunit;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>
    /// Calls the compiler emits without the source naming them must be checked too: each snippet passes with
    /// the full allow-list and fails, naming exactly the removed entry, once that one entry is taken away.
    /// </summary>
    public sealed class CompilerCallTests
    {
        /// <summary>A class member using a construct, and the allow-list entry its compiled form needs.</summary>
        public static TheoryData<string, string> ImplicitCalls => new()
        {
            { "string M(string a, string b) => a + b;", "M:System.String.Concat(System.String,System.String)" },
            { "string M(string a, string b, string c, string d, string e) => a + b + c + d + e;", "M:System.String.Concat(System.String[])" },
            { "string M(string a, int grams) => a + grams;", "M:System.Int32.ToString" },
            { "string M(string a, char unit) => a + unit;", "M:System.Char.ToString" },
            { "string M(string a, object o) => a + o;", "M:System.Object.ToString" },
            { "string M(string a, System.TimeSpan t) => a + t;", "M:System.TimeSpan.ToString" },
            { "string M(string a, System.Exception e) => a + e;", "M:System.Exception.ToString" },
            { "void M(ref string a, long n) { a += n; }", "M:System.Int64.ToString" },
            { "bool M(string a, string b) => a == b;", "M:System.String.op_Equality(System.String,System.String)" },
            { "bool M(string a, string b) => a != b;", "M:System.String.op_Inequality(System.String,System.String)" },
            { "int M(string s) { switch (s) { case \"a\": return 1; default: return 0; } }", "M:System.String.op_Equality(System.String,System.String)" },
            { "bool M(object o) => o is \"a\";", "M:System.String.op_Equality(System.String,System.String)" },
            { "int M(string s) { int n = 0; foreach (char c in s) { n += c; } return n; }", "P:System.String.Chars(System.Int32)" },
            { "int M(System.Collections.ArrayList l) { int n = 0; foreach (object o in l) { n++; } return n; }", "M:System.Collections.IEnumerator.MoveNext" },
            { "int M(System.Collections.ArrayList l) { int n = 0; foreach (object o in l) { n++; } return n; }", "P:System.Collections.IEnumerator.Current" },
            { "int M(System.Collections.ArrayList l) { int n = 0; foreach (object o in l) { n++; } return n; }", "M:System.IDisposable.Dispose" },
            { "void M(System.IDisposable r) { using (r) { } }", "M:System.IDisposable.Dispose" },
            { "public event System.EventHandler? Changed;", "M:System.Delegate.Combine(System.Delegate,System.Delegate)" },
            { "System.EventHandler M(System.EventHandler a, System.EventHandler b) => a + b;", "M:System.Delegate.Combine(System.Delegate,System.Delegate)" },
            { "bool M(System.EventHandler a, System.EventHandler b) => a == b;", "M:System.Delegate.op_Equality(System.Delegate,System.Delegate)" },
            { "string M(int n) => n switch { 0 => \"zero\", _ => \"more\" };", "M:System.InvalidOperationException.#ctor" },
            { "System.TimeSpan M(System.DateTime a, System.DateTime b) => a - b;", "M:System.DateTime.op_Subtraction(System.DateTime,System.DateTime)" },
            { "bool M(System.TimeSpan a) => a < System.TimeSpan.Zero;", "M:System.TimeSpan.op_LessThan(System.TimeSpan,System.TimeSpan)" },
            { "int M(byte[] data) => data.Length;", "P:System.Array.Length" },
            { "static int M(params int[] values) => values.Length;", "M:System.ParamArrayAttribute.#ctor" },
            { "public override string ToString() => \"s\";", "M:System.Object.ToString" },
            { "public int Grams;", "M:System.Object.#ctor" },
            { "public string Label { get; init; } = \"\";", "T:System.Runtime.CompilerServices.IsExternalInit" },
        };

        [Theory]
        [MemberData(nameof(ImplicitCalls))]
        public void ImplicitCallIsCheckedAgainstTheAllowList(string member, string requiredId)
        {
            string source = "namespace N { public sealed class S { " + member + " } }";
            string[] lines = File.ReadAllLines(TestFiles.AllowListPath);
            Assert.Contains(requiredId, lines);

            IReadOnlyList<Violation> withFullList = new NanoFrameworkSubsetGate(AllowList.Parse(lines)).Analyze(new[] { ("S.cs", source) });
            IReadOnlyList<Violation> withoutEntry = new NanoFrameworkSubsetGate(AllowList.Parse(lines.Where(l => l != requiredId)))
                .Analyze(new[] { ("S.cs", source) });

            Assert.True(withFullList.Count == 0, NanoFrameworkSubsetGate.FormatReport(withFullList));
            Assert.True(
                withoutEntry.Any(v => v.Category == GateCategory.NotAllowed && v.Symbol == requiredId && v.Line == 1),
                "expected " + requiredId + " to be required; got " + NanoFrameworkSubsetGate.FormatReport(withoutEntry));
        }
    }
}
