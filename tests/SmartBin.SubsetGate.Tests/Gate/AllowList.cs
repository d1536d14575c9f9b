using System;
using System.Collections.Generic;
using System.IO;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>
    /// The types and members the shared firmware code may use from outside its own sources, one
    /// documentation-comment ID per line (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>).
    /// Lines starting with <c>#</c> are comments.
    /// </summary>
    public sealed class AllowList
    {
        private static readonly string[] Prefixes = { "T:", "M:", "P:", "F:", "E:" };
        private readonly HashSet<string> _ids;

        private AllowList(HashSet<string> ids)
        {
            _ids = ids;
        }

        /// <summary>Every ID on the list.</summary>
        public IReadOnlyCollection<string> Ids => _ids;

        /// <summary>Reads an allow-list file.</summary>
        public static AllowList Load(string path) => Parse(File.ReadAllLines(path));

        /// <summary>Parses allow-list lines; throws <see cref="FormatException"/> on a malformed or repeated entry.</summary>
        public static AllowList Parse(IEnumerable<string> lines)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            int lineNumber = 0;
            foreach (string raw in lines)
            {
                lineNumber++;
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                if (!HasKnownPrefix(line) || line.Length == 2 || line.Contains(' ', StringComparison.Ordinal))
                {
                    throw new FormatException($"allow-list line {lineNumber}: '{line}' is not a documentation-comment ID");
                }

                if (!ids.Add(line))
                {
                    throw new FormatException($"allow-list line {lineNumber}: '{line}' is listed twice");
                }
            }

            return new AllowList(ids);
        }

        /// <summary>True when the ID is on the list.</summary>
        public bool Contains(string documentationId) => _ids.Contains(documentationId);

        private static bool HasKnownPrefix(string line)
        {
            foreach (string prefix in Prefixes)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
