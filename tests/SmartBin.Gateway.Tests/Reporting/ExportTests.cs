using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SmartBin.Gateway.Reporting;
using Xunit;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>The CSV exports and the printable report on the hand-made dataset, and community scoping of each.</summary>
public sealed class ExportTests : IDisposable
{
    private static readonly ReportPeriod March1To8 = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 8));
    private readonly ReportRig rig = new();

    public ExportTests()
    {
        rig.LoadWeek();
        Assert.True(rig.Store.RegisterResident("r-a", Storage.StoreFixture.Household(ReportRig.B1, 1), "王小明").Ok);
    }

    public void Dispose() => rig.Dispose();

    private static string[] Lines(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        var bytes = buffer.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n")[..^1];
    }

    [Fact]
    public void Stats_csv_has_day_week_material_community_and_total_rows_in_kilograms()
    {
        var lines = Lines(s => ReportingService.WriteStatsCsv(s, rig.Service.Stats(March1To8, null)));

        Assert.Equal("level,period,community,material,dropoffs,net_kg,points,co2e_kg,active_households,households,participation", lines[0]);
        Assert.Contains("day,2026-03-01,,PET,1,1.000,80,1.170,,,", lines);
        Assert.Contains("week,2026-W09 (1/7),,PET,1,1.000,80,1.170,,,", lines);
        Assert.Contains("week,2026-W10,,PP,1,1.500,105,1.335,,,", lines);
        Assert.Contains("material,2026-03-01..2026-03-08,,PET,3,3.800,304,4.446,,,", lines);
        Assert.Contains("community,2026-03-01..2026-03-08,xiahang,,1,3.000,240,2.580,1,4700,0.0002", lines);
        Assert.Equal("total,2026-03-01..2026-03-08,baiyun xiahang,,5,8.300,649,8.361,4,9003,0.0004", lines[^1]);
    }

    [Fact]
    public void Campaign_csv_lists_masked_individuals_then_units()
    {
        var lines = Lines(s => ReportingService.WriteCampaignCsv(s, rig.Service.Campaign(2026, 10, null)));

        Assert.Equal(1 + 4 + 2, lines.Length);
        Assert.Equal($"2026-W10,individual,2,王*明,…{ReportRig.A[^4..]},baiyun,2.000,2.000,1,,,,,5.000", lines[2]);
        Assert.Equal("2026-W10,unit,1,白云村 Baiyun,,baiyun,4.300,4.300,,4303,3,0.0007,0.0010,5.000", lines[5]);
        Assert.DoesNotContain(lines, l => l.Contains("王小明", StringComparison.Ordinal) || l.Contains(ReportRig.A, StringComparison.Ordinal));
    }

    [Fact]
    public void Drop_off_csv_has_every_outcome_of_the_period_and_only_card_tails()
    {
        long count = 0;
        var lines = Lines(s => count = rig.Service.WriteDropOffsCsv(s, March1To8, null));

        Assert.Equal(10, count);
        Assert.Equal(11, lines.Length);
        Assert.Equal("local_day,occurred_utc,community,bin,seq,location,material,net_kg,outcome,reason,points,co2e_kg,factor_version,price_version,household,card", lines[0]);
        Assert.Equal($"2026-03-01,2026-03-01T15:59:00.0000000Z,baiyun,baiyun-0001,1,baiyun collection point 1,PET,1.000,credited,,80,1.170,epa-warm-v16,prices-2026-01,demo-baiyun-0001-01,…{ReportRig.A[^4..]}", lines[1]);
        Assert.Contains(lines, l => l.Contains(",reversed,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",held,implausible-weight,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains(ReportRig.A, StringComparison.Ordinal) || l.Contains("EE0000AB", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_communitys_data_never_appears_in_a_scoped_query_or_export()
    {
        string[] scope = ["xiahang"];
        var stats = rig.Service.Stats(March1To8, scope);
        var campaign = rig.Service.Campaign(2026, 10, scope);

        Assert.Equal(["xiahang"], stats.Communities.Select(c => c.CommunityId));
        Assert.Equal(3_000, stats.Total.NetGrams);
        Assert.Equal(["HDPE"], stats.ByMaterial.Keys);
        Assert.Equal(["suspense 500"], stats.NotCounted.Select(o => $"{o.Outcome} {o.NetGrams}"));
        Assert.Equal(new Participation(1, 4_700), stats.Participation);
        Assert.Equal(3_000, stats.Progress.CreditedGrams);

        var outputs = new[]
        {
            string.Join('\n', Lines(s => ReportingService.WriteStatsCsv(s, stats))),
            string.Join('\n', Lines(s => ReportingService.WriteCampaignCsv(s, campaign))),
            string.Join('\n', Lines(s => rig.Service.WriteDropOffsCsv(s, March1To8, scope))),
            rig.Service.PrintableReport(March1To8, scope, CultureInfo.GetCultureInfo("en")),
            rig.Service.PrintableReport(March1To8, scope, CultureInfo.GetCultureInfo("zh-CN")),
        };
        foreach (var text in outputs)
        {
            Assert.DoesNotContain("baiyun", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("白云", text, StringComparison.Ordinal);
        }
        // Baiyun's bins take PET and PP; Xiahang's data has neither (the report's factor table names every material).
        Assert.All(outputs[..3], csv => Assert.DoesNotContain("PET", csv, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_scope_shows_nothing()
    {
        var stats = rig.Service.Stats(March1To8, []);

        Assert.Empty(stats.Communities);
        Assert.Equal(default, stats.Total);
        Assert.Empty(stats.NotCounted);
        Assert.Equal(0, stats.Progress.TargetGrams);
        Assert.Single(Lines(s => rig.Service.WriteDropOffsCsv(s, March1To8, [])));
    }

    [Fact]
    public void The_printable_report_is_self_contained_and_speaks_english_or_chinese()
    {
        var en = rig.Service.PrintableReport(March1To8, null, CultureInfo.GetCultureInfo("en-GB"));
        var zh = rig.Service.PrintableReport(March1To8, null, CultureInfo.GetCultureInfo("zh-CN"));

        Assert.StartsWith("<!DOCTYPE html><html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html><html lang=\"zh-CN\">", zh, StringComparison.Ordinal);
        Assert.Contains("SmartBin pilot report", en, StringComparison.Ordinal);
        Assert.Contains("智能回收箱试点报告", zh, StringComparison.Ordinal);
        Assert.Contains("按材料汇总", zh, StringComparison.Ordinal);
        foreach (var page in new[] { en, zh })
        {
            Assert.Contains("@media print", page, StringComparison.Ordinal);
            Assert.Contains("epa-warm-v16", page, StringComparison.Ordinal);
            Assert.Contains("2026-W10", page, StringComparison.Ordinal);
            Assert.Contains("王*明", page, StringComparison.Ordinal);
            Assert.DoesNotContain("王小明", page, StringComparison.Ordinal);
            foreach (var external in new[] { "http:", "https:", "<script", "<link", "<img", "src=", "url(" })
            {
                Assert.DoesNotContain(external, page, StringComparison.OrdinalIgnoreCase);
            }
        }
        // Totals: 8.3 kg credited, 8.4 kg CO2e (8,361 g), 649 points.
        Assert.Contains("<td>Total</td><td class=\"n\">5</td><td class=\"n\">8.3</td><td class=\"n\">649</td><td class=\"n\">8.4</td>", en, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_text_is_html_encoded()
    {
        Assert.True(rig.Store.RegisterCommunity(new Gateway.Storage.CommunityRegistration("evil", "<script>alert(1)</script>", 10, 20, 1_000, "Asia/Shanghai")).Ok);

        var page = rig.Service.PrintableReport(March1To8, ["evil"], CultureInfo.GetCultureInfo("en"));

        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_report_text_has_both_languages()
    {
        var en = ReportText.For(CultureInfo.GetCultureInfo("en"));
        var zh = ReportText.For(CultureInfo.GetCultureInfo("zh-Hans"));
        foreach (var key in ReportText.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(en[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(zh[key]), key);
            Assert.True(key is "MIXED" || en[key] != zh[key], key);
        }
    }
}
