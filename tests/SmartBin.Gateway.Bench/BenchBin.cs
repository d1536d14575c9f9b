using System;
using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using System.Text.Unicode;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// One simulated bin for the load run: an MQTT connection (<see cref="RawMqttClient"/>) that publishes documented
/// drop-offs (QoS 1) and counts the acks that come back on its ack topic, recording each ack's latency from the moment
/// the drop-off was queued. Either closed loop (at most <c>window</c> unacknowledged, like the firmware's outbox
/// publisher: each ack releases the next drop-off) or paced by the caller.
/// </summary>
internal sealed class BenchBin : IAsyncDisposable
{
    private const int PayloadBytesMax = 512;

    private readonly RawMqttClient client = new();
    private readonly string binId;
    private readonly byte[] dropOffTopic;
    private readonly string card;
    private readonly string material;
    private readonly int windowSize;
    private readonly LatencyRecorder latencies;
    private readonly long[] sentTicks;
    private volatile bool stopping = true;
    private long nextSeq;

    public BenchBin(string binId, string card, string material, int windowSize, int maxMessages, LatencyRecorder latencies)
    {
        this.binId = binId;
        dropOffTopic = Encoding.UTF8.GetBytes($"smartbin/v1/{binId}/dropoff");
        this.card = card;
        this.material = material;
        this.windowSize = windowSize;
        this.latencies = latencies;
        sentTicks = new long[maxMessages + 1];
    }

    public long Credited;
    public long OtherResults;

    public long Sent => Interlocked.Read(ref nextSeq);

    /// <summary>Socket writes this bin made.</summary>
    public long Writes => client.Writes;

    public Task ConnectAsync(string host, int port, string password, CancellationToken stop) =>
        client.ConnectAsync(host, port, binId, binId, password, 60, $"smartbin/v1/{binId}/ack", (_, payload) => OnAck(payload));

    /// <summary>Closed loop: fills the window, then every ack queues the next drop-off, until <paramref name="stop"/> or the budget ends.</summary>
    public async Task RunClosedLoopAsync(CancellationToken stop)
    {
        stopping = false;
        for (var i = 0; i < windowSize && Sent < sentTicks.Length - 1; i++)
        {
            QueueNext();
        }
        client.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        // Stopping only stops new publishes; the ones in flight are still acked.
        stopping = true;
    }

    /// <summary>Publishes one drop-off now (paced mode).</summary>
    public Task PublishOneAsync(CancellationToken stop)
    {
        if (Sent < sentTicks.Length - 1)
        {
            QueueNext();
            client.Flush();
        }
        return Task.CompletedTask;
    }

    private void QueueNext()
    {
        var seq = Interlocked.Increment(ref nextSeq);
        var now = DateTime.UtcNow;
        Span<byte> payload = stackalloc byte[PayloadBytesMax];
        if (!Utf8.TryWrite(payload, $"{{\"v\":1,\"id\":\"{binId}:{seq}\",\"seq\":{seq},\"card\":\"{card}\",\"start\":\"{now.AddSeconds(-20):yyyy-MM-ddTHH:mm:ss.fffZ}\",\"end\":\"{now:yyyy-MM-ddTHH:mm:ss.fffZ}\",\"grossBeforeG\":1000,\"grossAfterG\":1500,\"netG\":500,\"items\":2,\"material\":\"{material}\",\"flags\":0,\"calVersion\":1,\"fw\":\"bench\"}}", out var length))
        {
            throw new InvalidOperationException("drop-off payload does not fit");
        }
        Volatile.Write(ref sentTicks[seq], Stopwatch.GetTimestamp());
        client.QueuePublish(dropOffTopic, payload[..length]);
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
            Console.WriteLine($"{binId}: first non-credited ack: {Encoding.UTF8.GetString(ack)}");
        }
        if (!stopping && Sent < sentTicks.Length - 1)
        {
            QueueNext(); // sent with this read's PUBACKs when the read has been parsed
        }
    }

    private static long ReadLong(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key)
    {
        var at = json.IndexOf(key);
        return at >= 0 && Utf8Parser.TryParse(json[(at + key.Length)..], out long value, out _) ? value : -1;
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
