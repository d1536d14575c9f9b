using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Formatter;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Web.Tests;

/// <summary>
/// The resident portal on a phone-sized screen against the whole gateway: staff issue a one-time code, the resident
/// signs in with card and code, chooses a PIN, sees 0 points; a bin publishes a drop-off with that card over MQTT and
/// the page shows it with the points the gateway's ack gave; Chinese; sign out and in again with the PIN.
/// Screenshots under tests/artifacts/screenshots/ (resident-*.png).
/// </summary>
public sealed class ResidentPortalTests(Browser browser) : IClassFixture<Browser>
{
    private const string Bin = "baiyun-0001";
    private const string Pin = "739151";
    private const int NetGrams = 750;
    private static readonly float TimeoutMs = 30_000;
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public async Task A_resident_signs_in_with_a_code_chooses_a_PIN_and_sees_a_new_drop_offs_points_appear()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?>
        {
            ["SmartBin:Residents:PinIterations"] = "1000",
            ["SmartBin:Residents:LivePollS"] = "1",
        });
        var card = StorageSeeds.DemoFleet(4, 1)[0].CardUids[0]; // a card of a household at baiyun-0001 (PET)
        var code = await IssueCodeAsync(rig, card);

        await using var context = await browser.ContextAsync(rig.BaseAddress, "en-US", Phone);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await page.GotoAsync("/me");
        Assert.Matches("/me/signin", page.Url);
        await Browser.ScreenshotAsync(page, "resident-01-signin");
        await SignInAsync(page, Spaced(card), code); // typed as printed: lower case, in pairs
        await Browser.AtAsync(page, "/me/pin");
        await page.Locator("#pin").FillAsync("123456");
        await page.Locator("#pin-repeat").FillAsync("123456");
        await page.Locator("#pin-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#pin-error")).ToHaveTextAsync("This PIN is too easy to guess. Choose another.");
        await Browser.ScreenshotAsync(page, "resident-02-choose-pin");
        await page.Locator("#pin").FillAsync(Pin);
        await page.Locator("#pin-repeat").FillAsync(Pin);
        await page.Locator("#pin-submit").ClickAsync();
        await Browser.AtAsync(page, "/me?pin=set");
        await Assertions.Expect(page.Locator("#points")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#no-dropoffs")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "resident-03-overview-empty");

        var ack = await PublishDropOffAsync(rig.MqttPort, card);
        Assert.Equal("credited", ack.GetProperty("result").GetString());
        var points = ack.GetProperty("points").GetInt64();
        var carbon = ack.GetProperty("co2eG").GetInt64();
        Assert.Equal(NetGrams * 80 / 1000, points); // PET at 80 points/kg (Crediting/README.md)
        // The page's light poll reloads it: no reload by the test.
        await Assertions.Expect(page.Locator("#points")).ToHaveAttributeAsync("data-points", points.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#points")).ToHaveTextAsync(points.ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#carbon")).ToHaveAttributeAsync("data-gco2e", carbon.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#points-cny")).ToContainTextAsync("¥0.60");
        var row = page.Locator("#latest [data-dropoff]").First;
        await Assertions.Expect(row.Locator("[data-field=material]")).ToHaveTextAsync("PET bottles");
        await Assertions.Expect(row.Locator("[data-field=weight]")).ToHaveTextAsync("750 g");
        await Assertions.Expect(row.Locator("[data-field=points]")).ToHaveTextAsync($"+{points} points");
        await Assertions.Expect(row.Locator("[data-field=outcome]")).ToHaveTextAsync("credited");
        await Assertions.Expect(page.Locator("#carbon-note")).ToContainTextAsync("cannot be sold");
        await Browser.ScreenshotAsync(page, "resident-04-overview-credited");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My points");
        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的积分");
        await Assertions.Expect(row.Locator("[data-field=material]")).ToHaveTextAsync("PET 塑料瓶");
        await Assertions.Expect(row.Locator("[data-field=points]")).ToHaveTextAsync($"+{points} 积分");
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        await Browser.ScreenshotAsync(page, "resident-05-overview-zh-CN");
        await page.GotoAsync("/me/dropoffs");
        await Assertions.Expect(page.Locator("#dropoffs [data-dropoff]")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "resident-06-dropoffs-zh-CN");
        await page.GotoAsync("/me/redeem");
        await Assertions.Expect(page.Locator("[data-bill=water]")).ToHaveTextAsync("水费");
        await Browser.ScreenshotAsync(page, "resident-07-redeem-zh-CN");

        await page.Locator("#sign-out").ClickAsync();
        await Browser.AtAsync(page, "/me/signin");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await SignInAsync(page, card, Pin);
        await Browser.AtAsync(page, "/me", anyQuery: true);
        await Assertions.Expect(page.Locator("#points")).ToHaveAttributeAsync("data-points", points.ToString(CultureInfo.InvariantCulture));
    }

    // Staff member "bai" (baiyun) issues the code on the dashboard, as at the service desk.
    private async Task<string> IssueCodeAsync(StaffRig rig, string card)
    {
        await using var staff = await browser.ContextAsync(rig.BaseAddress);
        var page = await staff.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        await Browser.SignInStaffAsync(page, StaffRig.Baiyun, StaffRig.Password);
        await page.Locator("[data-nav=resident-code]").ClickAsync();
        await page.Locator("#code-card").FillAsync(card);
        await page.Locator("#code-submit").ClickAsync();
        var code = (await page.Locator("#issued-code").TextContentAsync())!.Trim();
        Assert.Matches("^[0-9]{8}$", code);
        await Browser.ScreenshotAsync(page, "resident-00-staff-issues-code");
        return code;
    }

    private static async Task SignInAsync(IPage page, string card, string secret)
    {
        await page.Locator("#card").FillAsync(card);
        await page.Locator("#secret").FillAsync(secret);
        await page.Locator("#signin-submit").ClickAsync();
    }

    private static string Spaced(string card)
    {
        var pairs = new List<string>();
        for (var i = 0; i < card.Length; i += 2)
        {
            pairs.Add(card.Substring(i, Math.Min(2, card.Length - i)));
        }
        return string.Join(' ', pairs).ToLowerInvariant();
    }

    // The bin publishes one drop-off (docs/protocol.md) and waits for the gateway's ack, which it returns.
    private static async Task<JsonElement> PublishDropOffAsync(int port, string card)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var acked = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            acked.TrySetResult(JsonDocument.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload)).RootElement.Clone());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(Bin)
            .WithCredentials(Bin, "sim-" + Bin).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        await client.SubscribeAsync($"smartbin/v1/{Bin}/ack", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        var end = DateTimeOffset.UtcNow;
        string At(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var json = "{\"v\":1,\"id\":\"" + Bin + ":1\",\"seq\":1,\"card\":\"" + card + "\",\"start\":\"" + At(end.AddSeconds(-20)) +
            "\",\"end\":\"" + At(end) + "\",\"grossBeforeG\":12480,\"grossAfterG\":" + (12480 + NetGrams).ToString(CultureInfo.InvariantCulture) +
            ",\"netG\":" + NetGrams.ToString(CultureInfo.InvariantCulture) + ",\"items\":3,\"material\":\"PET\",\"flags\":0,\"calVersion\":2,\"fw\":\"1.0.0\"}";
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"smartbin/v1/{Bin}/dropoff").WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ack = await acked.Task.WaitAsync(timeout.Token);
        await client.DisconnectAsync();
        return ack;
    }
}
