using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>docs/protocol.md and its <c>&lt;!-- example: name --&gt;</c> json blocks, found from the test's output or source folder.</summary>
internal static partial class ProtocolDoc
{
    /// <summary>The repository root (holds SmartBin.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

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

    // With --artifacts-path the output folder lies outside the repository; the compile-time source path does not.
    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "SmartBin.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"SmartBin.sln not found above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
