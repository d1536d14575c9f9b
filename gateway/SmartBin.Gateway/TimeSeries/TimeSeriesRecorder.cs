using System;
using System.IO;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.TimeSeries.Durable;
using SmartBin.Gateway.TimeSeries.Influx;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>
/// Turns what bins report into time series points and queues them for the background writer without ever
/// blocking ingest: a bounded in-memory queue of <see cref="QueueCapacity"/> points, and when that is full (backend
/// slow or down) an on-disk overflow log that the writer drains later. A point that is invalid or cannot be kept
/// is counted in <c>smartbin_tsdb_points_refused_total{reason}</c> and logged; nothing is dropped silently.
/// </summary>
public sealed class TimeSeriesRecorder : IBinObserver, IDisposable
{
    /// <summary>Points held in memory between ingest and the writer.</summary>
    public const int QueueCapacity = 50_000;

    /// <summary>Folder of the overflow log inside the data directory.</summary>
    public const string OverflowFolder = "tsdb-overflow";

    private readonly Channel<TimeSeriesPoint> queue = Channel.CreateBounded<TimeSeriesPoint>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly RecordLog overflow;
    private readonly GatewayMetrics metrics;
    private readonly ILogger<TimeSeriesRecorder> logger;
    private readonly TimeSpan futureSkewMax;

    /// <summary>Creates the recorder with its overflow log in <paramref name="dataDirectory"/>.</summary>
    public TimeSeriesRecorder(string dataDirectory, TimeSpan futureSkewMax, GatewayMetrics metrics, ILogger<TimeSeriesRecorder> logger)
    {
        // No fsync per point: the overflow is written on ingest's thread, and the OS cache survives a process crash.
        overflow = RecordLog.Open(Path.Combine(dataDirectory, OverflowFolder), fsync: false);
        this.futureSkewMax = futureSkewMax;
        this.metrics = metrics;
        this.logger = logger;
        metrics.OverflowDepthIs(overflow.TotalWeight);
    }

    /// <summary>Points waiting in the on-disk overflow.</summary>
    public long OverflowDepth => overflow.TotalWeight;

    internal ChannelReader<TimeSeriesPoint> Queue => queue.Reader;

    internal RecordLog Overflow => overflow;

    /// <summary>Queues one point; never blocks on the backend. False if the point was refused (and counted).</summary>
    public bool Record(TimeSeriesPoint point)
    {
        var invalid = LineProtocol.Validate(point);
        if (invalid is not null)
        {
            metrics.PointRefused("invalid");
            logger.LogWarning("time series point refused: {Reason}", invalid);
            return false;
        }
        if (queue.Writer.TryWrite(point))
        {
            metrics.PointAccepted();
            return true;
        }
        return SpillToOverflow(point);
    }

    /// <inheritdoc />
    public void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc) =>
        Map(() => BinPoints.FromTelemetry(binId, message, receivedUtc, futureSkewMax));

    /// <inheritdoc />
    public void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc) =>
        Map(() => BinPoints.FromStatus(binId, message, receivedUtc));

    /// <inheritdoc />
    public void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc) =>
        Map(() => BinPoints.FromEvent(binId, message, receivedUtc));

    /// <inheritdoc />
    public void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc) =>
        Map(() => BinPoints.FromDropOff(binId, message, verdict, receivedUtc));

    /// <inheritdoc />
    public void OnConnection(string binId, bool connected, DateTimeOffset atUtc) =>
        Map(() => BinPoints.FromConnection(binId, connected, atUtc));

    /// <summary>Stops the in-memory queue (at shutdown); later points go to the overflow.</summary>
    internal void CompleteQueue() => queue.Writer.TryComplete();

    /// <inheritdoc />
    public void Dispose() => overflow.Dispose();

    private void Map(Func<TimeSeriesPoint> map)
    {
        TimeSeriesPoint point;
        try
        {
            point = map();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            // An observer must never throw into ingest; the message itself is already committed elsewhere.
            metrics.PointRefused("unmappable");
            logger.LogWarning(e, "time series point could not be built");
            return;
        }
        Record(point);
    }

    private bool SpillToOverflow(TimeSeriesPoint point)
    {
        try
        {
            overflow.Append(PointCodec.Encode(point), weight: 1);
            metrics.PointAccepted();
            metrics.PointOverflowed(overflow.TotalWeight);
            return true;
        }
        catch (IOException e)
        {
            metrics.PointRefused("overflow-failed");
            logger.LogError(e, "time series queue full and overflow log not writable: point refused");
            return false;
        }
    }
}
