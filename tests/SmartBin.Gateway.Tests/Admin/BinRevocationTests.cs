using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Tests.Mqtt;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>
/// Secret issue and disable take effect at the embedded broker at once, seen by a real MQTT client: the old secret
/// and a disabled bin are refused at CONNECT and a live connection is closed; mosquitto's files follow the registry.
/// </summary>
public sealed class BinRevocationTests
{
    private const string BinId = "baiyun-0300";

    [Fact]
    public async Task A_new_secret_closes_the_live_connection_refuses_the_old_secret_and_accepts_the_new_one()
    {
        await using var rig = await AdminRig.StartAsync();
        var first = await rig.NewBinWithSecretAsync(BinId);
        using var live = await ConnectAsync(rig, BinId, first);
        Assert.Equal(MqttClientConnectResultCode.Success, live.Result);

        var (status, json, _) = await rig.AdminAsync(HttpMethod.Post, $"bins/{BinId}/secret");
        Assert.Equal(HttpStatusCode.OK, status);
        var second = json.GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(rig.Broker.PlainPort, json.GetProperty("mqtt").GetProperty("port").GetInt32());
        Assert.Equal("127.0.0.1", json.GetProperty("mqtt").GetProperty("host").GetString());
        Assert.False(json.GetProperty("mqtt").GetProperty("tls").GetBoolean());

        await Eventually.TrueAsync(() => !live.Client.IsConnected, 10, "the connection with the old secret stayed open");
        Assert.Equal(1, rig.Metrics.Total(EmbeddedBroker.RevokedMetric));
        using var old = await ConnectAsync(rig, BinId, first);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, old.Result);
        using var fresh = await ConnectAsync(rig, BinId, second);
        Assert.Equal(MqttClientConnectResultCode.Success, fresh.Result);
        var stored = rig.Store.Find(BinId)!;
        Assert.True(BinSecretHasher.Verify(second, stored.SecretHash));
        Assert.DoesNotContain(second, stored.SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_closes_the_live_connection_and_refuses_logins_until_enabled()
    {
        await using var rig = await AdminRig.StartAsync();
        var secret = await rig.NewBinWithSecretAsync(BinId);
        using var live = await ConnectAsync(rig, BinId, secret);
        Assert.Equal(MqttClientConnectResultCode.Success, live.Result);

        var disabled = await rig.AdminAsync(HttpMethod.Post, $"bins/{BinId}/disable", new { reason = "stolen" });
        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.False(disabled.Json.GetProperty("active").GetBoolean());
        Assert.Equal("stolen", disabled.Json.GetProperty("disabledReason").GetString());
        await Eventually.TrueAsync(() => !live.Client.IsConnected, 10, "the disabled bin's connection stayed open");
        using (var refused = await ConnectAsync(rig, BinId, secret))
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused.Result);
        }

        var enabled = await rig.AdminAsync(HttpMethod.Post, $"bins/{BinId}/enable");
        Assert.Equal(HttpStatusCode.OK, enabled.Status);
        Assert.True(enabled.Json.GetProperty("active").GetBoolean());
        using var back = await ConnectAsync(rig, BinId, secret);
        Assert.Equal(MqttClientConnectResultCode.Success, back.Result);
    }

    [Fact]
    public async Task Mosquitto_files_are_rewritten_on_start_and_after_every_secret_issue_disable_and_enable()
    {
        var folder = Directory.CreateTempSubdirectory("smartbin-mosq-").FullName;
        var passwords = Path.Combine(folder, "passwd");
        var acl = Path.Combine(folder, "acl");
        try
        {
            await using var rig = await AdminRig.StartAsync(new Dictionary<string, string?>
            {
                ["SmartBin:Mqtt:External:PasswordFile"] = passwords,
                ["SmartBin:Mqtt:External:AclFile"] = acl,
                ["SmartBin:Mqtt:External:Password"] = "gateway-password",
                ["SmartBin:Admin:BrokerHost"] = "mqtt.tonglu.example",
                ["SmartBin:Admin:BrokerPort"] = "8883",
            });
            Assert.True(File.Exists(passwords), "not written at start");
            Assert.DoesNotContain(BinId + ":", File.ReadAllText(passwords), StringComparison.Ordinal);

            await rig.AdminAsync(HttpMethod.Put, "bins/" + BinId, new { community = "baiyun", material = "PET" });
            var (_, json, _) = await rig.AdminAsync(HttpMethod.Post, $"bins/{BinId}/secret");
            Assert.Equal("mqtt.tonglu.example", json.GetProperty("mqtt").GetProperty("host").GetString());
            Assert.Equal(8883, json.GetProperty("mqtt").GetProperty("port").GetInt32());
            var secret = json.GetProperty("secret").GetString()!;
            Assert.True(BinSecretHasher.Verify(secret, HashOf(passwords, BinId)!));
            Assert.Contains($"user {BinId}", File.ReadAllText(acl), StringComparison.Ordinal);
            Assert.True(BinSecretHasher.Verify("gateway-password", HashOf(passwords, "smartbin-gateway")!));

            await rig.AdminAsync(HttpMethod.Post, $"bins/{BinId}/disable", new { reason = "stolen" });
            Assert.Null(HashOf(passwords, BinId));
            Assert.DoesNotContain($"user {BinId}", File.ReadAllText(acl), StringComparison.Ordinal);

            await rig.AdminAsync(HttpMethod.Post, $"bins/{BinId}/enable");
            Assert.True(BinSecretHasher.Verify(secret, HashOf(passwords, BinId)!));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp")); // atomic writes leave no temp files behind
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? HashOf(string passwordFile, string user) =>
        File.ReadAllLines(passwordFile).Where(l => l.StartsWith(user + ":", StringComparison.Ordinal)).Select(l => l[(user.Length + 1)..]).SingleOrDefault();

    private static async Task<Connection> ConnectAsync(AdminRig rig, string binId, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", rig.Broker.PlainPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(binId)
            .WithCredentials(binId, secret)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options);
        return new Connection(client, result.ResultCode);
    }

    private sealed record Connection(IMqttClient Client, MqttClientConnectResultCode Result) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }
}
