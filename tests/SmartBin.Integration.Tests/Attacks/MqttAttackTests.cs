using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Gateway.Mqtt;
using SmartBin.Integration.Tests.Fixtures;
using SmartBin.Integration.Tests.Mqtt;
using Xunit;
using Xunit.Abstractions;
using static SmartBin.Integration.Tests.Attacks.AttackGateway;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// MQTT attacks with Debian's mosquitto_pub/mosquitto_sub against the in-process gateway's embedded broker. Each
    /// attack runs while an honest bin keeps dropping off; every honest ack must be <c>credited</c>. The comment on
    /// each test names the defence it guards (docs/reliability.md, "Attacks").
    /// </summary>
    [Collection("attacks")]
    public sealed class MqttAttackTests : IClassFixture<AttackGateway>
    {
        private const string RefusedMetric = MqttMetrics.ConnectRefused;
        private readonly AttackGateway _g;
        private readonly ITestOutputHelper _output;

        public MqttAttackTests(AttackGateway gateway, ITestOutputHelper output)
        {
            _g = gateway;
            _output = output;
        }

        // Guards BrokerAuthenticator.Check (BrokerPolicy.cs): a wrong secret or an unregistered bin never gets a session.
        [Fact]
        public async Task Wrong_secret_and_unknown_bin_are_refused_at_connect_and_counted()
        {
            double badSecret = _g.Metric(RefusedMetric, ("reason", "bad-secret"));
            double unknownBin = _g.Metric(RefusedMetric, ("reason", "unknown-bin"));
            string forged = TestBin.DropOffJson(Attacker, 9_001, InProcessGateway.DemoCard(0, 1), "PET", 900, DateTime.UtcNow.AddSeconds(-5));
            ExternalProcess? wrong = null, unknown = null;

            ServiceWindow window = await ServiceWindow.AroundAsync(_g.Honest, _g.HonestCards, async () =>
            {
                wrong = await MosquittoClients.PublishAsync(_g.Port, Attacker, "not-the-secret", Topic(Attacker, "dropoff"), forged);
                unknown = await MosquittoClients.PublishAsync(_g.Port, "nosuch-bin-99", "whatever", Topic("nosuch-bin-99", "dropoff"), forged);
            });

            _output.WriteLine(wrong!.Output + "\n" + unknown!.Output + "\n" + window);
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.Contains(wrong.Lines, l => l.Contains("Connection error: Bad User Name or Password", StringComparison.Ordinal));
            Assert.Contains(unknown.Lines, l => l.Contains("Connection error: Not authorized", StringComparison.Ordinal));
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Equal(badSecret + 1, _g.Metric(RefusedMetric, ("reason", "bad-secret")));
            Assert.Equal(unknownBin + 1, _g.Metric(RefusedMetric, ("reason", "unknown-bin")));
            Assert.DoesNotContain(_g.Store.RecentDropOffs(500, Attacker), d => d.Seq == 9_001);
            AssertServed(window);
        }

        // Guards BrokerPolicy.MayPublish and EmbeddedBroker.OnInterceptingPublishAsync (ProcessPublish = false).
        [Fact]
        public async Task Publishing_into_another_bins_dropoff_is_denied_counted_and_nothing_is_booked()
        {
            double denied = _g.Metric(MqttMetrics.AclDenied, ("action", "publish"));
            string forged = TestBin.DropOffJson(Victim, 1, InProcessGateway.DemoCard(1, 2), "HDPE", 900, DateTime.UtcNow.AddSeconds(-5));
            ExternalProcess? pub = null;

            ServiceWindow window = await ServiceWindow.AroundAsync(_g.Honest, _g.HonestCards, async () =>
            {
                pub = await MosquittoClients.PublishAsync(_g.Port, Attacker, AttackerSecret, Topic(Victim, "dropoff"), forged);
            });

            _output.WriteLine(pub!.Output + "\n" + window);
            Assert.Contains(pub.Lines, l => l.Contains("Not authorized", StringComparison.Ordinal));
            Assert.Equal(denied + 1, _g.Metric(MqttMetrics.AclDenied, ("action", "publish")));
            Assert.Empty(_g.Store.RecentDropOffs(10, Victim));
            AssertServed(window);
        }

        // Guards BrokerPolicy.MaySubscribe and EmbeddedBroker.OnInterceptingSubscriptionAsync: a bin reads only its own ack/cmd.
        [Theory]
        [InlineData("smartbin/v1/baiyun-0002/ack")]
        [InlineData("smartbin/v1/baiyun-0002/cmd")]
        [InlineData("smartbin/v1/+/ack")]
        [InlineData("#")]
        [InlineData("$SYS/#")]
        public async Task Subscribing_beyond_its_own_topics_is_denied_and_sees_no_honest_traffic(string filter)
        {
            double denied = _g.Metric(MqttMetrics.AclDenied, ("action", "subscribe"));
            string sub = ServerBinaries.Require("mosquitto_sub", "mosquitto-clients");
            using var spy = ExternalProcess.Start(sub, new[]
            {
                "-h", "127.0.0.1", "-p", _g.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1",
                "-v", "-d", "-i", Attacker, "-u", Attacker, "-P", AttackerSecret, "-t", filter,
            });
            Assert.True(await spy.WaitForAsync(ls => ls.Any(l => l.Contains("SUBACK", StringComparison.Ordinal)), MosquittoClients.Timeout), spy.Output);

            ServiceWindow window = await ServiceWindow.AroundAsync(_g.Honest, _g.HonestCards, () => Task.CompletedTask);

            _output.WriteLine(spy.Output + "\n" + window);
            // MQTT 5 SUBACK reason 135 (0x87) = not authorized; mosquitto_sub -d prints it after "Subscribed (mid: 1):".
            Assert.Contains(spy.Lines, l => l.Contains("Subscribed (mid: 1): 135", StringComparison.Ordinal) || l.Contains("denied", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(spy.Lines, l => l.Contains("received PUBLISH", StringComparison.Ordinal));
            Assert.Equal(denied + 1, _g.Metric(MqttMetrics.AclDenied, ("action", "subscribe")));
            AssertServed(window);
        }

        // Guards the (bin, seq) claim (Writer.TryClaim) and the content comparison of SqliteGatewayStore.AnswerClaimed.
        [Fact]
        public async Task A_replayed_drop_off_is_duplicate_and_a_reused_seq_with_other_content_is_rejected_seq_conflict()
        {
            const long seq = 500;
            string card = InProcessGateway.DemoCard(0, 4);
            string original = TestBin.DropOffJson(Attacker, seq, card, "PET", 750, DateTime.UtcNow.AddSeconds(-30));
            string altered = original.Replace("\"netG\":750", "\"netG\":4750", StringComparison.Ordinal).Replace("\"grossAfterG\":13230", "\"grossAfterG\":17230", StringComparison.Ordinal);
            Assert.NotEqual(original, altered);
            double conflicts = _g.Metric("smartbin_ingest_store_rejected_total", ("reason", "seq-conflict"), ("leaf", "dropoff"));
            using var acks = await _g.WatchAcksAsync(Attacker);
            var results = new List<string>();

            ServiceWindow window = await ServiceWindow.AroundAsync(_g.Honest, _g.HonestCards, async () =>
            {
                foreach (string payload in new[] { original, original, altered })
                {
                    int before = Acks(acks, seq).Count;
                    using var pub = await MosquittoClients.PublishAsync(_g.Port, Attacker, AttackerSecret, Topic(Attacker, "dropoff"), payload);
                    Assert.True(await acks.WaitForAsync(_ => Acks(acks, seq).Count > before, MosquittoClients.Timeout), acks.Output);
                    JsonElement ack = Acks(acks, seq)[^1];
                    results.Add(ack.GetProperty("result").GetString() + "/" + ack.GetProperty("reason").GetString());
                }
            });

            _output.WriteLine(string.Join(", ", results) + "\n" + window);
            Assert.Equal(new[] { "credited/", "duplicate/", "rejected/seq-conflict" }, results);
            var booked = Assert.Single(_g.Store.RecentDropOffs(500, Attacker), d => d.Seq == seq);
            Assert.Equal(750, booked.NetGrams);
            Assert.Equal(60, booked.Points);
            var audit = Assert.Single(_g.RejectedMessages(Attacker), r => r.Seq == seq);
            Assert.Equal("seq-conflict", audit.Reason);
            Assert.Contains("netG", audit.Detail, StringComparison.Ordinal);
            Assert.Equal(conflicts + 1, _g.Metric("smartbin_ingest_store_rejected_total", ("reason", "seq-conflict"), ("leaf", "dropoff")));
            AssertServed(window);
        }

        // Guards two rules: the seq range check of the parser (out-of-range above 2^53-1) and the per-seq claim, which
        // keeps no high-water mark, so a far-ahead seq cannot lock the bin's later, lower seqs out.
        [Fact]
        public async Task A_far_ahead_seq_is_booked_once_and_does_not_lock_out_lower_seqs_while_past_2_pow_53_is_rejected()
        {
            const long farAhead = (1L << 53) - 1;
            string card = InProcessGateway.DemoCard(0, 5);
            using var acks = await _g.WatchAcksAsync(Attacker);
            var results = new List<string>();
            double outOfRange = _g.Metric("smartbin_ingest_rejected_total", ("reason", "out-of-range"), ("leaf", "dropoff"));

            ServiceWindow window = await ServiceWindow.AroundAsync(_g.Honest, _g.HonestCards, async () =>
            {
                foreach (long seq in new[] { farAhead, 600L })
                {
                    string payload = TestBin.DropOffJson(Attacker, seq, card, "PET", 250, DateTime.UtcNow.AddSeconds(-5));
                    using var pub = await MosquittoClients.PublishAsync(_g.Port, Attacker, AttackerSecret, Topic(Attacker, "dropoff"), payload);
                    JsonElement? ack = await AckAsync(acks, seq);
                    results.Add(ack is { } a ? a.GetProperty("result").GetString() + "/" + a.GetProperty("reason").GetString() : "none");
                }

                // 2^53 is not a readable seq (docs/protocol.md, Rejections): refused out-of-range, counted, never acked.
                string beyond = TestBin.DropOffJson(Attacker, farAhead + 1, card, "PET", 250, DateTime.UtcNow.AddSeconds(-5));
                using var last = await MosquittoClients.PublishAsync(_g.Port, Attacker, AttackerSecret, Topic(Attacker, "dropoff"), beyond);
            });

            _output.WriteLine(string.Join(", ", results) + "\n" + window);
            Assert.Equal(new[] { "credited/", "credited/" }, results);
            Assert.Equal(outOfRange + 1, _g.Metric("smartbin_ingest_rejected_total", ("reason", "out-of-range"), ("leaf", "dropoff")));
            Assert.DoesNotContain(_g.Store.RecentDropOffs(1_000, Attacker), d => d.Seq == farAhead + 1);
            AssertServed(window);
        }

        // Guards PacketSizeGuardChannel (via BoundedTcpServerAdapter, limit Mqtt:Embedded:MaxPacketBytes = 8 KiB): the
        // connection is closed at the Remaining Length, before MQTTnet allocates the body. Without it each 1 MiB
        // publish is buffered whole, cut to 4 KiB and answered rejected/too-large.
        [Fact]
        public async Task A_1_MiB_publish_closes_the_connection_unbuffered_while_a_3_KiB_one_is_answered_too_large()
        {
            const int giants = 16;
            const int giantBytes = 1 << 20;
            string file = Path.Combine(_g.Gateway.DataDirectory, "giant.json");
            File.WriteAllText(file, "{\"v\":1,\"seq\":700,\"pad\":\"" + new string('x', giantBytes) + "\"}");
            string mid = "{\"v\":1,\"seq\":701,\"pad\":\"" + new string('x', 3_000) + "\"}";
            double oversized = _g.Metric(MqttMetrics.OversizedPacket);
            using var acks = await _g.WatchAcksAsync(Attacker);
            var exits = new List<int>();

            // Memory: measured while nothing else runs (the honest bin idle), so the process's allocations are the
            // broker's. One after another: the same client id connecting twice at once would take the first session over.
            long start = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < giants; i++)
            {
                using var pub = await PublishFileAsync(Attacker, AttackerSecret, Topic(Attacker, "dropoff"), file);
                exits.Add(pub.ExitCode);
            }

            long allocated = GC.GetTotalAllocatedBytes(precise: true) - start;

            // Service: the same attack again while the honest bin drops off, then a 3 KiB payload under the limit.
            ServiceWindow window = await ServiceWindow.AroundAsync(_g.Honest, _g.HonestCards, async () =>
            {
                for (int i = 0; i < 4; i++)
                {
                    using var pub = await PublishFileAsync(Attacker, AttackerSecret, Topic(Attacker, "dropoff"), file);
                    exits.Add(pub.ExitCode);
                }

                using var midPub = await MosquittoClients.PublishAsync(_g.Port, Attacker, AttackerSecret, Topic(Attacker, "dropoff"), mid);
            });

            _output.WriteLine($"{giants} x 1 MiB publishes: exit codes {string.Join(",", exits)}; gateway process allocated {allocated / 1024} KiB during the first {giants}\n{window}");
            Assert.Equal(oversized + giants + 4, _g.Metric(MqttMetrics.OversizedPacket));
            JsonElement? midAck = await AckAsync(acks, 701);
            Assert.Equal("rejected", midAck?.GetProperty("result").GetString());
            Assert.Equal("too-large", midAck?.GetProperty("reason").GetString());
            Assert.Empty(Acks(acks, 700));
            // 16 MiB were sent; without the guard MQTTnet allocates each body whole (at least 16 MiB); with it, a fraction.
            Assert.True(allocated < giants * (long)giantBytes / 2, $"allocated {allocated} bytes during {giants} x 1 MiB publishes");
            AssertServed(window);
        }

        private async Task<ExternalProcess> PublishFileAsync(string user, string password, string topic, string file)
        {
            var process = ExternalProcess.Start(ServerBinaries.Require("mosquitto_pub", "mosquitto-clients"), new[]
            {
                "-h", "127.0.0.1", "-p", _g.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1",
                "-i", user, "-u", user, "-P", password, "-t", topic, "-f", file,
            });
            await MosquittoClients.WaitForExitAsync(process);
            return process;
        }

        private static void AssertServed(ServiceWindow window)
        {
            Assert.All(window.Before.Concat(window.During), a => Assert.Equal("credited", a.Result));
            Assert.True(window.During.Count >= 3, window.ToString());
        }
    }
}
