using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>
/// Sends the outbox to InfluxDB, oldest batch first, one request at a time (so order is kept and a struggling
/// server is not piled on). 2xx removes the batch; 429/5xx/network/timeout waits (exponential backoff with jitter,
/// or the server's Retry-After when longer) and sends the same batch again; any other status sets it aside.
/// </summary>
internal sealed class InfluxSender(
    InfluxOutbox outbox,
    InfluxHttp http,
    InfluxOptions options,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<InfluxSender> logger) : BackgroundService
{
    /// <summary>How often an idle sender looks at the outbox without being signalled.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = outbox.Oldest();
                if (batch is null)
                {
                    await outbox.WaitForAppendAsync(IdlePoll, stoppingToken);
                    continue;
                }
                var delay = await SendAsync(batch.Value.Payload, batch.Value.Weight, attempt, stoppingToken);
                if (delay is { } wait)
                {
                    attempt++;
                    await Task.Delay(wait, time, stoppingToken);
                }
                else
                {
                    attempt = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (BackgroundFailures.IsRecoverable(e, stoppingToken))
            {
                // The batch stays in the outbox; the next pass sends it again.
                BackgroundFailures.Record(metrics, logger, "influx-sender", e);
                attempt++;
                if (!await BackgroundFailures.PauseAsync(time, stoppingToken))
                {
                    break;
                }
            }
        }
    }

    /// <summary>Sends one batch; returns how long to wait before retrying it, or null when it is done with.</summary>
    private async Task<TimeSpan?> SendAsync(byte[] batch, int lines, int attempt, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await http.WriteAsync(batch, stoppingToken);
        metrics.WriteTook(Stopwatch.GetElapsedTime(started).TotalSeconds);
        switch (result.Outcome)
        {
            case WriteOutcome.Written:
                // Counted before the removal, so whoever sees the outbox empty also sees the count.
                metrics.LinesWritten(lines);
                outbox.RemoveOldest();
                if (attempt > 0)
                {
                    logger.LogInformation("InfluxDB write succeeded after {Attempts} retries; {Lines} lines still queued", attempt, outbox.Lines);
                }
                return null;
            case WriteOutcome.Rejected:
                metrics.LinesRejected(lines, result.Status);
                outbox.SetAsideOldest(batch, result.Status, result.Detail, time.GetUtcNow());
                logger.LogError("InfluxDB refused a batch of {Lines} lines with {Status}: {Error}; set aside in {File}",
                    lines, result.Status, result.Detail, outbox.RejectedFile);
                return null;
            default:
                metrics.Retried(result.RetryReason);
                var delay = InfluxRetryPolicy.Delay(Math.Min(attempt, 30), options.RetryMinMs, options.RetryMaxMs, Random.Shared.NextDouble(), result.RetryAfter);
                logger.Log(attempt == 0 ? LogLevel.Warning : LogLevel.Debug,
                    "InfluxDB write failed ({Reason} {Status}: {Error}); retry {Attempt} in {DelayMs} ms, {Lines} lines queued",
                    result.RetryReason, result.Status, result.Detail, attempt + 1, (int)delay.TotalMilliseconds, outbox.Lines);
                return delay;
        }
    }
}
