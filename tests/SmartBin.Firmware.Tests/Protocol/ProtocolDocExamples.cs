using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace SmartBin.Firmware.Tests.Protocol
{
    /// <summary>The ```json blocks of docs/protocol.md, by the name in the marker line above each.</summary>
    internal static class ProtocolDocExamples
    {
        private static readonly Regex Block = new(@"<!-- example: (?<name>[a-z-]+) -->\s*```json\s*\n(?<json>.*?)\n```", RegexOptions.Singleline);

        public static IReadOnlyDictionary<string, string> All { get; } = Load();

        private static Dictionary<string, string> Load()
        {
            var examples = new Dictionary<string, string>();
            foreach (Match m in Block.Matches(File.ReadAllText(RepoPaths.File("docs/protocol.md"))))
            {
                examples.Add(m.Groups["name"].Value, m.Groups["json"].Value.Trim());
            }

            return examples;
        }
    }
}
