using System;
using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// The reference: a real mosquitto and one subscriber that answers every drop-off with an ack, doing no work in
/// between. What the gateway adds on top (validation, crediting, an fsync'd ledger commit) is measured against this.
/// </summary>
internal sealed class MosquittoRelay : IAsyncDisposable
{
    private readonly Process broker;
    private readonly string directory;
    private readonly IMqttClient relay = new MqttClientFactory().CreateMqttClient();

    private MosquittoRelay(Process broker, string directory, int port)
    {
        this.broker = broker;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

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

    private async Task StartRelayAsync()
    {
        relay.ApplicationMessageReceivedAsync += async e =>
        {
            var topic = e.ApplicationMessage.Topic; // smartbin/v1/{bin}/dropoff
            var bin = topic.Split('/')[2];
            var payload = e.ApplicationMessage.Payload.ToArray();
            var at = payload.AsSpan().IndexOf("\"seq\":"u8);
            Utf8Parser.TryParse(payload.AsSpan(at + 6), out long seq, out _);
            var ack = Encoding.UTF8.GetBytes($"{{\"v\":1,\"seq\":{seq},\"result\":\"credited\",\"reason\":\"\",\"points\":40,\"co2eG\":585}}");
            // Not awaited: a relay keeps reading while its acks are in flight, as the gateway does. The bins' closed
            // loop bounds how many can be in flight (bins x window); waiting here could block the loop that reads PUBACKs.
            _ = relay.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"smartbin/v1/{bin}/ack").WithPayload(ack)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await Task.CompletedTask;
        };
        await relay.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId("bench-relay")
            .WithCleanSession(true).WithTimeout(TimeSpan.FromSeconds(30)).Build());
        await relay.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic("smartbin/v1/+/dropoff").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await relay.DisconnectAsync();
        }
        catch (Exception)
        {
            // Broker may already be gone.
        }
        relay.Dispose();
        if (!broker.HasExited)
        {
            broker.Kill();
        }
        await broker.WaitForExitAsync();
        broker.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
