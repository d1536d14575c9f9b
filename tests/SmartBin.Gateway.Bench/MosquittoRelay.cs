using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text.Unicode;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// The reference: a real mosquitto and one subscriber that answers every drop-off with an ack, doing no work in
/// between. The subscriber is the same raw, write-coalescing client the bins use, so neither side of the
/// comparison pays for a heavier client. What the gateway adds on top (validation, crediting, an fsync'd ledger commit) is measured against this.
/// </summary>
internal sealed class MosquittoRelay : IAsyncDisposable
{
    private readonly Process broker;
    private readonly string directory;
    private readonly RawMqttClient relay = new();

    private MosquittoRelay(Process broker, string directory, int port)
    {
        this.broker = broker;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>CPU time the mosquitto process has used so far.</summary>
    public TimeSpan BrokerCpu()
    {
        broker.Refresh();
        return broker.TotalProcessorTime;
    }

    public static async Task<MosquittoRelay> StartAsync(int port)
    {
        var binary = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var directory = Directory.CreateTempSubdirectory("smartbin-bench-mosquitto-").FullName;
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 0\nmax_queued_messages 0\nset_tcp_nodelay true\n");
        var process = Process.Start(new ProcessStartInfo(binary, ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("mosquitto did not start (install Debian's mosquitto)");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new MosquittoRelay(process, directory, port);
        await started.WaitListeningAsync();
        await started.StartRelayAsync();
        return started;
    }

    private async Task WaitListeningAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"mosquitto did not listen on {Port}");
    }

    private Task StartRelayAsync() =>
        relay.ConnectAsync("127.0.0.1", Port, "bench-relay", "bench-relay", "", 0, "smartbin/v1/+/dropoff", OnDropOff);

    private void OnDropOff(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        // smartbin/v1/{bin}/dropoff -> smartbin/v1/{bin}/ack
        Span<byte> ackTopic = stackalloc byte[topic.Length];
        var stem = topic[..(topic.LastIndexOf((byte)'/') + 1)];
        stem.CopyTo(ackTopic);
        "ack"u8.CopyTo(ackTopic[stem.Length..]);
        var at = payload.IndexOf("\"seq\":"u8);
        Utf8Parser.TryParse(payload[(at + 6)..], out long seq, out _);
        Span<byte> ack = stackalloc byte[128];
        Utf8.TryWrite(ack, $"{{\"v\":1,\"seq\":{seq},\"result\":\"credited\",\"reason\":\"\",\"points\":40,\"co2eG\":585}}", out var length);
        // Queued, not sent: it leaves with the PUBACKs of this read in one write, as the gateway's acks may.
        relay.QueuePublish(ackTopic[..(stem.Length + 3)], ack[..length]);
    }

    public async ValueTask DisposeAsync()
    {
        await relay.DisposeAsync();
        if (!broker.HasExited)
        {
            broker.Kill();
        }
        await broker.WaitForExitAsync();
        broker.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
