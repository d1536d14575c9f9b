using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// The external-broker deployment of docs/gateway.md: the gateway's own <c>mosquitto-files</c> verb (run as a
    /// process on the demo fleet's registry) writes the password and ACL files, a real mosquitto uses them with the
    /// Mqtt README's <c>max_packet_size 8192</c>, and the gateway (in process, <c>Mqtt:Mode=External</c>) is a client
    /// of it. An honest bin (baiyun-0002, MQTTnet) is connected through mosquitto. <paramref name="editAcl"/> lets the
    /// control test loosen the written ACL to show what the tests detect when the ACL is not the gateway's.
    /// </summary>
    public sealed class MosquittoGateway : IAsyncLifetime
    {
        public const string GatewayUser = "smartbin-gateway";
        public const string GatewayPassword = "gw-Pa55word-for-mosquitto";
        public const string Attacker = "baiyun-0001";
        public const string AttackerSecret = "sim-baiyun-0001";
        public const string Victim = "xiahang-0001";
        public const string HonestId = "baiyun-0002";

        private readonly Func<string, string>? _editAcl;
        private MosquittoFixture? _broker;
        private InProcessGateway? _gateway;
        private TestBin? _honest;
        private string _data = "";

        public MosquittoGateway()
            : this(null)
        {
        }

        private MosquittoGateway(Func<string, string>? editAcl)
        {
            _editAcl = editAcl;
        }

        public MosquittoFixture Broker => _broker ?? throw new InvalidOperationException("not started");

        public InProcessGateway Gateway => _gateway ?? throw new InvalidOperationException("not started");

        public TestBin Honest => _honest ?? throw new InvalidOperationException("not started");

        public int Port => Broker.Port;

        public string AclFile { get; private set; } = "";

        public string AclText => File.ReadAllText(AclFile);

        public IReadOnlyList<string> HonestCards { get; } = Enumerable.Range(0, 40).Select(i => InProcessGateway.DemoCard(2, i)).ToArray();

        public GatewayMetrics Metrics => Gateway.Services.GetRequiredService<GatewayMetrics>();

        public IGatewayReadModel Store => Gateway.Services.GetRequiredService<IGatewayReadModel>();

        /// <summary>A set-up whose ACL file is <paramref name="editAcl"/> of the written one (the control).</summary>
        public static async Task<MosquittoGateway> StartWithAclAsync(Func<string, string> editAcl)
        {
            var g = new MosquittoGateway(editAcl);
            await g.InitializeAsync();
            return g;
        }

        public async Task InitializeAsync()
        {
            _data = Directory.CreateTempSubdirectory("smartbin-mosq-attack-").FullName;
            _broker = MosquittoFixture.Secured(WriteFiles, "max_packet_size 8192");
            _gateway = await InProcessGateway.StartAsync(4, new Dictionary<string, string?>
            {
                ["SmartBin:Mqtt:Mode"] = "External",
                ["SmartBin:Mqtt:External:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
                ["SmartBin:Mqtt:External:Username"] = GatewayUser,
                ["SmartBin:Mqtt:External:Password"] = GatewayPassword,
                ["SmartBin:Mqtt:External:ClientId"] = "attack-test-gateway",
            }, _data);
            await WaitUntilSubscribedAsync();
            _honest = await TestBin.ConnectAsync(_broker.Port, HonestId, "PP");
        }

        public async Task DisposeAsync()
        {
            if (_honest is not null)
            {
                await _honest.DisposeAsync();
            }

            if (_gateway is not null)
            {
                await _gateway.DisposeAsync(); // deletes the data folder
            }

            _broker?.Dispose();
        }

        public double Metric(string name, params (string, string)[] labels) => Metrics.Value(name, labels);

        /// <summary>Drop-offs the gateway took from mosquitto so far (every one, accepted or not).</summary>
        public double ReceivedDropOffs => Metric(SmartBin.Gateway.Mqtt.MqttMetrics.Received, ("leaf", "dropoff"));

        /// <summary>The gateway's own account watching a bin's acks through mosquitto.</summary>
        public Task<ExternalProcess> WatchAcksAsync(string binId) => SubscribeAsync(GatewayUser, GatewayPassword, "watch-" + Guid.NewGuid().ToString("N")[..8], AttackGateway.Topic(binId, "ack"));

        /// <summary>mosquitto_sub (line-buffered, verbose) as <paramref name="user"/> with its own client id; returns once the SUBACK is printed.</summary>
        public async Task<ExternalProcess> SubscribeAsync(string user, string password, string clientId, string filter)
        {
            string sub = ServerBinaries.Require("mosquitto_sub", "mosquitto-clients");
            string stdbuf = ServerBinaries.Require("stdbuf", "coreutils");
            var process = ExternalProcess.Start(stdbuf, new[]
            {
                "-oL", sub, "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-v", "-d",
                "-i", clientId, "-u", user, "-P", password, "-t", filter,
            });
            if (!await process.WaitForAsync(ls => ls.Any(l => l.Contains("SUBACK", StringComparison.Ordinal)), TimeSpan.FromSeconds(20)))
            {
                string output = process.Output;
                process.Dispose();
                throw new InvalidOperationException("mosquitto_sub did not subscribe:\n" + output);
            }

            return process;
        }

        private (string PasswordFile, string AclFile) WriteFiles(string directory)
        {
            string passwords = Path.Combine(directory, "passwd");
            AclFile = Path.Combine(directory, "acl");
            string dll = Path.Combine(AppContext.BaseDirectory, "SmartBin.Gateway.dll");
            using var verb = ExternalProcess.Start("dotnet", new[]
            {
                dll, "mosquitto-files", "--password-file", passwords, "--acl-file", AclFile,
                "--gateway-user", GatewayUser, "--gateway-password", GatewayPassword,
                $"--SmartBin:Storage:DataDirectory={_data}", "--SmartBin:Seed:DemoFleet=true", "--SmartBin:Seed:DemoBins=4", "--SmartBin:Seed:DemoSeed=1",
            });
            Assert.True(verb.WaitForExitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult(), verb.Output);
            Assert.True(verb.ExitCode == 0, verb.Output);
            if (_editAcl is not null)
            {
                File.WriteAllText(AclFile, _editAcl(File.ReadAllText(AclFile)));
            }

            return (passwords, AclFile);
        }

        private async Task WaitUntilSubscribedAsync()
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(30);
            while (Metric(SmartBin.Gateway.Mqtt.MqttMetrics.Connected) < 1)
            {
                Assert.True(DateTime.UtcNow < deadline, "the gateway did not connect to mosquitto:\n" + Broker.Log);
                await Task.Delay(50);
            }
        }
    }
}
