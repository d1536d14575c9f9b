using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Alerts;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Web.Tests;

/// <summary>
/// The review queue and the bins map in a real browser against the whole gateway: a simulated bin publishes two
/// drop-offs over MQTT that the daily cap (lowered to 1 kg by configuration) holds; staff approve one (the resident's
/// balance rises by exactly its points, through a ledger entry) and reject the other with a note; then the map shows
/// the community's bins by their coordinates, turns one red as it fills, and opens a bin's page on a click.
/// </summary>
public sealed class ReviewAndMapTests(Browser browser) : IClassFixture<Browser>
{
    private const string Bin = "baiyun-0001";
    private const string Unplaced = "baiyun-0099";
    private static readonly float TimeoutMs = 30_000;

    [Fact]
    public async Task Staff_approve_one_held_drop_off_reject_another_with_a_note_and_find_bins_on_the_map()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?>
        {
            ["SmartBin:Crediting:DailyCapGrams"] = "1000",
            ["SmartBin:Staff:LivePollS"] = "1",
        });
        Assert.True(rig.Store.RegisterBin(new BinRegistration(Unplaced, "baiyun", "PET", "Gate 9", null, null, 30_000, 80)).Ok);
        var (approveCard, approveHousehold) = (StorageSeeds.DemoCardUid(1, 4), "demo-baiyun-0001-04");
        var (rejectCard, rejectHousehold) = (StorageSeeds.DemoCardUid(1, 5), "demo-baiyun-0001-05");
        await using var bin = await SimulatedBin.ConnectAsync(rig.MqttPort, Bin);
        await bin.DropOffAsync(1, approveCard, 1_200);
        await bin.DropOffAsync(2, rejectCard, 1_500);
        await Poll.UntilAsync(() => rig.Store.DropOff(Bin, 1) is not null && rig.Store.DropOff(Bin, 2) is not null);
        var held = rig.Store.DropOff(Bin, 1)!;
        Assert.Equal((DropOffOutcomes.Held, "daily-cap", 96L), (held.Outcome, held.Reason, held.Points)); // 1.2 kg PET × 80 points/kg
        Assert.Equal(DropOffOutcomes.Held, rig.Store.DropOff(Bin, 2)!.Outcome);
        var before = rig.Store.Balance(LedgerAccounts.Household(approveHousehold), LedgerUnits.Points);

        await using var context = await browser.ContextAsync(rig.BaseAddress);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await Browser.SignInStaffAsync(page, StaffRig.Baiyun, StaffRig.Password);
        await Assertions.Expect(page.Locator("#review-count")).ToHaveTextAsync("2");

        await page.Locator("[data-nav=review]").ClickAsync();
        await Browser.AtAsync(page, "/staff/review");
        var first = page.Locator($"article[data-dropoff=\"{Bin}:1\"]");
        var second = page.Locator($"article[data-dropoff=\"{Bin}:2\"]");
        // Oldest first, with the audit record.
        Assert.Equal(new[] { $"{Bin}:1", $"{Bin}:2" }, await page.Locator("article[data-dropoff]").EvaluateAllAsync<string[]>("a => a.map(e => e.dataset.dropoff)"));
        await Assertions.Expect(first.Locator("[data-field=card]")).ToHaveTextAsync("****" + approveCard[^4..]);
        await Assertions.Expect(first.Locator("[data-field=household]")).ToHaveTextAsync(approveHousehold);
        await Assertions.Expect(first.Locator("[data-field=net]")).ToHaveTextAsync("1.2 kg");
        await Assertions.Expect(first.Locator("[data-field=material]")).ToHaveTextAsync("PET");
        await Assertions.Expect(first.Locator("[data-field=rule]")).ToContainTextAsync("daily cap");
        await Assertions.Expect(first.Locator("[data-field=points]")).ToContainTextAsync("96 points");
        await first.Locator("details summary").ClickAsync();
        await Assertions.Expect(first.Locator("details tbody tr")).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(page, "20-review-queue");

        await first.Locator("button[data-action=approve]").ClickAsync();
        await Assertions.Expect(page.Locator("#review-message")).ToHaveTextAsync($"Approved: 96 points credited to household {approveHousehold}.");
        await Assertions.Expect(first).ToHaveCountAsync(0);
        Assert.Equal(before + held.Points, rig.Store.Balance(LedgerAccounts.Household(approveHousehold), LedgerUnits.Points));
        var entry = Assert.Single(rig.Store.Entries(approveHousehold), e => e.Reference == $"{Bin}:1" && e.Unit == LedgerUnits.Points);
        Assert.Equal((held.Points, TransferKinds.Credit), (entry.Amount, entry.Kind));

        await second.Locator("button[data-action=reject]").ClickAsync();
        await Assertions.Expect(page.Locator("#review-message")).ToHaveTextAsync("Write a note to reject a drop-off: say why.");
        await second.Locator("input[name=note]").FillAsync("two bags from the shop next door, not household waste");
        await second.Locator("button[data-action=reject]").ClickAsync();
        await Assertions.Expect(page.Locator("#review-message")).ToHaveTextAsync("Rejected: nothing credited. Your note is recorded.");
        await Assertions.Expect(page.Locator("#review-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#review-count")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator($"#review-decisions tr[data-dropoff=\"{Bin}:2\"]")).ToContainTextAsync("two bags from the shop");
        Assert.Equal(0, rig.Store.Balance(LedgerAccounts.Household(rejectHousehold), LedgerUnits.Points));
        Assert.Equal("bai", Assert.Single(rig.Store.ReviewDecisionsOf(Bin, 2)).Staff);
        await Browser.ScreenshotAsync(page, "21-review-decided");

        await MapAsync(page, bin);
    }

    private static async Task MapAsync(IPage page, SimulatedBin bin)
    {
        await page.GotoAsync("/staff/bins");
        await page.Locator("#view-map").ClickAsync();
        await Browser.AtAsync(page, "/staff/bins?view=map");
        var map = page.Locator("#bin-map[data-rendered=true]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-points", "2"); // baiyun-0001 and -0002; -0099 has no coordinates
        await Assertions.Expect(page.Locator($"#unplaced [data-unplaced=\"{Unplaced}\"]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tiles")).ToBeHiddenAsync();

        foreach (var fill in new[] { 40, 93 })
        {
            await bin.TelemetryAsync(fill);
        }
        await Assertions.Expect(map).ToHaveAttributeAsync("data-states", new System.Text.RegularExpressions.Regex($"{Bin}=full"));
        await map.ScrollIntoViewIfNeededAsync();
        var (x, y) = await PointAsync(page, Bin);
        await page.Mouse.MoveAsync(x, y);
        await Assertions.Expect(page.Locator("#bin-map").GetByText($"{Bin} · Full")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "22-bins-map");
        await page.Mouse.ClickAsync(x, y);
        await Browser.AtAsync(page, $"/staff/bins/{Bin}");
    }

    // Where ECharts drew the bin, in page coordinates.
    private static async Task<(float X, float Y)> PointAsync(IPage page, string binId)
    {
        var xy = await page.EvaluateAsync<double[]>(
            """
            id => {
              const el = document.getElementById('bin-map');
              const chart = echarts.getInstanceByDom(el);
              const point = chart.getOption().series[0].data.find(d => d.bin.binId === id);
              const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, point.value);
              const box = el.getBoundingClientRect();
              return [box.left + px, box.top + py];
            }
            """, binId);
        return ((float)xy[0], (float)xy[1]);
    }
}
