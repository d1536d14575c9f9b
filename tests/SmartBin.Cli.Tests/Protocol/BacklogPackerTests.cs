using System.Linq;
using System.Text;
using SmartBin.Cli.Protocol;
using Xunit;

namespace SmartBin.Cli.Tests.Protocol
{
    /// <summary>Backlog lines stay within the console's limits: 16 commands, 256 bytes with the request id.</summary>
    public sealed class BacklogPackerTests
    {
        [Fact]
        public void Many_settings_pack_into_lines_within_256_bytes_and_16_commands_in_order()
        {
            var commands = Enumerable.Range(0, 40).Select(i => BacklogPacker.SetCommand("fill.fullPercent", new string('9', i % 7 + 1))).ToList();
            var batches = BacklogPacker.Pack(commands);
            Assert.Equal(commands, batches.SelectMany(b => b).ToList());
            foreach (var batch in batches)
            {
                Assert.InRange(batch.Count, 1, 16);
                string line = "@" + new string('x', 16) + " backlog " + string.Join("; ", batch);
                Assert.True(Encoding.UTF8.GetByteCount(line) <= 256, line);
            }
        }

        [Fact]
        public void A_value_holding_a_semicolon_goes_alone()
        {
            var batches = BacklogPacker.Pack(new[] { "set a 1", "set wifi.password x;y", "set b 2" });
            Assert.Equal(3, batches.Count);
            Assert.Equal(new[] { "set wifi.password x;y" }, batches[1]);
        }

        [Theory]
        [InlineData("", "set k \"\"")]
        [InlineData(" lead", "set k \" lead\"")]
        [InlineData("\"q\"", "set k \"\"q\"\"")]
        [InlineData("Block 3 AP", "set k Block 3 AP")]
        public void Values_the_console_would_misread_are_quoted(string value, string command)
        {
            Assert.Equal(command, BacklogPacker.SetCommand("k", value));
        }
    }
}
