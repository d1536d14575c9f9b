using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SmartBin.SubsetGate.Tests.Gate;
using Xunit;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>The allow-list file itself: well formed, consistent, naming real .NET APIs, and free of forbidden ones.</summary>
    public sealed class AllowListTests
    {
        private static readonly Lazy<AllowList> File = new(() => AllowList.Load(TestFiles.AllowListPath));

        [Theory]
        [InlineData("System.String")]
        [InlineData("X:System.String")]
        [InlineData("M:System.String.Trim ()")]
        [InlineData("T:")]
        public void MalformedEntryIsRejected(string line)
        {
            Assert.Throws<FormatException>(() => AllowList.Parse(new[] { "# comment", string.Empty, line }));
        }

        [Fact]
        public void RepeatedEntryIsRejected()
        {
            Assert.Throws<FormatException>(() => AllowList.Parse(new[] { "T:System.String", "T:System.String" }));
        }

        [Fact]
        public void EveryMemberEntryHasItsTypeListed()
        {
            List<string> orphans = File.Value.Ids
                .Where(id => !id.StartsWith("T:", StringComparison.Ordinal))
                .Where(id => !File.Value.Contains("T:" + ContainingTypeName(id)))
                .ToList();

            Assert.True(orphans.Count == 0, "members whose type is not listed: " + string.Join(", ", orphans));
        }

        [Fact]
        public void EveryEntryNamesAPublicDotNetApi()
        {
            CSharpCompilation host = CSharpCompilation.Create("AllowListCheck", references: HostReferences.All);

            List<string> unknown = File.Value.Ids.Where(id => !ExistsOnHost(host, id)).ToList();

            Assert.True(unknown.Count == 0, "not a public .NET API (typo, or a device-only signature no host code can bind to): " + string.Join(", ", unknown));
        }

        [Theory]
        [InlineData("T:System.Math")]
        [InlineData("T:System.Text.StringBuilder")]
        [InlineData("T:System.Text.Encoding")]
        [InlineData("T:System.Collections.Hashtable")]
        [InlineData("T:System.Decimal")]
        [InlineData("T:System.Threading.Monitor")]
        [InlineData("T:System.Nullable`1")]
        [InlineData("T:System.Span`1")]
        [InlineData("T:System.Threading.Tasks.Task")]
        [InlineData("T:System.Linq.Enumerable")]
        [InlineData("M:System.String.Format(System.String,System.Object)")]
        [InlineData("M:System.String.Format(System.String,System.Object[])")]
        [InlineData("M:System.String.Split(System.Char,System.StringSplitOptions)")]
        [InlineData("M:System.Char.IsDigit(System.Char)")]
        [InlineData("M:System.Array.Clone")]
        public void ForbiddenOrAbsentApiIsNotListed(string id)
        {
            Assert.False(File.Value.Contains(id), id + " must stay off the nanoFramework 1.x allow-list");
        }

        private static bool ExistsOnHost(Compilation host, string id)
        {
            INamedTypeSymbol? type = FindType(host, id.StartsWith("T:", StringComparison.Ordinal) ? id.Substring(2) : ContainingTypeName(id));
            if (type is null || type.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            // Compare against each member's own ID: Roslyn's ID lookup misses [IndexerName] indexers (String.Chars).
            return id.StartsWith("T:", StringComparison.Ordinal)
                || type.GetMembers().Any(m => m.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected
                    && m.GetDocumentationCommentId() == id);
        }

        // Nested types appear as Outer.Inner in IDs and Outer+Inner in metadata names.
        private static INamedTypeSymbol? FindType(Compilation host, string name)
        {
            for (int dot = name.Length; dot > 0; dot = name.LastIndexOf('.', dot - 1))
            {
                string metadataName = name.Substring(0, dot) + name.Substring(dot).Replace('.', '+');
                if (host.GetTypeByMetadataName(metadataName) is INamedTypeSymbol found)
                {
                    return found;
                }
            }

            return null;
        }

        private static string ContainingTypeName(string memberId)
        {
            string body = memberId.Substring(2);
            int parameters = body.IndexOf('(', StringComparison.Ordinal);
            if (parameters >= 0)
            {
                body = body.Substring(0, parameters);
            }

            return body.Substring(0, body.LastIndexOf('.'));
        }
    }
}
