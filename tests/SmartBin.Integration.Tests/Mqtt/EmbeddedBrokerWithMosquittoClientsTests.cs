using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Tests.Mqtt;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;
using static SmartBin.Gateway.Tests.Mqtt.BrokerHarness;

namespace SmartBin.Integration.Tests.Mqtt
{
    /// <summary>The embedded broker with mosquitto_pub/mosquitto_sub as third-party clients.</summary>
    public sealed class EmbeddedBrokerWithMosquittoClientsTests
    {
        private readonly ITestOutputHelper _output;

        public EmbeddedBrokerWithMosquittoClientsTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Mosquitto_pub_with_a_bins_credentials_delivers_the_docs_drop_off_under_that_bins_identity()
        {
            await using var h = await BrokerHarness.StartAsync();
            string dropOff = MosquittoClients.ProtocolExample("dropoff");

            using var pub = await MosquittoClients.PublishAsync(h.Broker.PlainPort, BinA, SecretA, Topic(BinA, "dropoff"), dropOff);
            _output.WriteLine(pub.Output);
            Assert.Equal(0, pub.ExitCode);

            var m = await h.Sink.WaitForAsync(x => x.Leaf == "dropoff");
            Assert.Equal(BinA, m.BinId);
            Assert.Equal(dropOff, Encoding.UTF8.GetString(m.Payload.Span));
        }

        [Fact]
        public async Task Mosquitto_pub_to_another_bins_topic_is_refused_with_not_authorized_and_never_delivered()
        {
            await using var h = await BrokerHarness.StartAsync();
            using var monitor = await MosquittoClients.SubscribeAsync(h.Broker.PlainPort, MonitorUser, MonitorPassword, Root + "/#");

            using var refused = await MosquittoClients.PublishAsync(h.Broker.PlainPort, BinA, SecretA, Topic(BinB, "dropoff"), "{\"v\":1,\"forged\":true}");
            _output.WriteLine(refused.Output);
            // What mosquitto_pub 2.0 really does with an MQTT 5 PUBACK "not authorized": warns, and still exits 0.
            Assert.Equal(0, refused.ExitCode);
            Assert.Contains(refused.Lines, l => l.Contains("Publish 1 failed: Not authorized", StringComparison.Ordinal));

            using var marker = await MosquittoClients.PublishAsync(h.Broker.PlainPort, BinA, SecretA, Topic(BinA, "telemetry"), "{\"v\":1,\"marker\":1}");
            Assert.True(await monitor.WaitForAsync(ls => ls.Any(l => l.StartsWith(Topic(BinA, "telemetry") + " ", StringComparison.Ordinal)), MosquittoClients.Timeout));
            Assert.DoesNotContain(monitor.Lines, l => l.Contains("forged", StringComparison.Ordinal));
            Assert.Equal(["telemetry"], h.Sink.Received.Select(x => x.Leaf).ToArray());
            Assert.Equal(1, h.Metrics.Value(MqttMetrics.AclDenied, ("action", "publish")));
        }

        [Fact]
        public async Task A_killed_bins_will_reaches_the_sink_and_a_monitors_mosquitto_sub_sees_it_retained()
        {
            await using var h = await BrokerHarness.StartAsync();
            string online = MosquittoClients.ProtocolExample("status-online");
            string offline = MosquittoClients.ProtocolExample("status-offline");
            using (var birth = await MosquittoClients.PublishAsync(h.Broker.PlainPort, BinA, SecretA, Topic(BinA, "status"), online, "-r"))
            {
                Assert.Equal(0, birth.ExitCode);
            }

            // The bin as a long-lived mosquitto_sub on its own ack with its will; killing it is a vanished bin.
            using (await MosquittoClients.SubscribeAsync(h.Broker.PlainPort, BinA, SecretA, Topic(BinA, "ack"),
                       "--will-topic", Topic(BinA, "status"), "--will-payload", offline, "--will-qos", "1", "--will-retain"))
            {
            }

            var will = await h.Sink.WaitForAsync(x => Encoding.UTF8.GetString(x.Payload.Span) == offline);
            Assert.Equal(BinA, will.BinId);
            Assert.Equal("status", will.Leaf);

            using var dashboard = await MosquittoClients.SubscribeAsync(h.Broker.PlainPort, MonitorUser, MonitorPassword, Root + "/+/status", "-C", "1");
            await MosquittoClients.WaitForExitAsync(dashboard);
            _output.WriteLine(dashboard.Output);
            Assert.Contains(Topic(BinA, "status") + " " + offline, dashboard.Lines);
            Assert.Contains(dashboard.Lines, l => l.Contains("r1", StringComparison.Ordinal) && l.Contains("PUBLISH", StringComparison.Ordinal));
        }
    }
}
