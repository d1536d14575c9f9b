using System.Collections.Generic;
using System.Threading.Tasks;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Serial;
using SmartBin.Cli.Tests.Fixtures;
using Xunit;

namespace SmartBin.Cli.Tests.Pty
{
    /// <summary>
    /// The console client against the simulated bin over a real pty pair (socat), with the line faults the issue
    /// names injected through the simulator's control channel: echo, noise, partial lines, lost replies, and the
    /// bin rebooting mid-command.
    /// </summary>
    public sealed class ConsoleOverPtyTests
    {
        private const int TimeoutMs = 1500;

        [Fact]
        public async Task Requests_are_answered_through_echo_noise_and_replies_arriving_a_few_bytes_at_a_time()
        {
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd);
            using var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), TimeoutMs, 115200);
            await bin.DoAsync("echo on");
            await bin.DoAsync("chunked on");
            await bin.DoAsync(@"noise \x01\xfe garbage with no end");
            Assert.Equal(string.Empty, client.Request("set bin.id").Fields()["bin.id"]);
            int bootsAtStart = client.Reboots; // the start-up boot line may or may not have been read

            await bin.DoAsync(@"noise @zz9 ok\r\n{""not"":\r\n@");
            IReadOnlyDictionary<string, string> status = client.Request("status").Fields();
            Assert.Equal("1.0.0-sim", status["fw"]);
            Assert.StartsWith("esp32-sim", status["hw"]);
            Assert.True(client.Request("set wifi.ssid \"Block 3 AP\"").IsOk);
            Assert.Equal("Block 3 AP", client.Request("set wifi.ssid").Fields()["wifi.ssid"]);
            Assert.Equal(bootsAtStart, client.Reboots);
        }

        [Fact]
        public async Task A_lost_reply_is_asked_again_with_a_new_id()
        {
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd);
            var trace = new List<string>();
            using var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), TimeoutMs, 115200, trace.Add);
            await bin.DoAsync("mute 1");
            Assert.Equal("1.0.0-sim", client.Request("status").Fields()["fw"]);
            Assert.Equal(2, trace.FindAll(line => line.StartsWith("-> ") && line.EndsWith(" status")).Count);
        }

        [Fact]
        public async Task A_bin_rebooting_mid_command_is_noticed_and_the_command_sent_again()
        {
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd);
            using var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), TimeoutMs, 115200);
            Assert.True(client.Request("set bin.community baiyun").IsOk);
            int bootsBefore = client.Reboots;
            await bin.DoAsync("reboot-next");

            Assert.Equal(string.Empty, client.Request("set bin.community").Fields()["bin.community"]);
            Assert.Equal(bootsBefore + 1, client.Reboots);
            Assert.Contains("\"boots\":2", await bin.ControlAsync("state"));
        }

        [Fact]
        public async Task Settings_written_across_a_reboot_are_written_again_whole_then_saved_and_kept()
        {
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd);
            using var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), TimeoutMs, 115200);
            var settings = new List<BinSetting>
            {
                new("bin.id", "baiyun-0042"), new("bin.community", "baiyun"), new("bin.material", "HDPE"),
                new("wifi.ssid", "Block 3 AP"), new("wifi.password", "correct horse battery", IsSecret: true),
                new("mqtt.host", "gateway.baiyun.example.org"), new("mqtt.port", "1883"), new("mqtt.tls", "false"),
                new("mqtt.secret", new string('s', 43), IsSecret: true), new("scale.maxGrams", "30000"), new("scale.eGrams", "10"),
                new("fill.fullPercent", "85"),
            };

            // The second backlog line is lost in a reboot: the staged first line is gone too, so all must be rewritten.
            // The writer's lines: status (uptime), backlog 1, backlog 2: two pass, the third dies. Set before the
            // writer starts, so the reboot lands there however the threads are scheduled.
            Assert.True(client.Request("status").Fields().ContainsKey("uptimeS"));
            int bootsBefore = client.Reboots;
            var writer = new BinSettingsWriter(client);
            await bin.DoAsync("reboot-next 2");
            WriteOutcome outcome = await Task.Run(() => writer.WriteVerifySave(settings));

            Assert.True(outcome.BacklogLines >= 2, "twelve settings do not fit one 256-byte line");
            Assert.Equal(2, outcome.Rounds); // the reboot was noticed and every setting written again
            client.Reboot();
            IReadOnlyDictionary<string, string> after = client.Request("set").Fields();
            Assert.Equal("baiyun-0042", after["bin.id"]);
            Assert.Equal("HDPE", after["bin.material"]);
            Assert.Equal("gateway.baiyun.example.org", after["mqtt.host"]);
            Assert.Equal("***", after["mqtt.secret"]);
            Assert.Equal("***", after["wifi.password"]);
            Assert.Equal("85", after["fill.fullPercent"]);
            Assert.Equal(bootsBefore + 2, client.Reboots); // one injected, one asked for
        }

        [Fact]
        public void A_pty_with_nothing_on_the_other_end_gives_no_reply_with_the_fix()
        {
            using var pty = new PtyPair();
            using var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), 300, 115200);
            CliException e = Assert.Throws<CliException>(() => client.Request("status"));
            Assert.Equal(ExitCodes.SerialOrBin, e.ExitCode);
            Assert.Contains("no reply from the bin", e.Message);
            Assert.Contains("115200 baud", e.Fix);
            Assert.Contains("bootloader", e.Fix);
        }
    }
}
