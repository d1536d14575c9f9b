using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>docs/protocol.md and its <c>&lt;!-- example: name --&gt;</c> json blocks, found from the test's output or source folder.</summary>
internal static partial class ProtocolDoc
{
    /// <summary>The repository root (holds SmartBin.sln).</summary>
    public static string RepoRoot => RepoPaths.Root;

    /// <summary>Path of docs/protocol.md.</summary>
    public static string Path => System.IO.Path.Combine(RepoRoot, "docs", "protocol.md");

    /// <summary>Example blocks by name, text trimmed.</summary>
    public static IReadOnlyDictionary<string, string> Examples { get; } = LoadExamples();

    /// <summary>An example as UTF-8 bytes.</summary>
    public static byte[] Bytes(string name) => Encoding.UTF8.GetBytes(Examples[name]);

    [GeneratedRegex(@"<!-- example: (?<name>[a-z-]+) -->\s*```json\s*\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Block();

    private static Dictionary<string, string> LoadExamples()
    {
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Block().Matches(File.ReadAllText(Path)))
        {
            examples.Add(m.Groups["name"].Value, m.Groups["json"].Value.Trim());
        }
        return examples;
    }
}
