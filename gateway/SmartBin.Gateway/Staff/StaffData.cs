using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.Web;

namespace SmartBin.Gateway.Staff;

/// <summary>Colour states of a bin on the dashboard, worst first (docs/staff.md explains them to staff).</summary>
public static class BinStates
{
    /// <summary>A fault or tamper alert is open, or telemetry reports a scale or reader fault.</summary>
    public const string Fault = "fault";

    /// <summary>Fill at or above the bin's threshold, or a fill alert open.</summary>
    public const string Full = "full";

    /// <summary>Not connected, silent, or never heard since the gateway started.</summary>
    public const string Offline = "offline";

    /// <summary>Within <see cref="FillingMarginPct"/> of the threshold.</summary>
    public const string Filling = "filling";

    /// <summary>Online, room left, no fault.</summary>
    public const string Ok = "ok";

    /// <summary>How far below the threshold a bin counts as filling, percentage points.</summary>
    public const int FillingMarginPct = 20;
}

/// <summary>A bin as a staff member sees it.</summary>
/// <param name="Bin">Registry row; null for a bin heard but not registered (only all-community staff see those).</param>
/// <param name="BinId">Bin id.</param>
/// <param name="State">One of <see cref="BinStates"/>.</param>
/// <param name="FillAlertPct">Threshold in force, %.</param>
/// <param name="Live">Live state, or null when not heard since start.</param>
/// <param name="OpenAlerts">Open alerts of the bin.</param>
public sealed record StaffBin(BinSummary? Bin, string BinId, string State, int FillAlertPct, BinLive? Live, IReadOnlyList<Alert> OpenAlerts);

/// <summary>Fill (%) and weight (kg) history of a bin for its chart.</summary>
/// <param name="Fill">[unix ms, %] pairs.</param>
/// <param name="WeightKg">[unix ms, kg] pairs.</param>
/// <param name="Hourly">True when the points are hourly means (long ranges).</param>
public sealed record BinHistory(IReadOnlyList<double[]> Fill, IReadOnlyList<double[]> WeightKg, bool Hourly);

/// <summary>
/// Everything the staff pages read, always through a <see cref="StaffScope"/>: bins come from a query filtered by
/// the scope's community, alerts and history are filtered by the community stored with each alert, and a bin
/// outside the scope is "not found" (null), the same answer as a bin that does not exist.
/// </summary>
public sealed class StaffData(SqliteGatewayStore store, BinLiveState live, AlertEngine alerts, GatewayOptions options, ITimeSeriesReader? series)
{
    /// <summary>Longest history a chart may ask for, hours (a year).</summary>
    public const int HistoryHoursMax = 24 * 366;

    /// <summary>Beyond this many hours a chart reads hourly roll-ups instead of raw points.</summary>
    public const int RawHoursMax = 48;

    /// <summary>Communities visible to <paramref name="scope"/>.</summary>
    public IReadOnlyList<CommunitySummary> Communities(StaffScope scope) => store.Communities(scope.CommunityId);

    /// <summary>Bins visible to <paramref name="scope"/>, registered ones by id, then unregistered ones heard (all-community staff only).</summary>
    public IReadOnlyList<StaffBin> Bins(StaffScope scope)
    {
        var registered = store.Bins(scope.CommunityId);
        var liveById = live.Snapshot().ToDictionary(b => b.BinId, StringComparer.Ordinal);
        var openByBin = OpenAlerts(scope).ToLookup(a => a.BinId, StringComparer.Ordinal);
        var bins = registered.Select(b => View(b, b.BinId, liveById.GetValueOrDefault(b.BinId), openByBin[b.BinId].ToList())).ToList();
        if (scope.AllCommunities)
        {
            var known = registered.Select(b => b.BinId).ToHashSet(StringComparer.Ordinal);
            bins.AddRange(liveById.Keys.Where(id => !known.Contains(id)).Order(StringComparer.Ordinal)
                .Select(id => View(null, id, liveById[id], openByBin[id].ToList())));
        }
        return bins;
    }

    /// <summary>One bin, or null when it does not exist or lies outside <paramref name="scope"/>.</summary>
    public StaffBin? Bin(StaffScope scope, string binId) => Bins(scope).FirstOrDefault(b => b.BinId == binId);

    /// <summary>Open alerts visible to <paramref name="scope"/>, oldest first.</summary>
    public IReadOnlyList<Alert> OpenAlerts(StaffScope scope) => alerts.OpenAlerts().Where(a => scope.Sees(a.CommunityId)).ToList();

