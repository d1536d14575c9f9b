using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SmartBin.Gateway.Reporting;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>One bar of the kg-by-material chart and one row of its table.</summary>
/// <param name="Label">Day or week, as shown.</param>
/// <param name="GramsByMaterial">Credited grams per material, in <see cref="ProgrammeModel.Materials"/> order.</param>
/// <param name="Partial">For a week cut by the period: days inside it of 7 (null for a whole week or a day).</param>
public sealed record ProgrammeBar(string Label, IReadOnlyList<long> GramsByMaterial, int? Partial)
{
    /// <summary>All materials.</summary>
    public long TotalGrams => GramsByMaterial.Sum();
}

/// <summary>
/// <c>/staff/programme</c>: credited kg by material per day or ISO week, CO2e with the factor versions used,
/// participation per community and overall, and progress to the pilot target, for a period and the communities the
/// staff member may see. Charts (ECharts, programme.js) read the figures from data attributes; the same figures are
/// in tables. Definitions: Reporting/README.md.
/// </summary>
public sealed class ProgrammeModel(ReportingService reporting, StaffData data, StaffFormat format) : ReportPageModel(reporting, data, format)
{
    /// <summary>Bars per day.</summary>
    public const string Daily = "day";

    /// <summary>Bars per ISO week.</summary>
    public const string Weekly = "week";

    private static readonly string[] MaterialOrder = ["PET", "HDPE", "PP", "LDPE", "PS", "MIXED"];

    /// <summary>The statistics (null when the input was refused).</summary>
    public ProgrammeStats? Stats { get; private set; }

    /// <summary><see cref="Daily"/> or <see cref="Weekly"/>.</summary>
    public string Granularity { get; private set; } = Daily;

    /// <summary>Materials with credited drop-offs in the period, in a fixed order (PET first).</summary>
    public IReadOnlyList<string> Materials { get; private set; } = [];

    /// <summary>Bars, oldest first: every day of the period, or every ISO week it touches.</summary>
    public IReadOnlyList<ProgrammeBar> Bars { get; private set; } = [];

    /// <summary>The chart data as JSON (HTML-encoded by Razor into a data attribute).</summary>
    public string ChartJson { get; private set; } = "{}";

    /// <summary>Builds the figures; 400 for bad input, 403 for another community.</summary>
    public IActionResult OnGet(string? from, string? to, string? granularity)
    {
        Granularity = granularity is null or "" ? Daily : granularity;
        var refused = Check(q => q.WithPeriod(from, to, DefaultPeriod, Reporting.Options.MaxPeriodDays)
            .Require(Granularity is Daily or Weekly, "prog.error.granularity", Granularity));
        if (refused is not null)
        {
            Granularity = Daily;
            return refused;
        }
        Stats = Reporting.Stats(Query.Period, Query.CommunityIds);
        Materials = MaterialOrder.Where(Stats.ByMaterial.ContainsKey).Concat(Stats.ByMaterial.Keys.Except(MaterialOrder).Order(StringComparer.Ordinal)).ToList();
        Bars = Granularity == Daily ? DayBars(Stats) : WeekBars(Stats);
        ChartJson = JsonSerializer.Serialize(Chart(Stats));
        return Page();
    }

    /// <summary>A material's name in the request's language.</summary>
    public string MaterialName(string material) => Format.Text["prog.material." + material] is { ResourceNotFound: false } name ? name.Value : material;

    /// <summary>Kilograms with three decimals for tables (exact: grams ÷ 1000).</summary>
    public string Kg3(long grams) => Format.Format("prog.unit.kg3", grams / 1000.0);

    /// <summary>A rate 0..1 as a percentage with one decimal.</summary>
    public string Rate(double? rate) => rate is { } r ? Format.Format("prog.unit.pct1", r * 100) : Format.Text["none"].Value;

    private List<ProgrammeBar> DayBars(ProgrammeStats stats)
    {
        var byDay = stats.Days.ToLookup(d => d.Day);
        var bars = new List<ProgrammeBar>(stats.Period.Days);
        for (var day = stats.Period.From; day <= stats.Period.To; day = day.AddDays(1))
        {
            var rows = byDay[day].ToDictionary(r => r.Material, r => r.Totals.NetGrams, StringComparer.Ordinal);
            bars.Add(new ProgrammeBar(day.ToString("d", CultureInfo.CurrentCulture), Materials.Select(m => rows.GetValueOrDefault(m)).ToList(), null));
        }
        return bars;
    }

    private List<ProgrammeBar> WeekBars(ProgrammeStats stats)
    {
        var bars = new List<ProgrammeBar>();
        var weeks = stats.Weeks.ToLookup(w => (w.IsoYear, w.IsoWeek));
        var monday = stats.Period.From.AddDays(-(((int)stats.Period.From.DayOfWeek + 6) % 7));
        for (; monday <= stats.Period.To; monday = monday.AddDays(7))
        {
            var key = ReportPeriod.WeekOf(monday);
            var rows = weeks[key].ToDictionary(r => r.Material, r => r.Totals.NetGrams, StringComparer.Ordinal);
            var first = monday < stats.Period.From ? stats.Period.From : monday;
            var last = monday.AddDays(6) > stats.Period.To ? stats.Period.To : monday.AddDays(6);
            var inside = last.DayNumber - first.DayNumber + 1;
            bars.Add(new ProgrammeBar(StaffReportQuery.WeekValue(key), Materials.Select(m => rows.GetValueOrDefault(m)).ToList(), inside < 7 ? inside : null));
        }
        return bars;
    }

    private object Chart(ProgrammeStats stats)
    {
        var p = stats.Progress;
        return new
        {
            labels = Bars.Select(b => b.Partial is { } d ? Format.Format("prog.partialWeek", b.Label, d) : b.Label).ToList(),
            series = Materials.Select((m, i) => new { name = MaterialName(m), data = Bars.Select(b => Math.Round(b.GramsByMaterial[i] / 1000.0, 3)).ToList() }).ToList(),
            participation = stats.PerCommunity.Select(c => new { name = c.Community.Name, pct = Math.Round((c.Participation.Rate ?? 0) * 100, 2) })
                .Append(new { name = Format.Text["prog.overall"].Value, pct = Math.Round((stats.Participation.Rate ?? 0) * 100, 2) }).ToList(),
            progress = new { pct = Math.Round((p.Fraction ?? 0) * 100, 2), elapsedPct = Math.Round(100.0 * p.ElapsedDays / Math.Max(1, p.TotalDays), 2) },
        };
    }
}
