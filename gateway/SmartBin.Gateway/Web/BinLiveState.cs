using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Web;

/// <summary>The last telemetry a bin sent, as the status page shows it.</summary>
/// <param name="ReceivedUtc">Gateway receive time.</param>
/// <param name="FillPct">Fill %, or −1 without a distance sensor.</param>
/// <param name="WeightGrams">Gross weight, g.</param>
/// <param name="RssiDbm">Wi-Fi signal, dBm.</param>
/// <param name="OutboxDepth">Messages waiting for an ack.</param>
/// <param name="OutboxCapacity">Outbox capacity.</param>
/// <param name="ScaleFault">Scale fault code, empty when healthy.</param>
/// <param name="ReaderOk">Card reader healthy.</param>
public sealed record LiveTelemetry(DateTimeOffset ReceivedUtc, int FillPct, int WeightGrams, int RssiDbm, int OutboxDepth, int OutboxCapacity, string ScaleFault, bool ReaderOk);

/// <summary>What the gateway knows about a bin right now.</summary>
/// <param name="BinId">Bin.</param>
/// <param name="Online">Last word on the connection: birth, any message, or a broker-seen connect = true; will or closed connection = false.</param>
/// <param name="LastSeenUtc">Last time anything came from (or about) the bin.</param>
/// <param name="Telemetry">Last telemetry, or null before the first.</param>
/// <param name="FirmwareVersion">Last firmware version reported, or empty.</param>
/// <param name="DropOffsToday">Committed drop-offs since local midnight (the gateway's time zone).</param>
public sealed record BinLive(string BinId, bool Online, DateTimeOffset LastSeenUtc, LiveTelemetry? Telemetry, string FirmwareVersion, int DropOffsToday);

/// <summary>
/// Live per-bin state for the status API, kept from observed traffic. Lock-free (each bin's entry is an immutable
/// value swapped atomically), bounded by <see cref="TrackedBinsMax"/>. "Today" is the local day of the
/// <see cref="TimeProvider"/>'s time zone, which on the gateway is the pilot's (China Standard Time).
/// </summary>
public sealed class BinLiveState(TimeProvider time, GatewayMetrics metrics) : IBinObserver
{
    /// <summary>Most bins kept; bin ids come from authenticated connections, so this only guards against a bug.</summary>
    public const int TrackedBinsMax = 100_000;

    private readonly ConcurrentDictionary<string, Entry> bins = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc)
    {
        ArgumentNullException.ThrowIfNull(message);
        var t = new LiveTelemetry(receivedUtc, message.FillPct, message.WeightGrams, message.RssiDbm, message.OutboxDepth, message.OutboxCapacity, message.ScaleFault, message.ReaderOk);
        Update(binId, receivedUtc, e => e with { Online = true, Telemetry = t, FirmwareVersion = Or(message.FirmwareVersion, e.FirmwareVersion) });
    }

    /// <inheritdoc />
    public void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc)
    {
        ArgumentNullException.ThrowIfNull(message);
        Update(binId, receivedUtc, e => e with { Online = message.Online, FirmwareVersion = Or(message.FirmwareVersion, e.FirmwareVersion) });
    }

    /// <inheritdoc />
    public void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc) =>
        Update(binId, receivedUtc, e => e with { Online = true });

    /// <inheritdoc />
    public void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc)
    {
        ArgumentNullException.ThrowIfNull(message);
        var day = LocalDay(receivedUtc);
        Update(binId, receivedUtc, e => e with
        {
            Online = true,
            FirmwareVersion = Or(message.FirmwareVersion, e.FirmwareVersion),
            DropOffDay = day,
            DropOffsOnDay = e.DropOffDay == day ? e.DropOffsOnDay + 1 : 1,
        });
    }

    /// <inheritdoc />
    public void OnConnection(string binId, bool connected, DateTimeOffset atUtc) =>
        Update(binId, atUtc, e => e with { Online = connected });

    /// <summary>One bin's state, or null if nothing was heard from it since start.</summary>
    public BinLive? Get(string binId) => bins.TryGetValue(binId, out var e) ? View(binId, e, LocalDay(time.GetUtcNow())) : null;

    /// <summary>Every bin heard from, by id.</summary>
    public IReadOnlyList<BinLive> Snapshot()
    {
        var today = LocalDay(time.GetUtcNow());
        return bins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => View(p.Key, p.Value, today)).ToList();
    }

    private void Update(string binId, DateTimeOffset atUtc, Func<Entry, Entry> change)
    {
        if (!bins.ContainsKey(binId) && bins.Count >= TrackedBinsMax)
        {
            metrics.Increment("smartbin_web_live_untracked_total", "Messages for bins beyond the live-state limit.");
            return;
        }
        // The change function may run more than once under contention: it must stay pure.
        bins.AddOrUpdate(binId,
            static (_, arg) => Touch(arg.change(Entry.Empty), arg.atUtc),
            static (_, old, arg) => Touch(arg.change(old), arg.atUtc),
            (change, atUtc));
    }

    // Messages can be handled slightly out of order across threads; last-seen never moves backwards.
    private static Entry Touch(Entry e, DateTimeOffset atUtc) => atUtc > e.LastSeenUtc ? e with { LastSeenUtc = atUtc } : e;

    private static BinLive View(string binId, Entry e, DateOnly today) =>
        new(binId, e.Online, e.LastSeenUtc, e.Telemetry, e.FirmwareVersion, e.DropOffDay == today ? e.DropOffsOnDay : 0);

    private DateOnly LocalDay(DateTimeOffset utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, time.LocalTimeZone).DateTime);

    private static string Or(string preferred, string fallback) => string.IsNullOrEmpty(preferred) ? fallback : preferred;

    private sealed record Entry(bool Online, DateTimeOffset LastSeenUtc, LiveTelemetry? Telemetry, string FirmwareVersion, DateOnly DropOffDay, int DropOffsOnDay)
    {
        public static readonly Entry Empty = new(false, DateTimeOffset.MinValue, null, "", DateOnly.MinValue, 0);
    }
}
