using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Playwright;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Web.Tests;

/// <summary>
/// Programme, weekly campaign and exports in a real browser: drop-offs published over MQTT by two Baiyun bins are
/// credited; a Baiyun staff member sees their sum on the Programme page (chart drawn, figures in the table), the
/// week's top individuals on the Campaign page, downloads the drop-off and totals CSVs and opens the printable report.
/// Screenshots: tests/artifacts/screenshots/10-… to 15-….
/// </summary>
public sealed class ProgrammeTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly float TimeoutMs = 30_000;

    [Fact]
    public async Task Staff_see_the_programme_and_campaign_and_export_the_csv_and_the_printable_report()
    {
        await using var rig = await StaffRig.StartAsync();
        // Demo fleet, seed 1: baiyun-0001 (PET) holds the cards of simulator seed 1, baiyun-0002 (PP) those of seed 3.
        var drops = new (string Bin, string Material, string Card, int Grams)[]
        {
            ("baiyun-0001", "PET", StorageSeeds.DemoCardUid(1, 4), 850),
            ("baiyun-0001", "PET", StorageSeeds.DemoCardUid(1, 5), 1_250),
            ("baiyun-0002", "PP", StorageSeeds.DemoCardUid(3, 0), 2_000),
        };
        var creditedGrams = 0;
        foreach (var group in drops.GroupBy(d => (d.Bin, d.Material)))
        {
            await using var bin = await DropOffBin.ConnectAsync(rig.MqttPort, group.Key.Bin, group.Key.Material);
            foreach (var d in group)
            {
                Assert.Equal("credited", await bin.DropOffAsync(d.Card, d.Grams));
                creditedGrams += d.Grams;
            }
        }
        Assert.Equal(4_100, creditedGrams);

        await using var context = await browser.ContextAsync(rig.BaseAddress);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await Browser.SignInStaffAsync(page, StaffRig.Baiyun, StaffRig.Password);

        // Programme: the chart is drawn and the figures add up to the credited drop-offs.
        await page.Locator("[data-nav=programme]").ClickAsync();
        await Browser.AtAsync(page, "/staff/programme");
        await Assertions.Expect(page.Locator("#kg-chart[data-rendered=true] canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#progress-chart canvas")).ToHaveCountAsync(1);
        Assert.Equal(creditedGrams.ToString(CultureInfo.InvariantCulture), await page.Locator("#total-kg").GetAttributeAsync("data-grams"));
        await Assertions.Expect(page.Locator("#total-kg")).ToHaveTextAsync("4.1 kg");
        Assert.Equal("2100", await page.Locator("#material-table tr[data-material=PET] td[data-grams]").GetAttributeAsync("data-grams"));
        Assert.Equal("2000", await page.Locator("#material-table tr[data-material=PP] td[data-grams]").GetAttributeAsync("data-grams"));
        await Assertions.Expect(page.Locator("#participation-table tr[data-community=baiyun] td").Nth(1)).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#participation-table tr[data-community=xiahang]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#community option")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "10-programme");
        await page.Locator("#per-week").ClickAsync();
        await Assertions.Expect(page.Locator("#kg-chart[data-rendered=true] canvas")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "11-programme-weekly");

        // Campaign of this week: the three people, the biggest first, cards by their last four characters.
        var (year, week) = ReportPeriod.WeekOf(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));
        await page.GotoAsync("/staff/campaign?week=" + ReportPeriod.WeekLabel(year, week));
        var people = page.Locator("#individuals tbody tr");
        await Assertions.Expect(people).ToHaveCountAsync(3);
        Assert.Equal("2000", await people.First.GetAttributeAsync("data-grams"));
        await Assertions.Expect(people.First.Locator("td").Nth(2)).ToHaveTextAsync("…" + drops[2].Card[^4..]);
        await Assertions.Expect(page.Locator("#rule-cap")).ToContainTextAsync("at most 5.0 kg a week");
        await Assertions.Expect(page.Locator("#units tbody tr")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "12-campaign");

        // Exports: the drop-off CSV is a real download whose rows are the three drop-offs.
        await page.GotoAsync("/staff/exports");
        await Browser.ScreenshotAsync(page, "13-exports");
        var rows = await DownloadCsvAsync(page, "#export-dropoffs", "dropoffs-");
        Assert.Equal(3, rows.Length);
        Assert.All(rows, r => Assert.Equal("baiyun", r[2]));
        Assert.All(rows, r => Assert.Equal("credited", r[8]));
        Assert.Equal(creditedGrams, rows.Sum(r => (int)Math.Round(decimal.Parse(r[7], CultureInfo.InvariantCulture) * 1000)));
        var total = (await DownloadCsvAsync(page, "#export-totals", "totals-")).Single(r => r[0] == "total");
        Assert.Equal(["3", "4.100"], total[4..6]);

        // The printable report opens in a new tab with the same total.
        var report = await context.RunAndWaitForPageAsync(() => page.Locator("#export-report").ClickAsync());
        await report.WaitForLoadStateAsync();
        await Assertions.Expect(report.Locator("tfoot tr").First).ToContainTextAsync("4.1");
        Assert.DoesNotContain("Xiahang", await report.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(report, "14-printable-report");

        // The same page in Chinese: text, numbers and the chart's labels follow the switch.
        await page.GotoAsync("/staff/programme");
        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("项目进展");
        await Assertions.Expect(page.Locator("#total-kg")).ToHaveTextAsync("4.1 千克");
        await Assertions.Expect(page.Locator("#kg-chart[data-rendered=true] canvas")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "15-programme-zh-CN");
    }

    /// <summary>Clicks <paramref name="button"/>, takes the download, and returns its data rows split into fields.</summary>
    private static async Task<string[][]> DownloadCsvAsync(IPage page, string button, string namePrefix)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(button).ClickAsync());
        Assert.StartsWith(namePrefix, download.SuggestedFilename, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path, Encoding.UTF8);
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToArray();
    }
}
