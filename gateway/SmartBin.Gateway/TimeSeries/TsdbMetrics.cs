using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>Names and help texts of the time series metrics, so every writer of a metric uses the same ones.</summary>
internal static class TsdbMetrics
{
    public const string Points = "smartbin_tsdb_points_total";
    public const string Refused = "smartbin_tsdb_points_refused_total";
    public const string Overflowed = "smartbin_tsdb_overflow_points_total";
    public const string OverflowDepth = "smartbin_tsdb_overflow_points";
    public const string SinkFailures = "smartbin_tsdb_sink_failures_total";
    public const string OutboxLines = "smartbin_tsdb_outbox_lines";
    public const string WrittenLines = "smartbin_tsdb_written_lines_total";
    public const string RejectedLines = "smartbin_tsdb_rejected_lines_total";
    public const string Retries = "smartbin_tsdb_retries_total";
    public const string WriteSeconds = "smartbin_tsdb_write_seconds";
    public const string MaintenanceFailures = "smartbin_tsdb_maintenance_failures_total";

    /// <summary>Bucket bounds of <see cref="WriteSeconds"/>.</summary>
    public static readonly double[] WriteSecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public static void PointAccepted(this GatewayMetrics m) => m.Increment(Points, "Points the recorder accepted.");

    public static void PointRefused(this GatewayMetrics m, string reason) =>
        m.Increment(Refused, "Points the recorder could not keep, by reason.", 1, ("reason", reason));

    public static void PointOverflowed(this GatewayMetrics m, long depth)
    {
        m.Increment(Overflowed, "Points that went to the on-disk overflow because the queue was full.");
        m.Set(OverflowDepth, "Points waiting in the on-disk overflow.", depth);
    }

    public static void OverflowDepthIs(this GatewayMetrics m, long depth) =>
        m.Set(OverflowDepth, "Points waiting in the on-disk overflow.", depth);

    public static void SinkFailed(this GatewayMetrics m) =>
        m.Increment(SinkFailures, "Failed attempts to hand a batch to the time series backend (retried).");

    public static void OutboxLinesAre(this GatewayMetrics m, long lines) =>
        m.Set(OutboxLines, "Line protocol lines waiting in the InfluxDB outbox.", lines);

    public static void LinesWritten(this GatewayMetrics m, long lines) =>
        m.Increment(WrittenLines, "Lines InfluxDB accepted (2xx).", lines);

    public static void LinesRejected(this GatewayMetrics m, long lines, int status) =>
        m.Increment(RejectedLines, "Lines InfluxDB refused (4xx), set aside in the rejected file.", lines, ("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static void Retried(this GatewayMetrics m, string reason) =>
        m.Increment(Retries, "InfluxDB write retries, by reason (429, 5xx, network, timeout).", 1, ("reason", reason));

    public static void WriteTook(this GatewayMetrics m, double seconds) =>
        m.Observe(WriteSeconds, "InfluxDB write request duration, s.", seconds, WriteSecondsBuckets);

    public static void MaintenanceFailed(this GatewayMetrics m) =>
        m.Increment(MaintenanceFailures, "Failed roll-up or retention runs of the SQLite time series store.");
}
