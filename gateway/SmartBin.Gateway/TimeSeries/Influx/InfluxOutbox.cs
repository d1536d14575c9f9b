using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries.Durable;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>
/// The InfluxDB backend's durable outbox: every batch of line protocol is appended (fsync) to
/// <c>{DataDirectory}/tsdb-outbox</c> before it is sent, and removed only after a 2xx, so an InfluxDB outage or a
/// gateway restart loses nothing. Batches the server refuses (4xx) go to <see cref="RejectedFile"/> with the server's
/// error, and are counted. One record = one write request of at most BatchLines lines.
/// </summary>
internal sealed class InfluxOutbox : ITimeSeriesSink, IDisposable
{
    /// <summary>Outbox folder inside the data directory.</summary>
    public const string Folder = "tsdb-outbox";

    /// <summary>Rejected batches, as line protocol preceded by a <c>#</c> comment with time, status and error.</summary>
    public const string RejectedFileName = "rejected.lp";

    private readonly RecordLog log;
    private readonly int batchLines;
    private readonly GatewayMetrics metrics;
    private readonly ILogger logger;
    private readonly SemaphoreSlim appended = new(0);

    public InfluxOutbox(string dataDirectory, int batchLines, GatewayMetrics metrics, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchLines, 1);
        log = RecordLog.Open(Path.Combine(dataDirectory, Folder), fsync: true);
        RejectedFile = Path.Combine(dataDirectory, Folder, RejectedFileName);
        this.batchLines = batchLines;
        this.metrics = metrics;
        this.logger = logger;
        if (log.TornBytesTruncated > 0 || log.CorruptRecordsSkipped > 0)
        {
            logger.LogWarning("InfluxDB outbox recovered: {TornBytes} torn bytes cut, {Corrupt} corrupt records skipped",
                log.TornBytesTruncated, log.CorruptRecordsSkipped);
        }
        metrics.OutboxLinesAre(log.TotalWeight);
    }

    /// <summary>Path of the rejected-lines file.</summary>
    public string RejectedFile { get; }

    /// <summary>Lines waiting to be sent.</summary>
    public long Lines => log.TotalWeight;

    /// <summary>Batches waiting to be sent.</summary>
    public int Batches => log.Count;

    /// <summary>Encodes <paramref name="points"/> into batches of at most BatchLines lines and appends them durably.</summary>
    public Task WriteAsync(IReadOnlyList<TimeSeriesPoint> points, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(points.Count * 160);
        var lines = 0;
        foreach (var point in points)
        {
            try
            {
                LineProtocol.AppendLine(text, point);
                lines++;
            }
            catch (LineProtocolException e)
            {
                metrics.PointRefused("invalid");
                logger.LogWarning("time series point refused: {Reason}", e.Message);
                continue;
            }
            if (lines == batchLines)
            {
                Append(text, lines);
                (text, lines) = (new StringBuilder(), 0);
            }
        }
        if (lines > 0)
        {
            Append(text, lines);
        }
        return Task.CompletedTask;
    }

    /// <summary>The oldest batch (UTF-8 lines, and how many points it holds: a string field may contain a newline), or null.</summary>
    public LogRecord? Oldest()
    {
        var batches = log.Peek(1);
        return batches.Count == 0 ? null : batches[0];
    }

    /// <summary>Removes the oldest batch after the server took it.</summary>
    public void RemoveOldest()
    {
        log.RemoveOldest(1);
        metrics.OutboxLinesAre(log.TotalWeight);
    }

    /// <summary>Moves the oldest batch to the rejected file (fsync) with the server's answer, then removes it.</summary>
    public void SetAsideOldest(byte[] batch, int status, string error, DateTimeOffset nowUtc)
    {
        var header = $"# {nowUtc:yyyy-MM-ddTHH:mm:ss.fffZ} HTTP {status}: {error.ReplaceLineEndings(" ")}\n";
        using (var file = new FileStream(RejectedFile, FileMode.Append, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(header));
            file.Write(batch);
            file.Flush(flushToDisk: true);
        }
        RemoveOldest();
    }

    /// <summary>Waits until a batch is appended or <paramref name="timeout"/> passes.</summary>
    public Task WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken) => appended.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        log.Dispose();
        appended.Dispose();
    }

    private void Append(StringBuilder text, int lines)
    {
        log.Append(Encoding.UTF8.GetBytes(text.ToString()), lines);
        metrics.OutboxLinesAre(log.TotalWeight);
        appended.Release();
    }
}
