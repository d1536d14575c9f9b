using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>The gateway's answer to one drop-off, as the bin receives it on its <c>ack</c> topic.</summary>
internal sealed record BinAck(long Seq, string Result, string Reason, long Points);

/// <summary>
/// A demo bin of the running gateway as a real MQTT 5 client (client id = user = bin id, the demo secret
/// <c>sim-{binId}</c>), subscribed to its own ack: a drop-off goes through the embedded broker, ingest and the store
/// exactly as a bin's does, and the test reads the ack the bin would.
/// </summary>
internal sealed class AckingBin : IAsyncDisposable
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(20);
    private readonly IMqttClient client;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> pending = new();

    private AckingBin(IMqttClient client, string binId, string material)
    {
        this.client = client;
        BinId = binId;
        Material = material;
        client.ApplicationMessageReceivedAsync += e =>
        {
            var ack = JsonDocument.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray())).RootElement.Clone();
            if (pending.TryRemove(ack.GetProperty("seq").GetInt64(), out var waiting))
            {
                waiting.TrySetResult(ack);
            }
            return Task.CompletedTask;
        };
    }

    public string BinId { get; }

    /// <summary>The material the bin is registered for (its drop-offs carry it).</summary>
    public string Material { get; }

    public static async Task<AckingBin> ConnectAsync(int brokerPort, string binId, string material)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", brokerPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(binId)
            .WithCredentials(binId, "sim-" + binId)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"{binId} was refused: {result.ResultCode}");
        }
        await client.SubscribeAsync($"smartbin/v1/{binId}/ack", MqttQualityOfServiceLevel.AtLeastOnce);
        return new AckingBin(client, binId, material);
    }

    /// <summary>Publishes drop-off <paramref name="seq"/> of <paramref name="netGrams"/> of its material with <paramref name="card"/> and waits for its ack.</summary>
    public async Task<BinAck> DropOffAsync(long seq, string card, int netGrams)
    {
        var waiting = pending.GetOrAdd(seq, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"smartbin/v1/{BinId}/dropoff")
            .WithPayload(DropOffJson(seq, card, netGrams, DateTime.UtcNow.AddSeconds(-5)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        var ack = await waiting.Task.WaitAsync(AckTimeout);
        return new BinAck(seq, ack.GetProperty("result").GetString()!, ack.GetProperty("reason").GetString()!, ack.GetProperty("points").GetInt64());
    }

    private string DropOffJson(long seq, string card, int netGrams, DateTime endUtc)
    {
        static string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        const int grossBefore = 12_480;
        var s = seq.ToString(CultureInfo.InvariantCulture);
        return $"{{\"v\":1,\"id\":\"{BinId}:{s}\",\"seq\":{s},\"card\":\"{card}\",\"start\":\"{Time(endUtc.AddSeconds(-29))}\",\"end\":\"{Time(endUtc)}\"," +
               $"\"grossBeforeG\":{grossBefore},\"grossAfterG\":{grossBefore + netGrams},\"netG\":{netGrams},\"items\":3,\"material\":\"{Material}\",\"flags\":0,\"calVersion\":2,\"fw\":\"1.0.0\"}}";
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
