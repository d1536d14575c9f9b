using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Simulator
{
    /// <summary>
    /// The simulator as a user runs it (its own process) publishes to a real mosquitto, and a real third-party
    /// client, mosquitto_sub, receives well-formed drop-offs.
    /// </summary>
    public sealed class SimulatorOverMosquittoTests : IClassFixture<MosquittoFixture>
    {
        private const int DropOffsWanted = 4;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
        private readonly MosquittoFixture _broker;
        private readonly ITestOutputHelper _output;

        public SimulatorOverMosquittoTests(MosquittoFixture broker, ITestOutputHelper output)
        {
            _broker = broker;
            _output = output;
        }

        [Fact]
        public async Task Mosquitto_sub_sees_well_formed_drop_offs_from_the_simulated_fleet()
        {
            string sub = ServerBinaries.Require("mosquitto_sub", "mosquitto-clients");
            using var subscriber = ExternalProcess.Start(sub, new[]
            {
                "-h", _broker.Host, "-p", _broker.Port.ToString(), "-t", "smartbin/v1/+/dropoff", "-v", "-q", "1",
                "-C", DropOffsWanted.ToString(), "-W", ((int)Timeout.TotalSeconds).ToString(),
            });
            await Task.Delay(300);

            string simulator = Path.Combine(AppContext.BaseDirectory, "smartbin-sim.dll");
            using var fleet = ExternalProcess.Start("dotnet", new[]
            {
                simulator, "fleet", "--broker", $"{_broker.Host}:{_broker.Port}", "--bins", "3", "--speed", "100",
                "--seed", "5", "--max-dropoffs", (DropOffsWanted + 2).ToString(), "--duration", "80",
            });

            bool received = await subscriber.WaitForAsync(lines => lines.Count(l => l.Contains("/dropoff ")) >= DropOffsWanted, Timeout);
            _output.WriteLine("simulator:\n" + fleet.Output);
            _output.WriteLine("mosquitto_sub:\n" + subscriber.Output);
            Assert.True(received, "mosquitto_sub did not receive the drop-offs");

            foreach (string line in subscriber.Lines.Where(l => l.Contains("/dropoff ")).Take(DropOffsWanted))
            {
                int space = line.IndexOf(' ');
                string topic = line[..space];
                using JsonDocument doc = JsonDocument.Parse(line[(space + 1)..]);
                JsonElement d = doc.RootElement;
                string binId = topic.Split('/')[2];
                Assert.Matches("^smartbin/v1/(baiyun|xiahang)-[0-9]{4}/dropoff$", topic);
                Assert.Equal(1, d.GetProperty("v").GetInt32());
                long seq = d.GetProperty("seq").GetInt64();
                Assert.True(seq >= 1);
                Assert.Equal($"{binId}:{seq}", d.GetProperty("id").GetString());
                Assert.True(d.GetProperty("netG").GetInt32() > 0);
                Assert.Equal(d.GetProperty("grossAfterG").GetInt32() - d.GetProperty("grossBeforeG").GetInt32(), d.GetProperty("netG").GetInt32());
                Assert.Contains(d.GetProperty("material").GetString(), new[] { "PET", "HDPE", "PP", "MIXED" });
                Assert.True(d.GetProperty("end").GetDateTime() >= d.GetProperty("start").GetDateTime());
                Assert.Matches("^([0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})?$", d.GetProperty("card").GetString());
                Assert.True(d.GetProperty("calVersion").GetInt32() >= 1);
            }
        }
    }
}
