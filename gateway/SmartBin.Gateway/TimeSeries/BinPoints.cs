using System;
using System.Collections.Generic;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>
/// Maps what bins report to time series points (README.md lists every measurement, tag and field). Pure.
/// Time: the bin's own time when its clock is set, else the gateway's receive time.
/// </summary>
public static class BinPoints
{
    /// <summary>Telemetry: measurement <c>bin_telemetry</c>.</summary>
    public const string Telemetry = "bin_telemetry";

    /// <summary>Status birth/will: measurement <c>bin_status</c>.</summary>
    public const string Status = "bin_status";

    /// <summary>Connection open/close seen by the embedded broker: measurement <c>bin_connection</c>.</summary>
    public const string Connection = "bin_connection";

    /// <summary>Committed drop-off: measurement <c>dropoff</c>.</summary>
    public const string DropOff = "dropoff";

    /// <summary>Committed event: measurement <c>bin_event</c>.</summary>
    public const string Event = "bin_event";

    /// <summary>
    /// Telemetry is sent live (QoS 0, never queued on the bin), so a bin time further than this behind the receive
    /// time means the bin's clock is not set (it carries no clockUnset flag).
    /// </summary>
    public static readonly TimeSpan TelemetryLagMax = TimeSpan.FromHours(1);

    /// <summary>Drop-off flag bit: the bin's clock was not set (docs/protocol.md).</summary>
    public const int ClockUnsetFlag = 4;

    /// <summary>A telemetry point; fill fields are left out on a bin without a distance sensor (−1 on the wire).</summary>
    public static TimeSeriesPoint FromTelemetry(string binId, TelemetryMessage m, DateTimeOffset receivedUtc, TimeSpan futureSkewMax)
    {
        var clockSet = m.AtUtc >= receivedUtc - TelemetryLagMax && m.AtUtc <= receivedUtc + futureSkewMax;
        var fields = new List<KeyValuePair<string, FieldValue>>(14)
        {
            new("weight_g", FieldValue.Of(m.WeightGrams)),
            new("stable", FieldValue.Of(m.Stable)),
        };
        if (m.FillPct >= 0)
        {
            fields.Add(new("fill_pct", FieldValue.Of(m.FillPct)));
            fields.Add(new("full", FieldValue.Of(m.Full)));
        }
        if (m.DistanceMm >= 0)
        {
            fields.Add(new("distance_mm", FieldValue.Of(m.DistanceMm)));
        }
        fields.Add(new("rssi_dbm", FieldValue.Of(m.RssiDbm)));
        fields.Add(new("free_heap_b", FieldValue.Of(m.FreeHeapBytes)));
        fields.Add(new("outbox_depth", FieldValue.Of(m.OutboxDepth)));
        fields.Add(new("scale_fault", FieldValue.Of(m.ScaleFault)));
        fields.Add(new("reader_ok", FieldValue.Of(m.ReaderOk)));
        fields.Add(new("uptime_s", FieldValue.Of(m.UptimeS)));
        return Point(Telemetry, [Bin(binId)], fields, clockSet ? m.AtUtc : receivedUtc);
    }

    /// <summary>A status point (birth or will); status carries no time, so receive time.</summary>
    public static TimeSeriesPoint FromStatus(string binId, StatusMessage m, DateTimeOffset receivedUtc) =>
        Point(Status, [Bin(binId)], [new("online", FieldValue.Of(m.Online)), new("fw", FieldValue.Of(m.FirmwareVersion))], receivedUtc);

    /// <summary>A connection point.</summary>
    public static TimeSeriesPoint FromConnection(string binId, bool connected, DateTimeOffset atUtc) =>
        Point(Connection, [Bin(binId)], [new("connected", FieldValue.Of(connected))], atUtc);

    /// <summary>
    /// A committed drop-off at its session end. <c>result</c> is a tag: five values at most, and charts split by it.
    /// The reason is a field because reason codes may grow.
    /// </summary>
    public static TimeSeriesPoint FromDropOff(string binId, DropOffMessage m, IngestVerdict verdict, DateTimeOffset receivedUtc)
    {
        var clockUnset = (m.Flags & ClockUnsetFlag) != 0;
        KeyValuePair<string, string>[] tags =
        [
            Bin(binId),
            new("material", m.Material),
            new("result", AckResults.ToWire(verdict.Result)),
        ];
        KeyValuePair<string, FieldValue>[] fields =
        [
            new("net_g", FieldValue.Of(m.NetGrams)),
            new("points", FieldValue.Of(verdict.Points)),
            new("co2e_g", FieldValue.Of(verdict.GramsCo2e)),
            new("seq", FieldValue.Of(m.Seq)),
            new("items", FieldValue.Of(m.Items)),
            new("flags", FieldValue.Of(m.Flags)),
            new("reason", FieldValue.Of(verdict.Reason)),
        ];
        return Point(DropOff, tags, fields, clockUnset ? receivedUtc : m.EndUtc);
    }

    /// <summary>A committed event.</summary>
    public static TimeSeriesPoint FromEvent(string binId, EventMessage m, DateTimeOffset receivedUtc) =>
        Point(
            Event,
            [Bin(binId), new("kind", m.Kind)],
            [new("grams", FieldValue.Of(m.Grams)), new("seq", FieldValue.Of(m.Seq)), new("code", FieldValue.Of(m.Code))],
            m.ClockUnset ? receivedUtc : m.AtUtc);

    private static KeyValuePair<string, string> Bin(string binId) => new("bin", binId);

    private static TimeSeriesPoint Point(
        string measurement, KeyValuePair<string, string>[] tags, IReadOnlyList<KeyValuePair<string, FieldValue>> fields, DateTimeOffset at) =>
        new(measurement, tags, fields, TimeSeriesPoint.ToUnixNanoseconds(at));
}
