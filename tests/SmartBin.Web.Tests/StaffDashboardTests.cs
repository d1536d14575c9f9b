using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Playwright;
using SmartBin.Gateway.Tests.Staff;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Web.Tests;

/// <summary>
/// The staff dashboard in a real browser against the whole gateway: sign-in and its limits, a bin going from green
/// to red as a simulated bin fills it over MQTT, the alert it raises acknowledged, the switch to Chinese, and
/// community scoping. Each main page is saved as a screenshot under tests/artifacts/screenshots/.
/// </summary>
public sealed class StaffDashboardTests(Browser browser, ITestOutputHelper output) : IClassFixture<Browser>
{
    private const string Bin = "baiyun-0001";
    private static readonly float TimeoutMs = 30_000;

    // The tile colours of staff.css: --ok and --full.
    private const string Green = "rgb(46, 125, 50)";
    private const string Red = "rgb(198, 40, 40)";

    [Fact]
    public async Task Staff_sees_a_bin_turn_from_green_to_red_acknowledges_its_alert_and_switches_to_Chinese()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?>
        {
            ["SmartBin:Alerts:FillPersistenceS"] = "0",
            ["SmartBin:Staff:LivePollS"] = "1",
        });
        await using var context = await browser.ContextAsync(rig.BaseAddress);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);

        await page.GotoAsync("/staff/bins");
        Assert.Matches("/staff/login", page.Url);
        await Browser.ScreenshotAsync(page, "01-login");
        await SignInAsync(page, StaffRig.Baiyun, "wrong-password-1");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong username or password.");
        await SignInAsync(page, StaffRig.Baiyun, StaffRig.Password);
        await Browser.AtAsync(page, "/staff/bins");

        var tile = page.Locator($"[data-bin=\"{Bin}\"]");
        await using var bin = await SimulatedBin.ConnectAsync(rig.MqttPort, Bin);
        await bin.TelemetryAsync(30);
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "ok");
        Assert.Equal(Green, await BorderColourAsync(tile));
        await Browser.ScreenshotAsync(page, "02-bins-green");
        foreach (var fill in new[] { 55, 72, 86, 93 })
        {
            await bin.TelemetryAsync(fill);
        }
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "full");
        Assert.Equal(Red, await BorderColourAsync(tile));
        await Assertions.Expect(tile.Locator("[data-field=fillText]")).ToHaveTextAsync("93 %");
        await Browser.ScreenshotAsync(page, "03-bins-red");

        await tile.ClickAsync();
        await Browser.AtAsync(page, $"/staff/bins/{Bin}");
        await Assertions.Expect(page.Locator("#chart[data-rendered=true]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "04-bin-chart");

        var alert = page.Locator($"article[data-bin=\"{Bin}\"][data-kind=fill]");
        await page.GotoAsync("/staff/alerts");
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await alert.Locator("input[name=note]").FillAsync("on my way with the truck");
        await alert.Locator("button[data-action=acknowledge]").ClickAsync();
        await Assertions.Expect(page.Locator("#alerts-message")).ToHaveTextAsync("Alert acknowledged.");
        await Assertions.Expect(alert.Locator("[data-field=acknowledged]")).ToContainTextAsync("Acknowledged by bai");
        await Assertions.Expect(alert.Locator("[data-field=acknowledged]")).ToContainTextAsync("on my way with the truck");
        await Browser.ScreenshotAsync(page, "05-alerts-acknowledged");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Alerts");
        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("告警");
        await Assertions.Expect(page.Locator("[data-nav=bins]")).ToHaveTextAsync("回收箱");
        await Assertions.Expect(page.Locator("#alerts-message")).ToHaveTextAsync("告警已确认。");
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        await Browser.ScreenshotAsync(page, "06-alerts-zh-CN");
        await page.GotoAsync("/staff/bins");
        await Assertions.Expect(tile.Locator("[data-field=stateText]")).ToHaveTextAsync("已满");
        await Browser.ScreenshotAsync(page, "07-bins-zh-CN");
        await ReportServerTimesAsync(page);
    }

    [Fact]
    public async Task Wrong_passwords_are_refused_and_the_login_is_rate_limited_after_the_limit()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Staff:LoginFailuresPerUser"] = "3" });
        await using var context = await browser.ContextAsync(rig.BaseAddress);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await page.GotoAsync("/staff/login");
        for (var i = 1; i <= 3; i++)
        {
            await SignInAsync(page, StaffRig.Admin, "guess-number-" + i);
            await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong username or password.");
        }
        var answer = await page.RunAndWaitForResponseAsync(() => SignInAsync(page, StaffRig.Admin, StaffRig.Password),
            r => r.Request.Method == "POST" && r.Url.Contains("/staff/login", StringComparison.Ordinal));
        Assert.Equal(429, answer.Status);
        Assert.True(int.Parse(answer.Headers["retry-after"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("Too many failed attempts");
        await Browser.ScreenshotAsync(page, "08-login-rate-limited");
        Assert.Matches("/staff/login", page.Url);
    }

    [Fact]
    public async Task A_xiahang_staff_member_sees_only_xiahang_bins_and_gets_404_for_a_baiyun_bin()
    {
        await using var rig = await StaffRig.StartAsync();
        await using var context = await browser.ContextAsync(rig.BaseAddress, "zh-CN", new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await page.GotoAsync("/staff/login");
        await SignInAsync(page, StaffRig.Xiahang, StaffRig.Password);
        await Browser.AtAsync(page, "/staff/bins");
        var shown = await page.Locator("[data-bin]").EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.bin)");
        Assert.NotEmpty(shown);
        Assert.All(shown, id => Assert.StartsWith("xiahang-", id, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("回收箱");
        await Browser.ScreenshotAsync(page, "09-bins-phone-xiahang");
        var response = await page.GotoAsync("/staff/bins/" + Bin);
        Assert.Equal(404, response!.Status);
        var api = await page.APIRequest.GetAsync($"/staff/api/bins/{Bin}/history?hours=24");
        Assert.Equal(404, api.Status);
    }

    private static async Task SignInAsync(IPage page, string username, string password)
    {
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
    }

    private static Task<string> BorderColourAsync(ILocator tile) =>
        tile.EvaluateAsync<string>("t => getComputedStyle(t).borderLeftColor");

    // Server time of each main page (Server-Timing, measured by the gateway), for the report; not asserted.
    private async Task ReportServerTimesAsync(IPage page)
    {
        foreach (var path in new[] { "/staff/bins", "/staff/bins/" + Bin, "/staff/alerts", "/staff/api/bins" })
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var response = await page.GotoAsync(path);
                var timing = Regex.Match(response!.Headers.GetValueOrDefault("server-timing") ?? "", @"dur=([\d.]+)");
                Assert.True(timing.Success, "no Server-Timing on " + path);
                times.Add(double.Parse(timing.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            output.WriteLine($"server time {path}: median {times.Order().ElementAt(2):0.0} ms (5 loads: {string.Join(", ", times.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))})");
        }
    }
}
