using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using SmartBin.Gateway.Crediting;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// The printable report for the departments assessing the pilot: one self-contained HTML page (inline CSS with print
/// rules, no scripts, fonts, images or links to fetch), every value HTML-encoded.
/// </summary>
public static class ReportHtml
{
    private const string Style = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#111;margin:2em auto;max-width:60em;line-height:1.4}
        h1{font-size:1.6em;margin:0}h2{font-size:1.15em;border-bottom:2px solid #333;padding-bottom:.2em;margin-top:1.6em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #999;padding:.25em .5em;text-align:left}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}thead th{background:#eee}tfoot td{font-weight:bold}
        .meta{color:#444}.note{font-size:.9em;color:#444}section{break-inside:avoid;page-break-inside:avoid}
        @page{size:A4;margin:15mm}
        @media print{body{margin:0;max-width:none;font-size:10.5pt}thead{display:table-header-group}tr{break-inside:avoid}
        thead th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """;

    /// <summary>The report page for <paramref name="stats"/> and the campaign <paramref name="campaign"/>.</summary>
    public static string Render(ProgrammeStats stats, WeeklyCampaign campaign, CarbonBaseline baseline, DateTimeOffset generatedUtc, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(campaign);
        var t = ReportText.For(culture);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"").Append(t.LanguageTag).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(t["title"] + " " + stats.Period)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        h.Append("<header><h1>").Append(E(t["title"])).Append("</h1><p>").Append(E(t["subtitle"])).Append("</p><p class=\"meta\">")
            .Append(E(t["period"])).Append(": ").Append(E(stats.Period.ToString())).Append(" (").Append(stats.Period.Days).Append(")<br>")
            .Append(E(t["communities"])).Append(": ").Append(E(stats.Communities.Count == 0 ? t["none"] : ReportingService.CommunityNames(stats.Communities)))
            .Append("<br>").Append(E(t["generated"])).Append(": ").Append(E(generatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append("</p></header>");
        Totals(h, t, stats);
        Factors(h, t, stats, baseline);
        Participation(h, t, stats);
        Progress(h, t, stats.Progress);
        Campaign(h, t, campaign);
        h.Append("<footer><p class=\"note\">").Append(E(t["definitions"])).Append("</p></footer></body></html>");
        return h.ToString();
    }

    private static void Totals(StringBuilder h, ReportText t, ProgrammeStats s)
    {
        Open(h, t["totals"], t["material"], "#" + t["dropoffs"], "#" + t["net_kg"], "#" + t["points"], "#" + t["co2e_kg"]);
        foreach (var (material, x) in s.ByMaterial)
        {
            Row(h, Label(t, material), t.Count(x.DropOffs), t.Kg(x.NetGrams), t.Count(x.Points), t.Kg(x.GramsCo2e));
        }
        h.Append("</tbody><tfoot>");
        Row(h, t["total"], t.Count(s.Total.DropOffs), t.Kg(s.Total.NetGrams), t.Count(s.Total.Points), t.Kg(s.Total.GramsCo2e));
        h.Append("</tfoot></table>");
        if (s.NotCounted.Count > 0)
        {
            h.Append("<table><thead><tr><th>").Append(E(t["not_counted"])).Append("</th><th class=\"n\">").Append(E(t["dropoffs"]))
                .Append("</th><th class=\"n\">").Append(E(t["net_kg"])).Append("</th></tr></thead><tbody>");
            foreach (var o in s.NotCounted)
            {
                Row(h, t[o.Outcome], t.Count(o.DropOffs), t.Kg(o.NetGrams));
            }
            h.Append("</tbody></table>");
        }
        h.Append("</section>");
    }

    private static void Factors(StringBuilder h, ReportText t, ProgrammeStats s, CarbonBaseline baseline)
    {
        Open(h, t["factors"], t["version"], t["factor_values"] + " " + t[baseline.ToString()], "#" + t["net_kg"], "#" + t["co2e_kg"]);
        foreach (var v in s.FactorVersions)
        {
            var values = v.GramsCo2ePerKg.Count == 0 ? t["none"] : string.Join(", ", v.GramsCo2ePerKg.Select(f => $"{f.Key} {f.Value.ToString("N0", t.Culture)}"));
            Row(h, v.Version.Length == 0 ? t["none"] : v.Version, values, t.Kg(v.Totals.NetGrams), t.Kg(v.Totals.GramsCo2e));
        }
        h.Append("</tbody></table></section>");
    }

    private static void Participation(StringBuilder h, ReportText t, ProgrammeStats s)
    {
        Open(h, t["participation"], t["community"], "#" + t["active_households"], "#" + t["households"], "#" + t["rate"], "#" + t["net_kg"]);
        foreach (var c in s.PerCommunity)
        {
            Row(h, c.Community.Name, t.Count(c.Participation.ActiveHouseholds), t.Count(c.Participation.Households), t.Percent(c.Participation.Rate), t.Kg(c.Totals.NetGrams));
        }
        h.Append("</tbody><tfoot>");
        Row(h, t["total"], t.Count(s.Participation.ActiveHouseholds), t.Count(s.Participation.Households), t.Percent(s.Participation.Rate), t.Kg(s.Total.NetGrams));
        h.Append("</tfoot></table><p class=\"note\">").Append(E(t["participation_note"])).Append("</p></section>");
    }

    private static void Progress(StringBuilder h, ReportText t, TargetProgress p)
    {
        Open(h, t["progress"], t["pilot_dates"], t["as_of"], "#" + t["target"], "#" + t["so_far"], "#" + t["pace_actual"], "#" + t["pace_needed"], t["on_track"]);
        Row(h, $"{ReportPeriod.Key(p.Start)} – {ReportPeriod.Key(p.End)}", ReportPeriod.Key(p.AsOf), t.Kg(p.TargetGrams),
            $"{t.Kg(p.CreditedGrams)} ({t.Percent(p.Fraction)})", p.ActualGramsPerDay is { } a ? t.Kg(a) : "–",
            p.NeededGramsPerDay is { } n ? t.Kg(n) : "–", p.OnTrack ? t["yes"] : t["no"]);
        h.Append("</tbody></table></section>");
    }

    private static void Campaign(StringBuilder h, ReportText t, WeeklyCampaign c)
    {
        h.Append("<section><h2>").Append(E($"{t["campaign"]} {c.Label} ({c.Week})")).Append("</h2><h3>").Append(E(t["top_individuals"])).Append("</h3>");
        h.Append("<table><thead><tr>");
        foreach (var head in new[] { "#" + t["rank"], t["name"], t["card"], t["community"], "#" + t["ranked_kg"], "#" + t["credited_kg"], "#" + t["dropoffs"] })
        {
            Head(h, head);
        }
        h.Append("</tr></thead><tbody>");
        foreach (var p in c.Individuals)
        {
            Cells(h, [t.Count(p.Rank), p.MaskedName ?? "–", "…" + p.CardTail, p.UnitKey, t.Kg(p.RankedGrams), t.Kg(p.CreditedGrams), t.Count(p.DropOffs)], 1, 2, 3);
        }
        var cap = c.WeeklyCapGrams > 0 ? t.Kg(c.WeeklyCapGrams) : "∞";
        h.Append("</tbody></table><p class=\"note\">").Append(E(string.Format(t.Culture, t["cap_note"], cap))).Append(' ').Append(E(t["privacy_note"]))
            .Append("</p><h3>").Append(E(t["top_units"])).Append("</h3><table><thead><tr>");
        foreach (var head in new[] { "#" + t["rank"], t["community"], "#" + t["kg_per_household"], "#" + t["rate"], "#" + t["active_households"], "#" + t["households"], "#" + t["ranked_kg"] })
        {
            Head(h, head);
        }
        h.Append("</tr></thead><tbody>");
        foreach (var u in c.Units)
        {
            Cells(h, [t.Count(u.Rank), u.Name, (u.GramsPerHousehold / 1000).ToString("N3", t.Culture), t.Percent(u.ParticipationRate), t.Count(u.ActiveHouseholds),
                t.Count(u.Households), t.Kg(u.RankedGrams)], 1);
        }
        h.Append("</tbody></table><p class=\"note\">").Append(E(t["unit_note"])).Append("</p></section>");
    }

    /// <summary>Opens a section with a heading and a table head; a column name starting with # is numeric (right-aligned).</summary>
    private static void Open(StringBuilder h, string title, params string[] columns)
    {
        h.Append("<section><h2>").Append(E(title)).Append("</h2><table><thead><tr>");
        foreach (var column in columns)
        {
            Head(h, column);
        }
        h.Append("</tr></thead><tbody>");
    }

    private static void Head(StringBuilder h, string column) =>
        h.Append(column.StartsWith('#') ? "<th class=\"n\">" : "<th>").Append(E(column.TrimStart('#'))).Append("</th>");

    /// <summary>A row: the first cell is text, the others numeric.</summary>
    private static void Row(StringBuilder h, string first, params string[] numbers)
    {
        h.Append("<tr><td>").Append(E(first)).Append("</td>");
        foreach (var n in numbers)
        {
            h.Append("<td class=\"n\">").Append(E(n)).Append("</td>");
        }
        h.Append("</tr>");
    }

    /// <summary>A row whose cells at <paramref name="textColumns"/> are text, the others numeric.</summary>
    private static void Cells(StringBuilder h, string[] cells, params int[] textColumns)
    {
        h.Append("<tr>");
        for (var i = 0; i < cells.Length; i++)
        {
            h.Append(Array.IndexOf(textColumns, i) >= 0 ? "<td>" : "<td class=\"n\">").Append(E(cells[i])).Append("</td>");
        }
        h.Append("</tr>");
    }

    private static string Label(ReportText t, string material) => material == "MIXED" ? t[material] : material;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
