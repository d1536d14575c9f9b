using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// One simulated bin for the load run: an MQTT connection that publishes documented drop-offs (QoS 1) and counts the
/// acks that come back on its ack topic, recording each ack's latency from publish. Either closed loop (at most
/// <c>window</c> unacknowledged, like the firmware's outbox publisher) or paced by the caller.
/// </summary>
internal sealed class BenchBin : IAsyncDisposable
{
    private readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();
    private readonly string binId;
    private readonly string card;
    private readonly string material;
    private readonly LatencyRecorder latencies;
    private readonly SemaphoreSlim window;
    private readonly long[] sentTicks;
    private long nextSeq;

    public BenchBin(string binId, string card, string material, int windowSize, int maxMessages, LatencyRecorder latencies)
    {
        this.binId = binId;
        this.card = card;
        this.material = material;
        this.latencies = latencies;
        window = new SemaphoreSlim(windowSize, windowSize);
        sentTicks = new long[maxMessages + 1];
        client.ApplicationMessageReceivedAsync += e =>
        {
            OnAck(e.ApplicationMessage.Payload.FirstSpan.Length == e.ApplicationMessage.Payload.Length
                ? e.ApplicationMessage.Payload.FirstSpan
                : e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
    }

    public long Credited;
    public long OtherResults;

    public long Sent => Interlocked.Read(ref nextSeq);

    public async Task ConnectAsync(string host, int port, string password, CancellationToken stop)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(binId)
            .WithCredentials(binId, password)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build();
        var result = await client.ConnectAsync(options, stop);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{binId}: connect refused: {result.ResultCode}");
        }
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic($"smartbin/v1/{binId}/ack").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build(), stop);
    }

    /// <summary>Closed loop: publish as fast as acks allow until <paramref name="stop"/> or the message budget ends.</summary>
    public async Task RunClosedLoopAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && Sent < sentTicks.Length - 1)
            {
                await window.WaitAsync(stop);
                // Not the stop token: MQTTnet turns a cancelled publish into a timeout exception; stopping only
                // stops new publishes, and the ones in flight finish.
                await PublishNextAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Publishes one drop-off now (paced mode).</summary>
    public Task PublishOneAsync(CancellationToken stop) => Sent < sentTicks.Length - 1 ? PublishNextAsync(stop) : Task.CompletedTask;

    private async Task PublishNextAsync(CancellationToken stop)
    {
        var seq = Interlocked.Increment(ref nextSeq);
        var now = DateTime.UtcNow;
        var end = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var start = now.AddSeconds(-20).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(
            $"{{\"v\":1,\"id\":\"{binId}:{seq}\",\"seq\":{seq},\"card\":\"{card}\",\"start\":\"{start}\",\"end\":\"{end}\"," +
            $"\"grossBeforeG\":1000,\"grossAfterG\":1500,\"netG\":500,\"items\":2,\"material\":\"{material}\",\"flags\":0,\"calVersion\":1,\"fw\":\"bench\"}}");
        Volatile.Write(ref sentTicks[seq], Stopwatch.GetTimestamp());
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"smartbin/v1/{binId}/dropoff")
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), stop);
    }

    private void OnAck(ReadOnlySpan<byte> ack)
    {
        var seq = ReadLong(ack, "\"seq\":"u8);
        if (seq < 1 || seq >= sentTicks.Length)
        {
            return;
        }
        var sent = Volatile.Read(ref sentTicks[seq]);
        if (sent != 0)
        {
            latencies.Record(Stopwatch.GetElapsedTime(sent));
        }
        if (ack.IndexOf("\"result\":\"credited\""u8) >= 0)
        {
            Interlocked.Increment(ref Credited);
        }
        else if (Interlocked.Increment(ref OtherResults) == 1)
        {
            Console.WriteLine($"{binId}: first non-credited ack: {System.Text.Encoding.UTF8.GetString(ack)}");
        }
        window.Release();
    }

    private static long ReadLong(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key)
    {
        var at = json.IndexOf(key);
        return at >= 0 && Utf8Parser.TryParse(json[(at + key.Length)..], out long value, out _) ? value : -1;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await client.DisconnectAsync();
        }
        catch (Exception)
        {
            // Already gone.
        }
        client.Dispose();
    }
}
