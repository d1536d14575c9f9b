using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Storage;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.EndToEnd
{
    /// <summary>
    /// The whole gateway (embedded broker, ingest, SQLite ledger) against Debian's mosquitto_pub and mosquitto_sub
    /// as a third-party MQTT client: a drop-off in the documented format is credited, the same again is a
    /// duplicate, and a bin's credentials cannot publish into another bin's topic.
    /// </summary>
    public sealed class ThirdPartyClientTests
    {
        private const string Monitor = "ops.monitor";
        private const string MonitorPassword = "monitor-secret-1";
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
        private readonly ITestOutputHelper _output;

        public ThirdPartyClientTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Documented_drop_off_is_credited_then_duplicate_and_other_bins_topics_are_refused()
        {
            string pub = ServerBinaries.Require("mosquitto_pub", "mosquitto-clients");
            string sub = ServerBinaries.Require("mosquitto_sub", "mosquitto-clients");
            await using var gateway = await InProcessGateway.StartAsync(demoBins: 2, new Dictionary<string, string?>
            {
                ["SmartBin:Mqtt:Embedded:Monitors:0:Username"] = Monitor,
                ["SmartBin:Mqtt:Embedded:Monitors:0:Password"] = MonitorPassword,
            });
            string port = gateway.MqttPort.ToString(CultureInfo.InvariantCulture);
            using var acks = ExternalProcess.Start(sub, new[]
            {
                "-h", "127.0.0.1", "-p", port, "-i", Monitor, "-u", Monitor, "-P", MonitorPassword,
                "-t", "smartbin/v1/baiyun-0001/ack", "-q", "1", "-C", "2", "-W", "60",
            });
            await Task.Delay(500); // let the subscription land before the first publish

            string dropOff = DocumentedDropOff("baiyun-0001", seq: 1, card: InProcessGateway.DemoCard(0, 3), material: "PET", netGrams: 750);
            Assert.Equal(0, await PublishAsync(pub, port, "baiyun-0001", "sim-baiyun-0001", "smartbin/v1/baiyun-0001/dropoff", dropOff));
            Assert.True(await acks.WaitForAsync(l => l.Count(IsJson) >= 1, Timeout), "no ack: " + acks.Output);
            Assert.Equal(0, await PublishAsync(pub, port, "baiyun-0001", "sim-baiyun-0001", "smartbin/v1/baiyun-0001/dropoff", dropOff));
            Assert.True(await acks.WaitForAsync(l => l.Count(IsJson) >= 2, Timeout), "no second ack: " + acks.Output);
            _output.WriteLine(acks.Output);

            JsonElement[] answers = acks.Lines.Where(IsJson).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal("credited", answers[0].GetProperty("result").GetString());
            Assert.Equal(1, answers[0].GetProperty("seq").GetInt64());
            Assert.Equal(60, answers[0].GetProperty("points").GetInt64()); // 750 g of PET at 80 points/kg
            Assert.Equal(877, answers[0].GetProperty("co2eG").GetInt64()); // 750 g x 1170 g CO2e/kg, floored
            Assert.Equal("duplicate", answers[1].GetProperty("result").GetString());
            Assert.Equal(0, answers[1].GetProperty("points").GetInt64());

            // baiyun-0001's credentials publishing into xiahang-0001's topic: the broker refuses it and nothing is booked.
            string forged = DocumentedDropOff("xiahang-0001", seq: 1, card: InProcessGateway.DemoCard(1, 3), material: "HDPE", netGrams: 900);
            int forgedExit = await PublishAsync(pub, port, "baiyun-0001", "sim-baiyun-0001", "smartbin/v1/xiahang-0001/dropoff", forged);
            _output.WriteLine($"forged publish exit code {forgedExit}");
            // And a wrong secret cannot connect at all.
            Assert.NotEqual(0, await PublishAsync(pub, port, "baiyun-0001", "wrong-secret", "smartbin/v1/baiyun-0001/dropoff", dropOff));

            await Task.Delay(1000); // the forged message, had it got through, would be committed by now
            var store = gateway.Services.GetRequiredService<IGatewayReadModel>();
            Assert.Empty(store.RecentDropOffs(10, "xiahang-0001"));
            DropOffRow booked = Assert.Single(store.RecentDropOffs(10, "baiyun-0001"));
            Assert.Equal(60, booked.Points);
            string metrics = await gateway.Http.GetStringAsync("metrics");
            Assert.Matches("smartbin_mqtt_acl_denied_total\\{[^}]*\\} [1-9]", metrics);
        }

        private static bool IsJson(string line) => line.StartsWith("{", StringComparison.Ordinal);

        internal static string DocumentedDropOff(string binId, long seq, string card, string material, int netGrams)
        {
            DateTime end = DateTime.UtcNow.AddSeconds(-5);
            string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            const int grossBefore = 12_480;
            return "{\"v\":1,\"id\":\"" + binId + ":" + seq + "\",\"seq\":" + seq + ",\"card\":\"" + card + "\"," +
                   "\"start\":\"" + Time(end.AddSeconds(-29)) + "\",\"end\":\"" + Time(end) + "\"," +
                   "\"grossBeforeG\":" + grossBefore + ",\"grossAfterG\":" + (grossBefore + netGrams) + ",\"netG\":" + netGrams +
                   ",\"items\":3,\"material\":\"" + material + "\",\"flags\":0,\"calVersion\":2,\"fw\":\"1.0.0\"}";
        }

        private async Task<int> PublishAsync(string pub, string port, string user, string password, string topic, string payload)
        {
            using var process = ExternalProcess.Start(pub, new[]
            {
                "-h", "127.0.0.1", "-p", port, "-i", user, "-u", user, "-P", password, "-V", "mqttv5",
                "-t", topic, "-q", "1", "-m", payload,
            });
            await process.WaitForAsync(_ => false, TimeSpan.FromSeconds(15));
            _output.WriteLine($"mosquitto_pub {topic}: exit {(process.HasExited ? process.ExitCode : -1)} {process.Output}");
            return process.HasExited ? process.ExitCode : -1;
        }
    }
}
