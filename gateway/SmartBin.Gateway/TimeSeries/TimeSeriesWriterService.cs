using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries.Durable;
using SmartBin.Gateway.TimeSeries.Influx;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>Where the writer hands batches: the SQLite store, or the InfluxDB outbox.</summary>
internal interface ITimeSeriesSink
{
    /// <summary>Stores <paramref name="points"/> durably or throws (the writer then retries the same batch).</summary>
    Task WriteAsync(IReadOnlyList<TimeSeriesPoint> points, CancellationToken cancellationToken);
}

/// <summary>Batch sizing of the writer.</summary>
/// <param name="BatchMax">Most points per batch.</param>
/// <param name="FlushInterval">Longest a point waits for its batch to fill.</param>
internal sealed record WriterSettings(int BatchMax, TimeSpan FlushInterval);

/// <summary>
/// Drains the recorder's queue and its on-disk overflow (each batch topped up from it, oldest first) into the backend in batches.
/// A failing backend is retried with backoff while the recorder keeps queueing (and overflowing to disk); at shutdown
/// whatever is still queued is written once more or, failing that, moved to the overflow, so a restart loses nothing.
/// </summary>
internal sealed class TimeSeriesWriterService(
    TimeSeriesRecorder recorder,
    ITimeSeriesSink sink,
    WriterSettings settings,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<TimeSeriesWriterService> logger) : BackgroundService
{
    /// <summary>How often an idle writer looks at the overflow.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private const int RetryMinMs = 500;
    private const int RetryMaxMs = 30_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<TimeSeriesPoint>(settings.BatchMax);
        while (!stoppingToken.IsCancellationRequested)
        {
            batch.Clear();
            try
            {
                await FillBatchAsync(batch, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                SaveToOverflow(batch);
                break;
            }
            // Top every batch up from the overflow, not only when the queue is idle: under steady traffic (a fleet's
            // telemetry) the queue is never idle, and the overflow of an outage would wait until the night.
            var queued = batch.Count;
            var written = false;
            try
            {
                var fromOverflow = recorder.Overflow.Count > 0 ? TakeFromOverflow(batch, settings.BatchMax - queued) : 0;
                if (batch.Count > 0 && !await WriteWithRetryAsync(batch, stoppingToken))
                {
                    SaveToOverflow(batch.GetRange(0, queued)); // the overflow's own records are still in the overflow
                    break;
                }
                written = true;
                if (fromOverflow > 0)
                {
                    recorder.Overflow.RemoveOldest(fromOverflow);
                    metrics.OverflowDepthIs(recorder.Overflow.TotalWeight);
                }
            }
            catch (Exception e) when (BackgroundFailures.IsRecoverable(e, stoppingToken))
            {
                // An overflow that cannot be read or trimmed (disk trouble): the queued points go to the overflow
                // unless they were written; overflow records stay where they are and are taken again later.
                BackgroundFailures.Record(metrics, logger, "time-series-writer", e);
                if (!written)
                {
                    TrySaveToOverflow(batch.GetRange(0, queued));
                }
                if (!await BackgroundFailures.PauseAsync(time, stoppingToken))
                {
                    break;
                }
            }
        }
    }

    private void TrySaveToOverflow(List<TimeSeriesPoint> points)
    {
        try
        {
            SaveToOverflow(points);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            metrics.PointRefused("overflow-unwritable");
            logger.LogError(e, "{Points} time series points lost: neither the backend nor the overflow log took them", points.Count);
        }
    }

    /// <summary>Stops the loop, then saves what is still queued (also when the loop never got to run).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DrainAtShutdownAsync();
    }

    private async Task FillBatchAsync(List<TimeSeriesPoint> batch, CancellationToken stoppingToken)
    {
        DateTimeOffset? flushAt = null;
        var reader = recorder.Queue;
        while (batch.Count < settings.BatchMax)
        {
            while (batch.Count < settings.BatchMax && reader.TryRead(out var point))
            {
                batch.Add(point);
            }
            if (batch.Count >= settings.BatchMax || (batch.Count == 0 && recorder.Overflow.Count > 0))
            {
                return;
            }
            flushAt ??= batch.Count > 0 ? time.GetUtcNow() + settings.FlushInterval : null;
            var wait = flushAt is { } due ? due - time.GetUtcNow() : IdlePoll;
            if (wait <= TimeSpan.Zero)
            {
                return;
            }
            using var timeout = new CancellationTokenSource(wait, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
            try
            {
                if (!await reader.WaitToReadAsync(linked.Token))
                {
                    return; // completed: shutting down
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Timer: flush a partial batch, or look at the overflow again.
            }
        }
    }

    /// <summary>Adds up to <paramref name="most"/> of the oldest overflow records to the batch; returns how many records it took.</summary>
    private int TakeFromOverflow(List<TimeSeriesPoint> batch, int most)
    {
        if (most <= 0)
        {
            return 0;
        }
        var records = recorder.Overflow.Peek(most);
        foreach (var record in records)
        {
            try
            {
                batch.Add(PointCodec.Decode(record.Payload));
            }
            catch (InvalidDataException e)
            {
                metrics.PointRefused("overflow-corrupt");
                logger.LogError(e, "unreadable point in the time series overflow log skipped");
            }
        }
        return records.Count;
    }

    private async Task<bool> WriteWithRetryAsync(List<TimeSeriesPoint> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await sink.WriteAsync(batch, stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
            {
                metrics.SinkFailed();
                var delay = InfluxRetryPolicy.Delay(Math.Min(attempt, 16), RetryMinMs, RetryMaxMs, Random.Shared.NextDouble(), null);
                logger.LogWarning(e, "time series write failed ({Points} points), retrying in {DelayMs} ms", batch.Count, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    private async Task DrainAtShutdownAsync()
    {
        recorder.CompleteQueue();
        var rest = new List<TimeSeriesPoint>();
        while (recorder.Queue.TryRead(out var point))
        {
            rest.Add(point);
        }
        if (rest.Count == 0)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await sink.WriteAsync(rest, timeout.Token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogWarning(e, "time series backend unavailable at shutdown: {Points} points kept in the overflow", rest.Count);
            SaveToOverflow(rest);
        }
    }

    private void SaveToOverflow(List<TimeSeriesPoint> points)
    {
        foreach (var point in points)
        {
            recorder.Overflow.Append(PointCodec.Encode(point), weight: 1);
        }
        metrics.OverflowDepthIs(recorder.Overflow.TotalWeight);
    }
}
