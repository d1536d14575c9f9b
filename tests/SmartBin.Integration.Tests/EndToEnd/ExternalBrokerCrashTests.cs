using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.EndToEnd
{
    /// <summary>
    /// External broker mode, with the gateway as a real process killed (SIGKILL) after it received a drop-off from
    /// mosquitto and before it committed it: mosquitto redelivers to the restarted gateway, which credits it once;
    /// the bin's own resend is then a duplicate. Exactly-once across a crash, end to end.
    /// </summary>
    public sealed class ExternalBrokerCrashTests : IDisposable
    {
        private const string GatewayUser = "smartbin-gateway";
        private const string GatewayPassword = "gateway-secret-1";
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
        private readonly ITestOutputHelper _output;
        private readonly string _data = Directory.CreateTempSubdirectory("smartbin-crash-").FullName;
        private readonly string _gatewayDll = Path.Combine(AppContext.BaseDirectory, "SmartBin.Gateway.dll");

        public ExternalBrokerCrashTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Drop_off_received_by_a_gateway_killed_before_commit_is_redelivered_and_credited_once()
        {
            string pub = ServerBinaries.Require("mosquitto_pub", "mosquitto-clients");
            string sub = ServerBinaries.Require("mosquitto_sub", "mosquitto-clients");
            using var broker = MosquittoFixture.Secured(WriteMosquittoFiles);
            string brokerPort = broker.Port.ToString(CultureInfo.InvariantCulture);
            using var acks = ExternalProcess.Start(sub, new[]
            {
                "-h", "127.0.0.1", "-p", brokerPort, "-i", "crash-test-acks", "-u", GatewayUser, "-P", GatewayPassword,
                "-t", "smartbin/v1/baiyun-0001/ack", "-q", "1", "-C", "2", "-W", "120",
            });

            int httpPort = FreeTcpPort.Next();
            string dropOff = ThirdPartyClientTests.DocumentedDropOff("baiyun-0001", 1, InProcessGateway.DemoCard(0, 5), "PET", 1_250);
            using (var doomed = StartGateway(broker.Port, httpPort, commitDelayMs: 30_000))
            {
                Assert.True(await doomed.WaitForAsync(l => l.Any(x => x.Contains("MQTT client subscribed", StringComparison.Ordinal)), Timeout), doomed.Output);
                await PublishAsync(pub, brokerPort, dropOff);
                bool received = await WaitForMetricAsync(httpPort, "smartbin_mqtt_received_total\\{leaf=\"dropoff\"\\} 1\\b");
                _output.WriteLine("first gateway (killed):\n" + doomed.Output);
                Assert.True(received, "the gateway never received the drop-off:\n" + doomed.Output + "\nbroker:\n" + broker.Log);
            } // Dispose = SIGKILL, in the middle of the 30 s wait before the commit.

            Assert.Equal(0, CountDropOffs());
            using (var restarted = StartGateway(broker.Port, httpPort, commitDelayMs: 0))
            {
                Assert.True(await acks.WaitForAsync(l => l.Count(IsJson) >= 1, Timeout), "no ack after restart:\n" + restarted.Output);
                await PublishAsync(pub, brokerPort, dropOff); // the bin's own resend after its ack timeout
                Assert.True(await acks.WaitForAsync(l => l.Count(IsJson) >= 2, Timeout), "no ack for the resend:\n" + restarted.Output);
                _output.WriteLine("restarted gateway:\n" + restarted.Output);
            }

            JsonElement[] answers = acks.Lines.Where(IsJson).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal("credited", answers[0].GetProperty("result").GetString());
            Assert.Equal(100, answers[0].GetProperty("points").GetInt64()); // 1250 g of PET at 80 points/kg
            Assert.Equal("duplicate", answers[1].GetProperty("result").GetString());
            Assert.Equal(1, CountDropOffs());
            Assert.Equal(100, HouseholdPoints());
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        private static bool IsJson(string line) => line.StartsWith("{", StringComparison.Ordinal);

        private string[] HostArguments() => new[]
        {
            $"--SmartBin:Storage:DataDirectory={_data}", "--SmartBin:Seed:DemoFleet=true", "--SmartBin:Seed:DemoBins=2",
        };

        private (string PasswordFile, string AclFile) WriteMosquittoFiles(string directory)
        {
            string passwords = Path.Combine(directory, "passwd");
            string acl = Path.Combine(directory, "acl");
            using var verb = ExternalProcess.Start("dotnet", new[]
            {
                _gatewayDll, "mosquitto-files", "--password-file", passwords, "--acl-file", acl,
                "--gateway-user", GatewayUser, "--gateway-password", GatewayPassword,
            }.Concat(HostArguments()));
            Assert.True(verb.WaitForExitAsync(Timeout).GetAwaiter().GetResult(), verb.Output);
            Assert.True(verb.ExitCode == 0, verb.Output);
            return (passwords, acl);
        }

        private ExternalProcess StartGateway(int brokerPort, int httpPort, int commitDelayMs) =>
            ExternalProcess.Start("dotnet", new[]
            {
                _gatewayDll, $"--Urls=http://127.0.0.1:{httpPort}", "--SmartBin:Mqtt:Mode=External",
                $"--SmartBin:Mqtt:External:Port={brokerPort}", $"--SmartBin:Mqtt:External:Username={GatewayUser}",
                $"--SmartBin:Mqtt:External:Password={GatewayPassword}", "--SmartBin:Mqtt:External:ClientId=crash-test-gateway",
                $"--SmartBin:Ingest:TestDelayBeforeCommitMs={commitDelayMs}",
            }.Concat(HostArguments()));

        private async Task PublishAsync(string pub, string port, string payload)
        {
            using var process = ExternalProcess.Start(pub, new[]
            {
                "-h", "127.0.0.1", "-p", port, "-i", "baiyun-0001", "-u", "baiyun-0001", "-P", "sim-baiyun-0001", "-V", "mqttv5",
                "-t", "smartbin/v1/baiyun-0001/dropoff", "-q", "1", "-m", payload,
            });
            Assert.True(await process.WaitForExitAsync(Timeout));
            Assert.True(process.ExitCode == 0, process.Output);
        }

        private static async Task<bool> WaitForMetricAsync(int httpPort, string pattern)
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    if (Regex.IsMatch(await http.GetStringAsync("metrics"), pattern))
                    {
                        return true;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(100);
            }
            return false;
        }

        private SqliteConnection OpenDatabase()
        {
            var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "smartbin.db")};Mode=ReadOnly;Pooling=False");
            connection.Open();
            return connection;
        }

        private long CountDropOffs()
        {
            using SqliteConnection db = OpenDatabase();
            using SqliteCommand count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM dropoffs";
            return (long)count.ExecuteScalar()!;
        }

        private long HouseholdPoints()
        {
            using SqliteConnection db = OpenDatabase();
            using SqliteCommand sum = db.CreateCommand();
            sum.CommandText = "SELECT COALESCE(SUM(balance), 0) FROM balances WHERE account LIKE 'household:%' AND unit = 'points'";
            return (long)sum.ExecuteScalar()!;
        }
    }
}
