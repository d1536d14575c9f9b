using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Alerts;

/// <summary>The JSON body POSTed to <c>Alerts:WebhookUrl</c> for each alert change (camelCase on the wire).</summary>
/// <param name="Id">Alert id; the opened and the cleared change of one alert share it.</param>
/// <param name="ChangeId">History row id: unique per change, so a receiver can drop a redelivery.</param>
/// <param name="Bin">Bin id.</param>
/// <param name="Community">Community id, or null for an unregistered bin.</param>
/// <param name="Kind">Alert kind.</param>
/// <param name="Code">Detail code.</param>
/// <param name="State"><c>opened</c> or <c>cleared</c>.</param>
/// <param name="OpenedUtc">When the alert opened.</param>
/// <param name="ClearedUtc">When it cleared, or null.</param>
/// <param name="Detail">Human detail.</param>
public sealed record AlertWebhookPayload(long Id, long ChangeId, string Bin, string? Community, string Kind, string Code, string State, DateTime OpenedUtc, DateTime? ClearedUtc, string Detail)
{
    /// <summary>The payload for <paramref name="change"/>.</summary>
    public static AlertWebhookPayload From(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var a = change.Alert;
        return new(a.Id, change.ChangeId, a.BinId, a.CommunityId, a.Kind, a.Code, change.Change, a.OpenedUtc.UtcDateTime, a.ClearedUtc?.UtcDateTime, a.Detail);
    }
}

/// <summary>
/// Sends every alert change to <c>Alerts:WebhookUrl</c> from a bounded queue, in order, one at a time. Network
/// errors, timeouts, 408, 429 and 5xx are retried with exponential backoff up to <c>Alerts:WebhookMaxAttempts</c>;
/// other answers are not (resending cannot change them). Enqueueing never blocks: a full queue drops the change
/// (it stays in <c>alert_changes</c>) and counts it.
/// </summary>
public sealed class AlertWebhook : BackgroundService
{
    /// <summary>Most changes waiting for delivery; beyond this the receiver is far behind or down.</summary>
    public const int QueueCapacity = 1_000;

    private const string FailedMetric = "smartbin_alert_webhook_failed_total";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly AlertOptions options;
    private readonly Uri? url;
    private readonly GatewayMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<AlertWebhook> log;
    private readonly HttpClient http;
    private readonly Channel<AlertChange> queue = Channel.CreateBounded<AlertChange>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Creates the sender; disabled (every enqueue ignored) when the URL is empty.</summary>
    public AlertWebhook(GatewayOptions options, GatewayMetrics metrics, TimeProvider time, ILogger<AlertWebhook> log)
        : this(options, metrics, time, log, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
    }

    /// <summary>Over another sockets handler (tests: connections reset before first use).</summary>
    internal AlertWebhook(GatewayOptions options, GatewayMetrics metrics, TimeProvider time, ILogger<AlertWebhook> log, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Alerts;
        url = this.options.WebhookUrl.Length > 0 ? new Uri(this.options.WebhookUrl) : null;
        this.metrics = metrics;
        this.time = time;
        this.log = log;
        http = new HttpClient(handler)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each attempt has its own timeout below
        };
    }

    /// <summary>True when a URL is configured.</summary>
    public bool Enabled => url is not null;

    /// <summary>Queues a change for delivery; never blocks. False when disabled or the queue is full.</summary>
    public bool Enqueue(AlertChange change)
    {
        if (url is null)
        {
            return false;
        }
        if (queue.Writer.TryWrite(change))
        {
            return true;
        }
        metrics.Increment("smartbin_alert_webhook_dropped_total", "Alert changes not sent because the webhook queue was full.");
        log.LogWarning("alert webhook queue full ({Capacity}); change {ChangeId} not sent", QueueCapacity, change.ChangeId);
        return false;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (url is null)
        {
            return;
        }
        try
        {
            await foreach (var change in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DeliverAsync(change, stoppingToken);
                }
                catch (Exception e) when (BackgroundFailures.IsRecoverable(e, stoppingToken))
                {
                    // This change is given up on (it stays in the history API); the loop goes on with the next.
                    BackgroundFailures.Record(metrics, log, "alert-webhook", e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what is still queued is in alert_changes; receivers can catch up from the history API.
        }
    }

    /// <summary>Delivers one change with retries. True when the receiver accepted it (2xx).</summary>
    internal async Task<bool> DeliverAsync(AlertChange change, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(AlertWebhookPayload.From(change), Json);
        for (var attempt = 1; ; attempt++)
        {
            var (failure, retryable) = await AttemptAsync(body, cancellationToken);
            if (failure is null)
            {
                metrics.Increment("smartbin_alert_webhook_delivered_total", "Alert changes the webhook receiver accepted.");
                return true;
            }
            metrics.Increment(FailedMetric, "Failed webhook delivery attempts, by reason.", 1, ("reason", failure));
            if (!retryable || attempt >= options.WebhookMaxAttempts)
            {
                metrics.Increment("smartbin_alert_webhook_abandoned_total", "Alert changes given up on after the last attempt or a final answer.");
                log.LogWarning("alert webhook gave up on change {ChangeId} after {Attempts} attempt(s): {Reason}", change.ChangeId, attempt, failure);
                return false;
            }
            await Task.Delay(Backoff(attempt), time, cancellationToken);
        }
    }

    /// <summary>Delay after failed attempt <paramref name="attempt"/> (1-based): min, 2×min, 4×min… capped.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var delayMs = (double)options.WebhookRetryMinMs * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delayMs, options.WebhookRetryMaxMs));
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }

    private async Task<(string? Failure, bool Retryable)> AttemptAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.WebhookTimeoutMs), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await http.PostAsync(url, content, linked.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299)
            {
                return (null, false);
            }
            return ("http-" + status, status is >= 500 or 408 or 429);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("timeout", true);
        }
        catch (HttpRequestException)
        {
            return ("network", true);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            // HttpClient lets a few socket errors through unwrapped (ENOTCONN when the receiver resets just after connect).
            return ("network", true);
        }
    }
}
