using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Web;

/// <summary>A community with its progress toward the diversion target.</summary>
internal sealed record CommunityView(string CommunityId, string Name, int Households, int Population, long TargetGrams, long CreditedGrams, double ProgressPct);

/// <summary>A bin: registry row (null fields when unregistered), live state and open alerts.</summary>
internal sealed record BinView(
    string BinId, bool Registered, string? CommunityId, string? Material, string? Location, double? LatitudeDeg, double? LongitudeDeg,
    int? CapacityGrams, int FillAlertPct, bool Online, DateTimeOffset? LastSeenUtc, string FirmwareVersion, int DropOffsToday,
    LiveTelemetry? Telemetry, IReadOnlyList<Alert> Alerts);

/// <summary>A drop-off with the card masked: full UIDs of cloneable MIFARE cards are not shown on an open status page.</summary>
internal sealed record DropOffView(
    string BinId, long Seq, DateTimeOffset OccurredUtc, string CardMasked, string? HouseholdId, string Material, int NetGrams,
    string Outcome, string Reason, long Points, long GramsCo2e);

/// <summary>Builds the status views from the read model (another folder's), the live state and the alert engine.</summary>
internal sealed class StatusViews(IGatewayReadModel readModel, BinLiveState live, AlertEngine alerts, Configuration.GatewayOptions options)
{
    public IReadOnlyList<CommunityView> Communities() =>
        readModel.Communities()
            .Select(c => new CommunityView(c.CommunityId, c.Name, c.Households, c.Population, c.TargetGrams, c.CreditedGrams, ProgressPct(c.CreditedGrams, c.TargetGrams)))
            .ToList();

    public IReadOnlyList<BinView> Bins()
    {
        var registered = readModel.Bins();
        var liveById = live.Snapshot().ToDictionary(b => b.BinId, StringComparer.Ordinal);
        var openByBin = alerts.OpenAlerts().ToLookup(a => a.BinId, StringComparer.Ordinal);
        var views = new List<BinView>(registered.Count);
        foreach (var bin in registered)
        {
            views.Add(View(bin.BinId, bin, liveById.GetValueOrDefault(bin.BinId), openByBin[bin.BinId].ToList()));
        }
        var known = registered.Select(b => b.BinId).ToHashSet(StringComparer.Ordinal);
        // Bins heard from but not (yet) in the registry still show, so staff see them.
        foreach (var id in liveById.Keys.Concat(openByBin.Select(g => g.Key)).Where(id => !known.Contains(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            views.Add(View(id, null, liveById.GetValueOrDefault(id), openByBin[id].ToList()));
        }
        return views;
    }

    public IReadOnlyList<DropOffView> DropOffs(int limit, string? binId) =>
        readModel.RecentDropOffs(limit, binId)
            .Select(d => new DropOffView(d.BinId, d.Seq, d.OccurredUtc, MaskCard(d.CardUid), d.HouseholdId, d.Material, d.NetGrams, d.Outcome, d.Reason, d.Points, d.GramsCo2e))
            .ToList();

    public IReadOnlyList<BalanceRow> Balances(int limit) => readModel.TopBalances(limit);

    public IReadOnlyList<Alert> OpenAlerts() => alerts.OpenAlerts();

    public IReadOnlyList<AlertChange> AlertHistory(string? binId, int limit) => alerts.History(binId, limit);

    /// <summary>All but the last 4 characters replaced by a fixed <c>****</c>, so the length is not revealed either.</summary>
    public static string MaskCard(string cardUid) =>
        cardUid.Length == 0 ? "" : "****" + (cardUid.Length > 4 ? cardUid[^4..] : "");

    private static double ProgressPct(long creditedGrams, long targetGrams) =>
        targetGrams <= 0 ? 0 : Math.Round(100.0 * creditedGrams / targetGrams, 1);

    private BinView View(string binId, BinSummary? bin, BinLive? state, IReadOnlyList<Alert> open)
    {
        // A bin with an open offline alert (silence) is offline even if its last word was "online".
        var online = state is { Online: true } && open.All(a => a.Kind != AlertKinds.Offline);
        var thresholdPct = bin is { FillAlertPct: >= 1 and <= 100 } ? bin.FillAlertPct : options.Alerts.FillThresholdPct;
        return new BinView(binId, bin is not null, bin?.CommunityId, bin?.Material, bin?.Location, bin?.LatitudeDeg, bin?.LongitudeDeg,
            bin?.CapacityGrams, thresholdPct, online, state?.LastSeenUtc, state?.FirmwareVersion ?? "", state?.DropOffsToday ?? 0, state?.Telemetry, open);
    }
}
