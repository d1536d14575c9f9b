using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartBin.Web.Tests;

/// <summary>
/// A bin on the gateway's embedded broker (demo fleet credentials, secret <c>sim-</c> + id) that publishes drop-offs
/// in the documented format (docs/protocol.md) and waits for the gateway's ack of each, as the firmware does.
/// </summary>
internal sealed class DropOffBin : IAsyncDisposable
{
    private readonly IMqttClient client;
    private readonly string binId;
    private readonly string material;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> waiting = new();
    private long seq;

    private DropOffBin(IMqttClient client, string binId, string material)
    {
        this.client = client;
        this.binId = binId;
        this.material = material;
        client.ApplicationMessageReceivedAsync += e =>
        {
            var ack = JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString()).RootElement.Clone();
            if (waiting.TryRemove(ack.GetProperty("seq").GetInt64(), out var done))
            {
                done.TrySetResult(ack);
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>Connects as <paramref name="binId"/> (whose stream is <paramref name="material"/>) and subscribes to its acks.</summary>
    public static async Task<DropOffBin> ConnectAsync(int port, string binId, string material)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(binId)
            .WithCredentials(binId, "sim-" + binId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        var bin = new DropOffBin(client, binId, material);
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{binId} could not connect: {result.ResultCode}");
        }
        await client.SubscribeAsync($"smartbin/v1/{binId}/ack", MqttQualityOfServiceLevel.AtLeastOnce);
        return bin;
    }

    /// <summary>Publishes one drop-off of <paramref name="netGrams"/> by <paramref name="card"/> ending now; returns the ack's result.</summary>
    public async Task<string> DropOffAsync(string card, int netGrams)
    {
        var n = ++seq;
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[n] = done;
        var end = DateTimeOffset.UtcNow;
        string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"v\":1,\"id\":\"{binId}:{n}\",\"seq\":{n},\"card\":\"{card}\",\"start\":\"{Time(end.AddSeconds(-20))}\",\"end\":\"{Time(end)}\"," +
            $"\"grossBeforeG\":5000,\"grossAfterG\":{5_000 + netGrams},\"netG\":{netGrams},\"items\":2,\"material\":\"{material}\",\"flags\":0,\"calVersion\":2,\"fw\":\"1.0.0\"}}");
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"smartbin/v1/{binId}/dropoff")
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        var ack = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return ack.GetProperty("result").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }
        client.Dispose();
    }
}
