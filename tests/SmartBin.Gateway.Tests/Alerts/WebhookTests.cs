using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.Alerts;

/// <summary>The webhook against a real HTTP listener (Kestrel on a free loopback port).</summary>
public sealed class WebhookTests
{
    [Fact]
    public async Task Each_change_arrives_as_the_documented_json()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 0);
        using var rig = WebhookRig(receiver.Url);
        await rig.Webhook.StartAsync(CancellationToken.None);
        rig.Telemetry(Msg.Telemetry(scaleFault: "scale-saturated"));
        rig.Time.Advance(TimeSpan.FromSeconds(42));
        rig.Telemetry(Msg.Telemetry());
        await Poll.UntilAsync(() => rig.Metrics.Value("smartbin_alert_webhook_delivered_total") >= 2);
        await rig.Webhook.StopAsync(CancellationToken.None);

        var bodies = receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        var opened = bodies.Single(b => b.GetProperty("state").GetString() == "opened");
        var cleared = bodies.Single(b => b.GetProperty("state").GetString() == "cleared");
        string[] fields = ["id", "changeId", "bin", "community", "kind", "code", "state", "openedUtc", "clearedUtc", "detail"];
        Assert.Equal(fields.Order(), opened.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(AlertRig.Bin, opened.GetProperty("bin").GetString());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("community").ValueKind); // not registered
        Assert.Equal("scale-fault", opened.GetProperty("kind").GetString());
        Assert.Equal("scale-saturated", opened.GetProperty("code").GetString());
        Assert.Equal("2026-11-23T00:00:00Z", opened.GetProperty("openedUtc").GetString());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("clearedUtc").ValueKind);
        Assert.Equal(opened.GetProperty("id").GetInt64(), cleared.GetProperty("id").GetInt64());
        Assert.NotEqual(opened.GetProperty("changeId").GetInt64(), cleared.GetProperty("changeId").GetInt64());
        Assert.Equal("2026-11-23T00:00:42Z", cleared.GetProperty("clearedUtc").GetString());
        Assert.All(receiver.ContentTypes, t => Assert.StartsWith("application/json", t, StringComparison.Ordinal));
        Assert.Equal(2, rig.Metrics.Value("smartbin_alert_webhook_delivered_total"));
    }

    [Fact]
    public async Task Two_503s_then_delivered_on_the_third_attempt_and_counted()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 2);
        using var rig = WebhookRig(receiver.Url);
        await rig.Webhook.StartAsync(CancellationToken.None);
        rig.Status(Msg.Offline);
        await Poll.UntilAsync(() => rig.Metrics.Value("smartbin_alert_webhook_delivered_total") >= 1);
        await rig.Webhook.StopAsync(CancellationToken.None);

        Assert.Equal(3, receiver.Requests);
        Assert.Equal(2, rig.Metrics.Value("smartbin_alert_webhook_failed_total", ("reason", "http-503")));
        Assert.Equal(0, rig.Metrics.Value("smartbin_alert_webhook_abandoned_total"));
        var body = JsonDocument.Parse(Assert.Single(receiver.Bodies)).RootElement; // only the accepted attempt is recorded
        Assert.Equal("offline", body.GetProperty("kind").GetString());
        Assert.Equal("will", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unreachable_receiver_is_counted_and_leaves_the_engine_working()
    {
        var url = $"http://127.0.0.1:{UnusedPort()}/hook";
        using var rig = WebhookRig(url, maxAttempts: 3);
        await rig.Webhook.StartAsync(CancellationToken.None);
        rig.Telemetry(Msg.Telemetry(readerOk: false));
        rig.Telemetry(Msg.Telemetry(readerOk: true));
        Assert.Equal(2, rig.Engine.History(AlertRig.Bin, 500).Count); // judged and stored while deliveries fail
        Assert.Null(rig.OpenAlert(AlertKinds.ReaderFault));
        await Poll.UntilAsync(() => rig.Metrics.Value("smartbin_alert_webhook_abandoned_total") >= 2);
        await rig.Webhook.StopAsync(CancellationToken.None);

        Assert.True(rig.Metrics.Value("smartbin_alert_webhook_failed_total", ("reason", "network")) >= 6); // 3 attempts per change
        Assert.Equal(0, rig.Metrics.Value("smartbin_alert_webhook_delivered_total"));
    }

    [Fact]
    public void Backoff_doubles_from_the_minimum_and_is_capped()
    {
        using var rig = new AlertRig(o =>
        {
            o.WebhookRetryMinMs = 1_000;
            o.WebhookRetryMaxMs = 5_000;
        });
        Assert.Equal([1_000, 2_000, 4_000, 5_000, 5_000], Enumerable.Range(1, 5).Select(a => rig.Webhook.Backoff(a).TotalMilliseconds).ToArray());
        Assert.Equal(5_000, rig.Webhook.Backoff(1_000).TotalMilliseconds);
    }

    [Fact]
    public async Task A_receiver_that_resets_before_the_connection_is_used_is_a_network_failure_not_a_stopped_gateway()
    {
        // Control: this connect path makes HttpClient throw a bare SocketException, not an HttpRequestException.
        using var server = new TimeSeries.ResettingServer();
        using (var plain = new System.Net.Http.HttpClient(TimeSeries.ResettingServer.ResetBeforeUseHandler()))
        {
            await Assert.ThrowsAsync<SocketException>(() => plain.GetAsync(new Uri(server.Url + "/hook")));
        }

        using var rig = new AlertRig(o =>
        {
            o.WebhookUrl = server.Url + "/hook";
            o.WebhookMaxAttempts = 3;
            o.WebhookRetryMinMs = 10;
            o.WebhookRetryMaxMs = 40;
        }, webhookHandler: TimeSeries.ResettingServer.ResetBeforeUseHandler());
        await rig.Webhook.StartAsync(CancellationToken.None);
        rig.Status(Msg.Offline);
        await Poll.UntilAsync(() => rig.Metrics.Value("smartbin_alert_webhook_abandoned_total") >= 1);
        rig.Telemetry(Msg.Telemetry(readerOk: false)); // the loop is still there to take the next change
        await Poll.UntilAsync(() => rig.Metrics.Value("smartbin_alert_webhook_abandoned_total") >= 2);

        Assert.False(rig.Webhook.ExecuteTask!.IsCompleted, "the webhook loop ended");
        Assert.True(rig.Metrics.Value("smartbin_alert_webhook_failed_total", ("reason", "network")) >= 6); // 3 attempts per change
        Assert.Equal(0, rig.Metrics.Total("smartbin_background_failures_total"));
        Assert.True(server.Resets >= 6);
        await rig.Webhook.StopAsync(CancellationToken.None);
    }

    private static AlertRig WebhookRig(string url, int maxAttempts = 5) => new(o =>
    {
        o.WebhookUrl = url;
        o.WebhookMaxAttempts = maxAttempts;
        o.WebhookRetryMinMs = 10;
        o.WebhookRetryMaxMs = 40;
    });

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A minimal Kestrel app: POST /hook answers 503 to the first N requests, then 204 and keeps the body.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private int requests;

        private Receiver(WebApplication app) => this.app = app;

        public ConcurrentQueue<string> Bodies { get; } = new();

        public ConcurrentQueue<string> ContentTypes { get; } = new();

        public int Requests => Volatile.Read(ref requests);

        public string Url => app.Urls.First() + "/hook";

        public static async Task<Receiver> StartAsync(int failFirst)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                var n = Interlocked.Increment(ref receiver.requests);
                using var reader = new System.IO.StreamReader(request.Body);
                var body = await reader.ReadToEndAsync();
                if (n <= failFirst)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }
                receiver.Bodies.Enqueue(body);
                receiver.ContentTypes.Enqueue(request.ContentType ?? "");
                return Results.NoContent();
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
