using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using SmartBin.Gateway.Tests.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

/// <summary>
/// The InfluxDB sender outlives whatever its server does to a connection. Found by the fault schedule
/// (smartbin-chaos --mode embedded): InfluxDB killed while the gateway connected made HttpClient throw a bare
/// SocketException out of the sender, the host stopped the whole gateway (StopHost) with exit code 0, and no bin
/// could reach the broker again (docs/reliability.md).
/// </summary>
public sealed class InfluxSenderResilienceTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("smartbin-influx-sender-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_connection_reset_before_use_is_a_network_retry_not_an_exception()
    {
        using var server = new ResettingServer();
        // Control: this connect path really makes HttpClient throw a bare SocketException.
        using (var plain = new HttpClient(ResettingServer.ResetBeforeUseHandler()))
        {
            var bare = await Assert.ThrowsAsync<SocketException>(() => plain.PostAsync(new Uri(server.Url + "/write"), new ByteArrayContent([1])));
            Assert.Equal(SocketError.NotConnected, bare.SocketErrorCode);
        }

        using var http = new InfluxHttp(Options(server.Url), TimeProvider.System, ResettingServer.ResetBeforeUseHandler());
        var result = await http.WriteAsync("m v=1i 1\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal(WriteOutcome.Retry, result.Outcome);
        Assert.Equal("network", result.RetryReason);
        Assert.Equal(0, result.Status);
    }

    [Fact]
    public async Task The_sender_keeps_retrying_a_server_that_resets_every_connection_and_keeps_the_batch()
    {
        using var server = new ResettingServer();
        var metrics = new GatewayMetrics();
        using var outbox = new InfluxOutbox(folder, batchLines: 10, metrics, NullLogger.Instance);
        await outbox.WriteAsync([Point()], CancellationToken.None);
        using var http = new InfluxHttp(Options(server.Url), TimeProvider.System, ResettingServer.ResetBeforeUseHandler());
        using var sender = new InfluxSender(outbox, http, Options(server.Url), metrics, TimeProvider.System, NullLogger<InfluxSender>.Instance);

        await sender.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => metrics.Value(TsdbMetrics.Retries, ("reason", "network")) >= 3);

        Assert.False(sender.ExecuteTask!.IsCompleted, "the sender loop ended");
        Assert.Equal(0, metrics.Total(BackgroundFailures.Metric));
        Assert.Equal(1, outbox.Batches);
        await sender.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_exception_nobody_expected_is_counted_and_the_sender_goes_on()
    {
        var metrics = new GatewayMetrics();
        using var outbox = new InfluxOutbox(folder, batchLines: 10, metrics, NullLogger.Instance);
        await outbox.WriteAsync([Point()], CancellationToken.None);
        using var broken = new ThrowingHandler();
        using var http = new InfluxHttp(Options("http://127.0.0.1:9"), TimeProvider.System, broken);
        using var sender = new InfluxSender(outbox, http, Options("http://127.0.0.1:9"), metrics, TimeProvider.System, NullLogger<InfluxSender>.Instance);

        await sender.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => metrics.Value(BackgroundFailures.Metric, ("loop", "influx-sender")) >= 2);

        Assert.False(sender.ExecuteTask!.IsCompleted, "the sender loop ended");
        Assert.True(broken.Calls >= 2);
        Assert.Equal(1, outbox.Batches); // the batch waits for a server that takes it
        await sender.StopAsync(CancellationToken.None);
    }

    private static InfluxOptions Options(string url) => new()
    {
        Url = url,
        Database = "smartbin",
        BatchLines = 10,
        RetryMinMs = 10,
        RetryMaxMs = 40,
        TimeoutMs = 2_000,
    };

    private static TimeSeriesPoint Point() => new(
        "dropoff",
        [new KeyValuePair<string, string>("bin", "baiyun-0007")],
        [new KeyValuePair<string, FieldValue>("net_g", FieldValue.Of(420L))],
        1_795_000_000_000_000_000);

    /// <summary>A handler with a defect: every request throws an exception no HTTP client documents.</summary>
    private sealed class ThrowingHandler : HttpMessageHandler
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("handler defect");
        }
    }
}
