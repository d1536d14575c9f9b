using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Tests.Mqtt;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Mqtt
{
    /// <summary>
    /// External mode against a real mosquitto configured with the password and ACL files <see cref="MosquittoFiles"/>
    /// writes: the ACL keeps bins on their own topics, the gateway receives through its shared subscription, and a
    /// message is acknowledged only when its completion runs.
    /// </summary>
    public sealed class ExternalBrokerWithMosquittoTests : IDisposable
    {
        private const string Root = "smartbin/v1";
        private const string BinA = "baiyun-0007";
        private const string BinB = "baiyun-0008";
        private const string SecretA = "secret-of-bin-a";
        private const string GatewayUser = "smartbin-gateway";
        private const string GatewayPassword = "gateway-password";
        private readonly MosquittoFixture _broker;
        private readonly ITestOutputHelper _output;

        public ExternalBrokerWithMosquittoTests(ITestOutputHelper output)
        {
            _output = output;
            var credentials = new DictionaryCredentials().With(BinA, SecretA).With(BinB, "secret-of-bin-b");
            _broker = MosquittoFixture.Secured(dir =>
            {
                string passwords = Path.Combine(dir, "passwords");
                string acl = Path.Combine(dir, "acl");
                MosquittoFiles.Write(credentials, Root, passwords, acl, GatewayUser, GatewayPassword);
                return (passwords, acl);
            });
        }

        [Fact]
        public async Task A_bin_publishes_to_its_own_topic_only_and_the_gateway_receives_it_through_the_shared_subscription()
        {
            var sink = new RecordingSink();
            await using var gateway = await StartGatewayAsync(sink, new GatewayMetrics());
            using var spy = await MosquittoClients.SubscribeAsync(_broker.Port, GatewayUser, GatewayPassword, Root + "/#");

            using var forged = await MosquittoClients.PublishAsync(_broker.Port, BinA, SecretA, Topic(BinB, "dropoff"), "{\"v\":1,\"forged\":true}");
            _output.WriteLine(forged.Output);
            // mosquitto 2.0 answers an ACL-denied MQTT 5 publish with PUBACK "not authorized"; mosquitto_pub warns, exits 0.
            Assert.Equal(0, forged.ExitCode);
            Assert.Contains(forged.Lines, l => l.Contains("Not authorized", StringComparison.Ordinal));

            string dropOff = MosquittoClients.ProtocolExample("dropoff");
            using var own = await MosquittoClients.PublishAsync(_broker.Port, BinA, SecretA, Topic(BinA, "dropoff"), dropOff);
            Assert.Equal(0, own.ExitCode);

            var m = await sink.WaitForAsync(x => x.Leaf == "dropoff");
            Assert.Equal(BinA, m.BinId);
            Assert.Equal(dropOff, Encoding.UTF8.GetString(m.Payload.Span));
            Assert.True(await spy.WaitForAsync(ls => ls.Any(l => l.StartsWith(Topic(BinA, "dropoff") + " ", StringComparison.Ordinal)), MosquittoClients.Timeout));
            Assert.DoesNotContain(spy.Lines, l => l.Contains("forged", StringComparison.Ordinal));
            Assert.Single(sink.Received);
        }

        [Fact]
        public async Task An_uncompleted_message_is_redelivered_to_the_next_instance_and_a_completed_one_is_not()
        {
            var firstSink = new RecordingSink();
            var firstMetrics = new GatewayMetrics();
            var first = await StartGatewayAsync(firstSink, firstMetrics);
            await PublishEventAsync(1);
            await PublishEventAsync(2);
            using (var junk = await MosquittoClients.PublishAsync(_broker.Port, GatewayUser, GatewayPassword, Root + "/Not_A_Bin/dropoff", "{}"))
            {
                Assert.Equal(0, junk.ExitCode);
            }

            var one = await firstSink.WaitForAsync(x => Payload(x).Contains("\"seq\":1", StringComparison.Ordinal));
            var two = await firstSink.WaitForAsync(x => Payload(x).Contains("\"seq\":2", StringComparison.Ordinal));
            await Eventually.TrueAsync(() => firstMetrics.Total(MqttMetrics.MalformedTopic) == 1, 10, "malformed topic not counted");
            await two.Completion.CompleteAsync(); // committed; 1 is "killed between receive and commit"
            await first.DisposeAsync();

            var secondSink = new RecordingSink();
            var secondMetrics = new GatewayMetrics();
            await using var second = await StartGatewayAsync(secondSink, secondMetrics);
            await PublishEventAsync(3);
            await secondSink.WaitForAsync(x => Payload(x).Contains("\"seq\":3", StringComparison.Ordinal));

            var again = secondSink.Received.Select(Payload).ToArray();
            _output.WriteLine(string.Join("\n", again));
            Assert.Equal(1, again.Count(p => p.Contains("\"seq\":1", StringComparison.Ordinal)));
            Assert.DoesNotContain(again, p => p.Contains("\"seq\":2", StringComparison.Ordinal));
            Assert.Equal(0, secondMetrics.Total(MqttMetrics.MalformedTopic));
            Assert.Equal(BinA, one.BinId);
        }

        public void Dispose()
        {
            _output.WriteLine("mosquitto log:\n" + _broker.Log);
            _broker.Dispose();
        }

        private static string Topic(string binId, string leaf) => BinTopics.Topic(Root, binId, leaf);

        private static string Payload(BinMessage m) => Encoding.UTF8.GetString(m.Payload.Span);

        private async Task PublishEventAsync(int seq)
        {
            using var pub = await MosquittoClients.PublishAsync(_broker.Port, BinA, SecretA, Topic(BinA, "event"),
                $"{{\"v\":1,\"id\":\"{BinA}:{seq}\",\"seq\":{seq},\"kind\":\"emptied\"}}");
            Assert.Equal(0, pub.ExitCode);
        }

        private async Task<ExternalBrokerClient> StartGatewayAsync(RecordingSink sink, GatewayMetrics metrics)
        {
            var options = new GatewayOptions();
            options.Mqtt.Mode = MqttMode.External;
            options.Mqtt.External.Host = _broker.Host;
            options.Mqtt.External.Port = _broker.Port;
            options.Mqtt.External.Username = GatewayUser;
            options.Mqtt.External.Password = GatewayPassword;
            options.Mqtt.External.ClientId = "smartbin-gateway-test";
            options.Mqtt.External.ReconnectMinMs = 50;
            Assert.Empty(GatewayOptionsValidator.Check(options));
            var client = new ExternalBrokerClient(options, sink, metrics, TimeProvider.System, NullLogger<ExternalBrokerClient>.Instance);
            await client.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(() => metrics.Value(MqttMetrics.Connected) == 1, 20, "gateway did not connect and subscribe");
            return client;
        }
    }
}
