using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace SmartBin.Fuzz.Engine;

/// <summary>The repository's docs, found from the program's folder or this file's compile-time location.</summary>
internal static partial class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>The <c>&lt;!-- example: name --&gt;</c> JSON blocks of docs/protocol.md.</summary>
    public static IReadOnlyDictionary<string, string> ProtocolExamples()
    {
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ExampleBlock().Matches(Read("docs/protocol.md")))
        {
            examples.Add(m.Groups["name"].Value, m.Groups["json"].Value.Trim());
        }
        return examples;
    }

    /// <summary>The reason codes of docs/protocol.md's Rejections table (rows <c>| `code` | when |</c>).</summary>
    public static HashSet<string> ProtocolRejectionReasons()
    {
        var text = Read("docs/protocol.md");
        var table = text[text.IndexOf("## Rejections", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in TableCode().Matches(table))
        {
            reasons.Add(m.Groups["code"].Value);
        }
        return reasons;
    }

    /// <summary>Every <c>error &lt;code&gt;</c> docs/console.md names, in backticks or its Bad input table.</summary>
    public static HashSet<string> ConsoleErrorCodes()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in ConsoleError().Matches(Read("docs/console.md")))
        {
            codes.Add(m.Groups["code"].Value);
        }
        return codes;
    }

    [GeneratedRegex(@"<!-- example: (?<name>[a-z-]+) -->\s*```json\s*\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"^\| `(?<code>[a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableCode();

    [GeneratedRegex(@"`error (?<code>[a-z0-9-]+)")]
    private static partial Regex ConsoleError();

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "", Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SmartBin.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("SmartBin.sln not found above " + AppContext.BaseDirectory);
    }
}
