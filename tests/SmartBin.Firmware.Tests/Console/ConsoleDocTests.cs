using System.IO;
using SmartBin.Firmware.Core.Storage;
using Xunit;

namespace SmartBin.Firmware.Tests.Console
{
    public sealed class ConsoleDocTests
    {
        [Fact]
        public void The_console_doc_lists_every_setting_with_its_default()
        {
            string doc = File.ReadAllText(RepoPaths.File("docs/console.md"));
            foreach (ConfigKey key in ConfigSchema.Keys)
            {
                string expectedDefault = key.IsSecret ? "(secret)" : key.DefaultValue.Length == 0 ? "\"\"" : key.DefaultValue;
                Assert.Contains($"| `{key.Name}` |", doc);
                Assert.Matches($@"\| `{System.Text.RegularExpressions.Regex.Escape(key.Name)}` \| [^|]* \| {System.Text.RegularExpressions.Regex.Escape(expectedDefault)} \|", doc);
            }
        }
    }
}
