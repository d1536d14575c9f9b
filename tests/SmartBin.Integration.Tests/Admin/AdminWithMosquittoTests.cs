using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Mqtt;
using SmartBin.Integration.Tests.Fixtures;
using SmartBin.Integration.Tests.Mqtt;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Admin
{
    /// <summary>
    /// The gateway in External mode writes a real mosquitto's password and ACL files: after a secret is rotated or a
    /// bin disabled through the admin API and mosquitto is reloaded (SIGHUP), mosquitto_pub with the old secret or as
    /// the disabled bin is refused, an open connection with the old secret is closed, and the new secret is accepted.
    /// </summary>
    public sealed class AdminWithMosquittoTests : IDisposable
    {
        private const string Root = "smartbin/v1";
        private const string GatewayUser = "smartbin-gateway";
        private const string GatewayPassword = "gateway-password";
        private const string BinId = "baiyun-0500";
        private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(20);
        private readonly MosquittoFixture _broker;
        private readonly ITestOutputHelper _output;
        private string _passwordFile = string.Empty;
        private string _aclFile = string.Empty;

        public AdminWithMosquittoTests(ITestOutputHelper output)
        {
            _output = output;
            _broker = MosquittoFixture.Secured(dir =>
            {
                _passwordFile = Path.Combine(dir, "passwd");
                _aclFile = Path.Combine(dir, "acl");
                // mosquitto needs the files to start; the gateway rewrites them from its registry when it starts.
                MosquittoFiles.Write(new DictionaryCredentials(), Root, _passwordFile, _aclFile, GatewayUser, GatewayPassword);
                return (_passwordFile, _aclFile);
            });
        }

        [Fact]
        public async Task A_rotated_secret_and_a_disabled_bin_are_refused_by_mosquitto_after_reload_and_the_new_secret_works()
        {
            await using var gateway = await InProcessGateway.StartAsync(2, new Dictionary<string, string?>
            {
                ["SmartBin:Mqtt:Mode"] = "External",
                ["SmartBin:Mqtt:External:Host"] = _broker.Host,
                ["SmartBin:Mqtt:External:Port"] = _broker.Port.ToString(CultureInfo.InvariantCulture),
                ["SmartBin:Mqtt:External:Username"] = GatewayUser,
                ["SmartBin:Mqtt:External:Password"] = GatewayPassword,
                ["SmartBin:Mqtt:External:ClientId"] = "smartbin-gateway-admin-test",
                ["SmartBin:Mqtt:External:PasswordFile"] = _passwordFile,
                ["SmartBin:Mqtt:External:AclFile"] = _aclFile,
            });
            var http = gateway.Http;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AddAdmin(gateway));

            var put = await http.PutAsJsonAsync($"api/admin/v1/bins/{BinId}", new { community = "baiyun", material = "PET" });
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            string first = await IssueSecretAsync(http);
            _broker.Reload();
            await WaitUntilAsync(() => PublishAsync(first), expectAccepted: true, "the first secret");
            // Another client id than the publishes below use, so no session takeover closes it: only the reload could.
            using var live = await MosquittoClients.SubscribeAsync(_broker.Port, BinId, first, BinTopics.Topic(Root, BinId, "ack"), "-i", BinId + "-live");

            string second = await IssueSecretAsync(http);
            _broker.Reload();
            await WaitUntilAsync(() => PublishAsync(second), expectAccepted: true, "the rotated secret");
            bool dropped = await live.WaitForExitAsync(TimeSpan.FromSeconds(10));
            _output.WriteLine(live.Output);
            // mosquitto 2.0 re-checks connected clients at reload: the open connection with the old secret is closed
            // and its automatic reconnect refused.
            Assert.True(dropped, "mosquitto kept the connection with the old secret open after the reload");
            Assert.Contains(live.Lines, l => l.Contains("CONNACK (135)", StringComparison.Ordinal));
            using (var old = await PublishAsync(first))
            {
                _output.WriteLine("old secret: exit " + old.ExitCode + "\n" + old.Output);
                Assert.NotEqual(0, old.ExitCode);
                Assert.Contains(old.Lines, l => l.Contains("not authori", StringComparison.OrdinalIgnoreCase) ||
                                                l.Contains("bad user name or password", StringComparison.OrdinalIgnoreCase));
            }

            var disable = await http.PostAsJsonAsync($"api/admin/v1/bins/{BinId}/disable", new { reason = "stolen" });
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
            _broker.Reload();
            await WaitUntilAsync(() => PublishAsync(second), expectAccepted: false, "the disabled bin");
            Assert.DoesNotContain(BinId + ":", File.ReadAllText(_passwordFile), StringComparison.Ordinal);

            var enable = await http.PostAsync($"api/admin/v1/bins/{BinId}/enable", null);
            Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
            _broker.Reload();
            await WaitUntilAsync(() => PublishAsync(second), expectAccepted: true, "the enabled bin");
        }

        public void Dispose()
        {
            _output.WriteLine("mosquitto log:\n" + _broker.Log);
            _broker.Dispose();
        }

        private static string AddAdmin(InProcessGateway gateway)
        {
            var key = ApiKeys.Create();
            var store = gateway.Services.GetRequiredService<SqliteGatewayStore>();
            Assert.True(store.AddOperator(new OperatorRecord("it-admin", AdminRoles.Admin, key.KeyId, key.SecretHash, DateTimeOffset.UtcNow, null)));
            return key.Text;
        }

        private static async Task<string> IssueSecretAsync(HttpClient http)
        {
            var response = await http.PostAsync($"api/admin/v1/bins/{BinId}/secret", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("secret").GetString()!;
        }

        private Task<ExternalProcess> PublishAsync(string secret) =>
            MosquittoClients.PublishAsync(_broker.Port, BinId, secret, BinTopics.Topic(Root, BinId, "telemetry"), "{\"v\":1}");

        // mosquitto applies SIGHUP asynchronously: poll (each try a real login) until the expected answer or the deadline.
        private async Task WaitUntilAsync(Func<Task<ExternalProcess>> publish, bool expectAccepted, string what)
        {
            DateTime deadline = DateTime.UtcNow + ReloadDeadline;
            while (true)
            {
                using ExternalProcess attempt = await publish();
                if ((attempt.ExitCode == 0) == expectAccepted)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"{what}: expected {(expectAccepted ? "accepted" : "refused")}, mosquitto_pub exit {attempt.ExitCode}:\n{attempt.Output}");
                }

                await Task.Delay(100);
            }
        }
    }
}
