using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Tests.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>The programme, campaign and export pages over real HTTP: scoping, anonymous callers and bad input.</summary>
public sealed class ProgrammePagesTests
{
    // Every report page and download, with the query each needs.
    private static readonly string[] ReportPaths =
    [
        "/staff/programme", "/staff/programme?granularity=week", "/staff/campaign", "/staff/exports",
        "/staff/exports?handler=DropOffs", "/staff/exports?handler=Totals", "/staff/exports?handler=Campaign", "/staff/exports?handler=Report",
    ];

    [Fact]
    public async Task A_baiyun_member_asking_for_xiahang_is_refused_and_exports_only_baiyun()
    {
        await using var rig = await StaffRig.StartAsync();
        DropOffs(rig);
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        foreach (var path in ReportPaths)
        {
            foreach (var ask in new[] { "community=xiahang", "community=baiyun&community=xiahang", "community=nowhere" })
            {
                var url = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + ask;
                using var refused = await bai.GetAsync(url);
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{url}: {refused.StatusCode}");
                var body = await refused.Content.ReadAsStringAsync();
                Assert.DoesNotContain("xiahang", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("3.000", body, StringComparison.Ordinal);
            }
        }

        // Without a community (or naming their own) they get Baiyun's figures and nothing of Xiahang's.
        using var programme = await bai.GetAsync("/staff/programme");
        Assert.Equal(HttpStatusCode.OK, programme.StatusCode);
        Assert.Matches(@"^app;dur=\d+(\.\d+)?$", programme.Headers.GetValues("Server-Timing").Single());
        var html = await programme.Content.ReadAsStringAsync();
        Assert.Contains("id=\"total-kg\" data-grams=\"1700\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Xiahang", html, StringComparison.Ordinal);
        var csv = await Utf8Async(await bai.GetAsync("/staff/exports?handler=DropOffs&community=baiyun"));
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("baiyun", r.Split(',')[2]));
        var report = await bai.GetStringAsync("/staff/exports?handler=Report");
        Assert.Contains("Baiyun", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Xiahang", report, StringComparison.Ordinal);

        // An all-communities account picks Xiahang and sees its drop-off.
        using var alice = await rig.SignedInAsync(StaffRig.Admin);
        Assert.Contains("id=\"total-kg\" data-grams=\"3000\"", await alice.GetStringAsync("/staff/programme?community=xiahang"), StringComparison.Ordinal);
        Assert.Contains("id=\"total-kg\" data-grams=\"4700\"", await alice.GetStringAsync("/staff/programme"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_callers_are_sent_to_sign_in_and_get_no_data()
    {
        await using var rig = await StaffRig.StartAsync();
        DropOffs(rig);
        using var client = rig.NewClient();
        foreach (var path in ReportPaths)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
            Assert.StartsWith("/staff/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("/staff/programme?from=2026-13-01", "“2026-13-01” is not a date: use yyyy-mm-dd.")]
    [InlineData("/staff/programme?from=2026-03-08&to=2026-03-01", "The period ends before it starts.")]
    [InlineData("/staff/programme?from=2020-01-01&to=2026-01-01", "The period is 2,193 days long; at most 732 days can be shown at once.")]
    [InlineData("/staff/programme?granularity=month", "“month” is not a bar size: choose per day or per week.")]
    [InlineData("/staff/programme?community=mars", "There is no community “mars”.")]
    [InlineData("/staff/campaign?week=2026-W54", "“2026-W54” is not an ISO week: use yyyy-Www, e.g. 2026-W10.")]
    [InlineData("/staff/campaign?week=last", "“last” is not an ISO week: use yyyy-Www, e.g. 2026-W10.")]
    [InlineData("/staff/exports?handler=DropOffs&to=yesterday", "“yesterday” is not a date: use yyyy-mm-dd.")]
    [InlineData("/staff/exports?handler=Report&from=2026-03-08&to=2026-03-01", "The period ends before it starts.")]
    public async Task Bad_input_is_a_400_whose_page_says_what_is_wrong(string path, string message)
    {
        await using var rig = await StaffRig.StartAsync();
        DropOffs(rig);
        using var alice = await rig.SignedInAsync(StaffRig.Admin);
        using var response = await alice.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"error\" role=\"alert\" id=\"report-error\">" + message + "</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-grams", html, StringComparison.Ordinal); // no figures with a refused query
    }

    [Fact]
    public async Task The_campaign_csv_and_the_totals_csv_download_with_a_name_and_the_figures()
    {
        await using var rig = await StaffRig.StartAsync();
        var at = DropOffs(rig);
        using var alice = await rig.SignedInAsync(StaffRig.Admin);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var (year, week) = ReportPeriod.WeekOf(day);
        var label = ReportPeriod.WeekLabel(year, week);
        using var campaign = await alice.GetAsync("/staff/exports?handler=Campaign&week=" + label);
        Assert.Equal("text/csv", campaign.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"campaign-{label}.csv", campaign.Content.Headers.ContentDisposition?.FileName);
        var lines = (await Utf8Async(campaign)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 3 + 2, lines.Length); // header, three people, two communities
        Assert.StartsWith(label + ",individual,1,", lines[1], StringComparison.Ordinal);
        using var totals = await alice.GetAsync("/staff/exports?handler=Totals&community=xiahang");
        var total = (await Utf8Async(totals)).Split("\r\n").Single(l => l.StartsWith("total,", StringComparison.Ordinal));
        Assert.Contains(",xiahang,,1,3.000,", total, StringComparison.Ordinal);
    }

    /// <summary>Baiyun: 1,200 g PET and 500 g PP by two people; Xiahang: 3,000 g HDPE. Now, so inside the default period.</summary>
    private static DateTimeOffset DropOffs(StaffRig rig)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var verdicts = rig.Store.CommitBatch(
        [
            StoreFixture.DropOff("baiyun-0001", 1, StoreFixture.Card(0, 1), 1_200, "PET", endUtc: now),
            StoreFixture.DropOff("baiyun-0002", 1, StoreFixture.Card(2, 0), 500, "PP", endUtc: now),
            StoreFixture.DropOff("xiahang-0001", 1, StoreFixture.Card(1, 0), 3_000, "HDPE", endUtc: now),
        ]);
        Assert.All(verdicts, v => Assert.Equal(AckResult.Credited, v.Result));
        return now;
    }

    private static async Task<string> Utf8Async(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "CSV without the UTF-8 byte order mark");
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
    }
}