    /// <summary>Alert history visible to <paramref name="scope"/>, newest first; one bin's when <paramref name="binId"/> is set.</summary>
    public IReadOnlyList<AlertChange> AlertHistory(StaffScope scope, string? binId, int limit) =>
        alerts.History(binId, scope.CommunityId, limit).Where(c => scope.Sees(c.Alert.CommunityId)).ToList();

    /// <summary>Acknowledgements and resolutions of the given alerts (ids the caller already got through the scope).</summary>
    public ILookup<long, AlertAction> Actions(IEnumerable<long> alertIds) =>
        alerts.Actions(alertIds.Distinct().Take(AlertStore.ActionQueryIdsMax).ToList()).ToLookup(a => a.AlertId);

    /// <summary>Acknowledges an open alert the scope sees; <see cref="AlertActionOutcome.NotOpen"/> for any other id.</summary>
    public AlertActionOutcome Acknowledge(StaffScope scope, long alertId, string note) =>
        OpenAlerts(scope).Any(a => a.Id == alertId) ? alerts.Acknowledge(alertId, scope.Username, note) : AlertActionOutcome.NotOpen;

    /// <summary>Resolves an open alert the scope sees; <see cref="AlertActionOutcome.NotOpen"/> for any other id.</summary>
    public AlertActionOutcome Resolve(StaffScope scope, long alertId, string note) =>
        OpenAlerts(scope).Any(a => a.Id == alertId) ? alerts.Resolve(alertId, scope.Username, note) : AlertActionOutcome.NotOpen;

    /// <summary>Recent drop-offs of a bin the scope sees (empty otherwise).</summary>
    public IReadOnlyList<DropOffRow> DropOffs(StaffScope scope, string binId, int limit) =>
        Bin(scope, binId) is null ? [] : store.RecentDropOffs(limit, binId);

    /// <summary>Fill and weight history of a bin over the last <paramref name="hours"/>; null when the bin is not visible.</summary>
    public async Task<BinHistory?> HistoryAsync(StaffScope scope, string binId, int hours, DateTimeOffset nowUtc, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hours, HistoryHoursMax);
        if (Bin(scope, binId) is null)
        {
            return null;
        }
        if (series is null)
        {
            return new BinHistory([], [], false);
        }
        var resolution = hours > RawHoursMax ? SeriesResolution.Hourly : SeriesResolution.Raw;
        var from = nowUtc.AddHours(-hours);
        var fill = await series.ReadAsync(new SeriesQuery(binId, BinPoints.Telemetry, "fill_pct", from, nowUtc, resolution), cancellationToken);
        var weight = await series.ReadAsync(new SeriesQuery(binId, BinPoints.Telemetry, "weight_g", from, nowUtc, resolution), cancellationToken);
        return new BinHistory(Points(fill, 1), Points(weight, 1000), resolution == SeriesResolution.Hourly);
    }

    private static List<double[]> Points(IReadOnlyList<SeriesSample> samples, double divisor) =>
        samples.Select(s => new[] { s.AtUtc.ToUnixTimeMilliseconds(), Math.Round(s.Mean / divisor, 3) }).ToList();

    private StaffBin View(BinSummary? bin, string binId, BinLive? state, IReadOnlyList<Alert> open)
    {
        var thresholdPct = bin is { FillAlertPct: >= 1 and <= 100 } ? bin.FillAlertPct : options.Alerts.FillThresholdPct;
        return new StaffBin(bin, binId, StateOf(state, open, thresholdPct), thresholdPct, state, open);
    }

    /// <summary>The colour state (see <see cref="BinStates"/>): a fault first, then full, offline, filling, ok.</summary>
    internal static string StateOf(BinLive? state, IReadOnlyList<Alert> open, int thresholdPct)
    {
        var t = state?.Telemetry;
        if (open.Any(a => a.Kind is AlertKinds.ScaleFault or AlertKinds.ReaderFault or AlertKinds.Tamper) || t is { ScaleFault.Length: > 0 } or { ReaderOk: false })
        {
            return BinStates.Fault;
        }
        if (open.Any(a => a.Kind == AlertKinds.Fill) || t?.FillPct >= thresholdPct)
        {
            return BinStates.Full;
        }
        if (state is not { Online: true } || open.Any(a => a.Kind == AlertKinds.Offline))
        {
            return BinStates.Offline;
        }
        return t?.FillPct >= thresholdPct - BinStates.FillingMarginPct ? BinStates.Filling : BinStates.Ok;
    }
}
