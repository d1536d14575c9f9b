using System;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;

namespace SmartBin.Web.Tests;

/// <summary>
/// A bin on the gateway's embedded broker with the demo fleet's credentials (secret <c>sim-</c> + id), publishing
/// telemetry in the documented format (docs/protocol.md) as its fill level rises.
/// </summary>
internal sealed class SimulatedBin : IAsyncDisposable
{
    private readonly IMqttClient client;
    private readonly string binId;

    private SimulatedBin(IMqttClient client, string binId)
    {
        this.client = client;
        this.binId = binId;
    }

    public static async Task<SimulatedBin> ConnectAsync(int port, string binId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(binId)
            .WithCredentials(binId, "sim-" + binId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        var result = await client.ConnectAsync(options);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{binId} could not connect: {result.ResultCode}");
        }
        return new SimulatedBin(client, binId);
    }

    /// <summary>Publishes one telemetry reading with <paramref name="fillPct"/> and a weight that grows with it.</summary>
    public async Task TelemetryAsync(int fillPct)
    {
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var weightG = 2_000 + fillPct * 250;
        var json = "{\"v\":1,\"at\":\"" + at + "\",\"uptimeS\":3600,\"weightG\":" + weightG.ToString(CultureInfo.InvariantCulture) +
            ",\"stable\":true,\"fillPct\":" + fillPct.ToString(CultureInfo.InvariantCulture) + ",\"distanceMm\":" + (1000 - fillPct * 9).ToString(CultureInfo.InvariantCulture) +
            ",\"full\":" + (fillPct >= 80 ? "true" : "false") + ",\"rssiDbm\":-61,\"freeHeapB\":41200,\"outboxDepth\":0,\"outboxCap\":200," +
            "\"scaleFault\":\"\",\"readerOk\":true,\"session\":\"idle\",\"calVersion\":2,\"fw\":\"1.0.0\",\"counters\":{\"cancelled\":0," +
            "\"refused\":0,\"unattributed\":0,\"droppedEvents\":0,\"rejectedLines\":0,\"rejectedMessages\":0}}";
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"smartbin/v1/{binId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .Build();
        await client.PublishAsync(message);
    }

    /// <summary>Publishes one drop-off (QoS 1) of <paramref name="netGrams"/> by <paramref name="cardUid"/>, session ending now.</summary>
    public async Task DropOffAsync(long seq, string cardUid, int netGrams, string material = "PET")
    {
        var end = DateTimeOffset.UtcNow;
        string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var s = seq.ToString(CultureInfo.InvariantCulture);
        const int grossBeforeG = 10_000;
        var json = "{\"v\":1,\"id\":\"" + binId + ":" + s + "\",\"seq\":" + s + ",\"card\":\"" + cardUid + "\",\"start\":\"" + Time(end.AddSeconds(-25)) +
            "\",\"end\":\"" + Time(end) + "\",\"grossBeforeG\":" + grossBeforeG.ToString(CultureInfo.InvariantCulture) + ",\"grossAfterG\":" +
            (grossBeforeG + netGrams).ToString(CultureInfo.InvariantCulture) + ",\"netG\":" + netGrams.ToString(CultureInfo.InvariantCulture) +
            ",\"items\":3,\"material\":\"" + material + "\",\"flags\":0,\"calVersion\":2,\"fw\":\"1.0.0\"}";
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"smartbin/v1/{binId}/dropoff")
            .WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await client.PublishAsync(message);
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
