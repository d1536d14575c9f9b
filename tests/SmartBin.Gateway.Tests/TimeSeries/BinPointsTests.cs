using System;
using System.Linq;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

public class BinPointsTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 23, 8, 0, 5, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    internal static TelemetryMessage Telemetry(DateTimeOffset at, int fillPct = 42, int distanceMm = 640) =>
        new(at, 86_400, 13_230, true, fillPct, distanceMm, false, -61, 41_200, 0, 200, "", true, "idle", 2, "1.0.0",
            new TelemetryCounters(0, 0, 0, 0, 0, 0));

    [Fact]
    public void Telemetry_maps_to_typed_fields_at_the_bins_time()
    {
        var at = Received.AddSeconds(-5);
        var point = BinPoints.FromTelemetry("baiyun-0007", Telemetry(at), Received, Skew);
        Assert.Equal(
            "bin_telemetry,bin=baiyun-0007 weight_g=13230i,stable=true,fill_pct=42i,full=false,distance_mm=640i,rssi_dbm=-61i," +
            $"free_heap_b=41200i,outbox_depth=0i,scale_fault=\"\",reader_ok=true,uptime_s=86400i {TimeSeriesPoint.ToUnixNanoseconds(at)}",
            LineProtocol.Format(point));
    }

    [Fact]
    public void Telemetry_without_a_distance_sensor_has_no_fill_fields()
    {
        var point = BinPoints.FromTelemetry("b", Telemetry(Received, fillPct: -1, distanceMm: -1), Received, Skew);
        Assert.DoesNotContain(point.Fields, f => f.Key is "fill_pct" or "distance_mm" or "full");
    }

    [Theory]
    [InlineData(-3_600, true)]
    [InlineData(-3_601, false)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-1_000_000_000, false)]
    public void Telemetry_uses_receive_time_when_the_bins_clock_is_implausible(int offsetS, bool binTimeUsed)
    {
        var at = Received.AddSeconds(offsetS);
        var point = BinPoints.FromTelemetry("b", Telemetry(at), Received, Skew);
        Assert.Equal(TimeSeriesPoint.ToUnixNanoseconds(binTimeUsed ? at : Received), point.TimestampNs);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(BinPoints.ClockUnsetFlag, true)]
    [InlineData(BinPoints.ClockUnsetFlag | 1, true)]
    public void Drop_off_at_session_end_unless_the_clock_was_unset(int flags, bool receiveTime)
    {
        var end = new DateTimeOffset(2026, 11, 23, 0, 15, 31, 400, TimeSpan.Zero);
        var dropOff = new DropOffMessage(1042, "04A1B2C3", end.AddSeconds(-29), end, 12_480, 13_230, 750, 3, "PET", flags, 2, "1.0.0");
        var verdict = new IngestVerdict("baiyun-0007", 1042, AckResult.Credited, "", 53, 877);
        var point = BinPoints.FromDropOff("baiyun-0007", dropOff, verdict, Received);
        Assert.Equal(TimeSeriesPoint.ToUnixNanoseconds(receiveTime ? Received : end), point.TimestampNs);
        Assert.StartsWith(
            $"dropoff,bin=baiyun-0007,material=PET,result=credited net_g=750i,points=53i,co2e_g=877i,seq=1042i,items=3i,flags={flags}i,reason=\"\"",
            LineProtocol.Format(point));
    }

    [Fact]
    public void Events_status_and_connections()
    {
        var at = Received.AddMinutes(-1);
        var ev = BinPoints.FromEvent("b", new EventMessage(1043, "emptied", "", at, 41_250, "", false), Received);
        Assert.Equal($"bin_event,bin=b,kind=emptied grams=41250i,seq=1043i,code=\"\" {TimeSeriesPoint.ToUnixNanoseconds(at)}", LineProtocol.Format(ev));
        var unset = BinPoints.FromEvent("b", new EventMessage(1044, "tamper", "", at, 10, "", true), Received);
        Assert.Equal(TimeSeriesPoint.ToUnixNanoseconds(Received), unset.TimestampNs);
        var status = BinPoints.FromStatus("b", new StatusMessage(false, "1.0.0"), Received);
        Assert.Equal($"bin_status,bin=b online=false,fw=\"1.0.0\" {TimeSeriesPoint.ToUnixNanoseconds(Received)}", LineProtocol.Format(status));
        var connection = BinPoints.FromConnection("b", true, Received);
        Assert.Equal("connected", connection.Fields.Single().Key);
    }
}
