using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// A connection flood with wrong secrets from one address (127.0.0.2) while honest bins on 127.0.0.1 keep being
    /// served, and one of them connects for the first time in the middle of it.
    /// </summary>
    [Collection("attacks")]
    public sealed class ConnectionFloodTests
    {
        private const string FloodAddress = "127.0.0.2";
        private const int MqttnetAttempts = 600;
        private const int MosquittoAttempts = 20;
        private const int Parallel = 32;
        private readonly ITestOutputHelper _output;

        public ConnectionFloodTests(ITestOutputHelper output)
        {
            _output = output;
        }

        // Guards LoginThrottle (EmbeddedBroker.OnValidatingConnectionAsync: throttle.IsThrottled → CheckCachedOnly):
        // without it every attempt runs PBKDF2 and none is refused as "throttled".
        [Fact]
        public async Task A_flood_of_wrong_secrets_is_throttled_without_pbkdf2_while_honest_bins_connect_and_are_credited()
        {
            await using var gateway = await InProcessGateway.StartAsync(demoBins: 4);
            var metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
            var broker = gateway.Services.GetRequiredService<EmbeddedBroker>();
            await using var honest = await TestBin.ConnectAsync(gateway.MqttPort, "baiyun-0002", "PP");
            string[] cards = Enumerable.Range(0, 40).Select(i => InProcessGateway.DemoCard(2, i)).ToArray();
            long verificationsBefore = broker.SecretVerifications;
            var outcomes = new ConcurrentDictionary<string, int>();
            Ack? latecomerAck = null;
            var clock = new Stopwatch();

            ServiceWindow window = await ServiceWindow.AroundAsync(honest, cards, async () =>
            {
                clock.Start();
                Task flood = FloodAsync(gateway.MqttPort, outcomes);
                Task mosquitto = MosquittoFloodAsync(gateway.MqttPort, outcomes);
                // A bin that has never logged in connects from the honest address mid-flood and drops off.
                await using (var latecomer = await TestBin.ConnectAsync(gateway.MqttPort, "xiahang-0001", "HDPE"))
                {
                    latecomerAck = await latecomer.DropOffAsync(InProcessGateway.DemoCard(1, 0), 400);
                }

                await Task.WhenAll(flood, mosquitto);
                clock.Stop();
            });

            long verifications = broker.SecretVerifications - verificationsBefore;
            double throttled = metrics.Value(MqttMetrics.ConnectRefused, ("reason", "throttled"));
            double rate = (MqttnetAttempts + MosquittoAttempts) / clock.Elapsed.TotalSeconds;
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{MqttnetAttempts + MosquittoAttempts} bad logins in {clock.Elapsed.TotalSeconds:F2} s ({rate:F0}/s): " +
                $"{string.Join(", ", outcomes.Select(o => o.Key + " " + o.Value))}; PBKDF2 runs {verifications}; throttled {throttled}\n{window}"));
            Assert.Equal(MqttnetAttempts + MosquittoAttempts, outcomes.Values.Sum());
            Assert.False(outcomes.ContainsKey("Success"), "a flood login succeeded");
            Assert.True(throttled >= (MqttnetAttempts + MosquittoAttempts) * 9 / 10, $"only {throttled} attempts were throttled");
            // The burst (20), the refill (30 a minute), checks already running when the budget ran out (at most one per
            // parallel attacker) and the latecomer's login; without the throttle: one per attempt, ~620.
            Assert.InRange(verifications, 1, 20 + Parallel + 1 + (long)Math.Ceiling(clock.Elapsed.TotalMinutes * 30));
            Assert.Equal("credited", latecomerAck?.Result);
            Assert.All(window.Before.Concat(window.During), a => Assert.Equal("credited", a.Result));
            Assert.True(window.During.Count >= 3, window.ToString());
        }

        private static async Task FloodAsync(int port, ConcurrentDictionary<string, int> outcomes)
        {
            var factory = new MqttClientFactory();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async _ =>
            {
                while (System.Threading.Interlocked.Increment(ref next) < MqttnetAttempts)
                {
                    using var client = factory.CreateMqttClient();
                    var options = new MqttClientOptionsBuilder()
                        .WithEndPoint(new IPEndPoint(IPAddress.Loopback, port))
                        .WithProtocolVersion(MqttProtocolVersion.V500)
                        .WithClientId("baiyun-0001")
                        .WithCredentials("baiyun-0001", "guess-" + next.ToString(CultureInfo.InvariantCulture))
                        .WithTimeout(TimeSpan.FromSeconds(10))
                        .Build();
                    ((MqttClientTcpOptions)options.ChannelOptions).LocalEndpoint = new IPEndPoint(IPAddress.Parse(FloodAddress), 0);
                    string outcome;
                    try
                    {
                        var result = await client.ConnectAsync(options);
                        outcome = result.ResultCode.ToString();
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // A refused CONNECT is a result code, not an exception: anything thrown is worth seeing in the figures.
                        outcome = e.GetType().Name;
                    }

                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
            }));
        }

        private static async Task MosquittoFloodAsync(int port, ConcurrentDictionary<string, int> outcomes)
        {
            string pub = ServerBinaries.Require("mosquitto_pub", "mosquitto-clients");
            var runs = Enumerable.Range(0, MosquittoAttempts).Select(async i =>
            {
                using var process = ExternalProcess.Start(pub, new[]
                {
                    "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-A", FloodAddress, "-V", "mqttv5",
                    "-i", "baiyun-0001", "-u", "baiyun-0001", "-P", "mosquitto-guess-" + i.ToString(CultureInfo.InvariantCulture),
                    "-t", "smartbin/v1/baiyun-0001/dropoff", "-q", "1", "-m", "{}",
                });
                await Mqtt.MosquittoClients.WaitForExitAsync(process);
                outcomes.AddOrUpdate(process.ExitCode == 0 ? "Success" : "mosquitto_pub refused", 1, (_, n) => n + 1);
            });
            await Task.WhenAll(runs);
        }
    }
}
