using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Reporting;

/// <summary>CSV exports (README: exports). Column names are stable English identifiers, the same in every language.</summary>
public sealed partial class ReportingService
{
    /// <summary>
    /// Statistics as one flat table: a row per (day, material), per (ISO week, material), per material over the
    /// period, per community and one overall row; <c>level</c> says which.
    /// </summary>
    public static void WriteStatsCsv(Stream output, ProgrammeStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        using var csv = new Csv(output);
        csv.Row("level", "period", "community", "material", "dropoffs", "net_kg", "points", "co2e_kg", "active_households", "households", "participation");
        foreach (var d in stats.Days)
        {
            TotalsRow(csv.Text("day").Text(ReportPeriod.Key(d.Day)).Text("").Text(d.Material), d.Totals);
        }
        foreach (var w in stats.Weeks)
        {
            var label = ReportPeriod.WeekLabel(w.IsoYear, w.IsoWeek) + (w.DaysInPeriod < 7 ? $" ({w.DaysInPeriod}/7)" : "");
            TotalsRow(csv.Text("week").Text(label).Text("").Text(w.Material), w.Totals);
        }
        foreach (var (material, totals) in stats.ByMaterial)
        {
            TotalsRow(csv.Text("material").Text(stats.Period.ToString()).Text("").Text(material), totals);
        }
        foreach (var c in stats.PerCommunity)
        {
            TotalsRow(csv.Text("community").Text(stats.Period.ToString()).Text(c.Community.CommunityId).Text(""), c.Totals, c.Participation);
        }
        TotalsRow(csv.Text("total").Text(stats.Period.ToString()).Text(string.Join(' ', stats.Communities.Select(c => c.CommunityId))).Text(""),
            stats.Total, stats.Participation);
    }

    /// <summary>The campaign: the individuals' rows (<c>kind</c> individual) then the units' rows (<c>kind</c> unit).</summary>
    public static void WriteCampaignCsv(Stream output, WeeklyCampaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        using var csv = new Csv(output);
        csv.Row("week", "kind", "rank", "name", "card", "community", "ranked_kg", "credited_kg", "dropoffs", "households", "active_households",
            "participation", "kg_per_household", "weekly_cap_kg");
        foreach (var p in campaign.Individuals)
        {
            csv.Text(campaign.Label).Text("individual").Number(p.Rank).Text(p.MaskedName ?? "").Text("…" + p.CardTail).Text(p.UnitKey)
                .Kilograms(p.RankedGrams).Kilograms(p.CreditedGrams).Number(p.DropOffs).Text("").Text("").Text("").Text("")
                .Kilograms(campaign.WeeklyCapGrams).EndRow();
        }
        foreach (var u in campaign.Units)
        {
            csv.Text(campaign.Label).Text("unit").Number(u.Rank).Text(u.Name).Text("").Text(u.UnitKey)
                .Kilograms(u.RankedGrams).Kilograms(u.CreditedGrams).Text("").Number(u.Households).Number(u.ActiveHouseholds)
                .Number(u.ParticipationRate, 4).Number(u.GramsPerHousehold / 1000, 4).Kilograms(campaign.WeeklyCapGrams).EndRow();
        }
    }

    /// <summary>
    /// Every drop-off of <paramref name="period"/> at bins of <paramref name="communityIds"/> (null = all), whatever
    /// its outcome, streamed (a year is millions of rows). Cards appear as their last four characters only.
    /// Returns the number of drop-offs written.
    /// </summary>
    public long WriteDropOffsCsv(Stream output, ReportPeriod period, IReadOnlyCollection<string>? communityIds)
    {
        CheckPeriod(period);
        using var connection = store.OpenRead();
        using var tx = connection.BeginTransaction(deferred: true);
        var ids = Scope(connection, tx, communityIds).Select(c => c.CommunityId).ToList();
        using var csv = new Csv(output);
        csv.Row("local_day", "occurred_utc", "community", "bin", "seq", "location", "material", "net_kg", "outcome", "reason", "points",
            "co2e_kg", "factor_version", "price_version", "household", "card");
        long rows = 0;
        using var command = ReportingSql.Command(connection, tx, ReportingSql.DropOffs, ids, period.From, period.To);
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            csv.Text(r.GetString(0)).Text(r.GetString(1)).Text(r.GetString(2)).Text(r.GetString(3)).Number(r.GetInt64(4)).Text(r.GetString(5))
                .Text(r.GetString(6)).Kilograms(r.GetInt64(7)).Text(r.GetString(8)).Text(r.GetString(9)).Number(r.GetInt64(10))
                .Kilograms(r.GetInt64(11)).Text(r.GetString(12)).Text(r.GetString(13)).Text(Sql.NullableString(r, 14) ?? "")
                .Text(r.GetString(15).Length == 0 ? "" : "…" + NameMask.CardTail(r.GetString(15))).EndRow();
            rows++;
        }
        return rows;
    }

    /// <summary>
    /// The printable report (HTML) of <paramref name="period"/> for <paramref name="communityIds"/> (null = all) in the
    /// language of <paramref name="culture"/> (zh → Simplified Chinese, else English). Its top fives are those of the
    /// ISO week <paramref name="campaignWeek"/>, by default the week containing the period's last day.
    /// </summary>
    public string PrintableReport(ReportPeriod period, IReadOnlyCollection<string>? communityIds, CultureInfo culture, (int IsoYear, int IsoWeek)? campaignWeek = null)
    {
        var stats = Stats(period, communityIds);
        var (year, week) = campaignWeek ?? ReportPeriod.WeekOf(period.To);
        return ReportHtml.Render(stats, Campaign(year, week, communityIds), baseline, time.GetUtcNow(), culture);
    }

    private static void TotalsRow(Csv csv, Totals t, Participation? p = null)
    {
        csv.Number(t.DropOffs).Kilograms(t.NetGrams).Number(t.Points).Kilograms(t.GramsCo2e);
        if (p is { } part)
        {
            csv.Number(part.ActiveHouseholds).Number(part.Households).Number(part.Rate, 4);
        }
        else
        {
            csv.Text("").Text("").Text("");
        }
        csv.EndRow();
    }

    /// <summary>Names of the communities, for titles.</summary>
    internal static string CommunityNames(IEnumerable<ReportCommunity> communities) => string.Join(", ", communities.Select(c => c.Name));
}
