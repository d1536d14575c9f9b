using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SmartBin.SubsetGate.Tests.Gate
{
    /// <summary>Collects violations, one per (file, line, category, symbol), in source order.</summary>
    internal sealed class ViolationSink
    {
        private readonly HashSet<(string Path, int Line, GateCategory Category, string Symbol)> _seen = new();
        private readonly List<Violation> _ordered = new();

        public void Report(GateCategory category, Location? location, string symbol, string reason)
        {
            (string path, int line) = Place(location);
            var violation = new Violation(path, line, category, symbol, reason);
            if (_seen.Add((path, line, category, symbol)))
            {
                _ordered.Add(violation);
            }
        }

        public IReadOnlyList<Violation> Sorted() =>
            _ordered
                .OrderBy(v => v.Path, StringComparer.Ordinal)
                .ThenBy(v => v.Line)
                .ThenBy(v => v.Category)
                .ThenBy(v => v.Symbol, StringComparer.Ordinal)
                .ToList();

        private static (string Path, int Line) Place(Location? location)
        {
            if (location is null || !location.IsInSource)
            {
                return ("<no source location>", 0);
            }

            FileLinePositionSpan span = location.GetLineSpan();
            return (span.Path, span.StartLinePosition.Line + 1);
        }
    }
}
