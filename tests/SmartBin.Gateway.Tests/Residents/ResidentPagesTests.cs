using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Tests.Staff;
using SmartBin.Gateway.Tests.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>What a signed-in resident sees: only their household, paged history, both languages.</summary>
public sealed class ResidentPagesTests
{
    private const string Bin = "baiyun-0001";

    [Fact]
    public async Task A_resident_sees_only_their_household_and_the_history_pages()
    {
        var settings = ResidentFlow.Settings();
        settings["SmartBin:Residents:PageSize"] = "5";
        await using var rig = await StaffRig.StartAsync(settings);
        var mine = ResidentFlow.DemoCard(0, 0);
        var theirs = ResidentFlow.DemoCard(0, 1);
        var now = DateTimeOffset.UtcNow;
        var items = Enumerable.Range(1, 6).Select(i => StoreFixture.DropOff(Bin, i, mine, 100 + i, endUtc: now.AddMinutes(i - 10)))
            .Append(StoreFixture.DropOff(Bin, 7, theirs, 4321, endUtc: now.AddMinutes(-1))).ToList();
        var verdicts = rig.Store.CommitBatch(items);
        Assert.All(verdicts, v => Assert.Equal(AckResult.Credited, v.Result));
        var myPoints = verdicts.Take(6).Sum(v => v.Points);

        using var me = await ResidentFlow.ResidentWithPinAsync(rig, mine, "739151");
        var overview = await me.GetStringAsync("/me");
        Assert.Contains($"data-points=\"{myPoints}\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("4,321", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("4.32 kg", overview, StringComparison.Ordinal);
        var first = await me.GetStringAsync("/me/dropoffs");
        var second = await me.GetStringAsync("/me/dropoffs?p=2");
        Assert.Equal(5, Rows(first));
        Assert.Equal(1, Rows(second));
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        Assert.Contains("id=\"pager-older\"", first, StringComparison.Ordinal);
        Assert.Contains("106 g", first, StringComparison.Ordinal); // newest first
        Assert.Contains("101 g", second, StringComparison.Ordinal);
        Assert.Equal(1, Rows(await me.GetStringAsync("/me/dropoffs?p=99"))); // past the end: the last page
        Assert.All(new[] { first, second }, html => Assert.DoesNotContain("4.32 kg", html, StringComparison.Ordinal));
        Assert.Contains("id=\"no-redemptions\"", await me.GetStringAsync("/me/redemptions"), StringComparison.Ordinal);

        using var them = await ResidentFlow.ResidentWithPinAsync(rig, theirs, "482915");
        var theirPage = await them.GetStringAsync("/me/dropoffs");
        Assert.Equal(1, Rows(theirPage));
        Assert.Contains("4.32 kg", theirPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US,en;q=0.9", "Sign in", "lang=\"en\"")]
    [InlineData("zh-CN,zh;q=0.9", "登录", "lang=\"zh-CN\"")]
    [InlineData("fr-FR", "登录", "lang=\"zh-CN\"")]
    public async Task The_browser_language_picks_the_portal_language(string acceptLanguage, string heading, string lang)
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        using var client = rig.NewClient(acceptLanguage);
        var html = await client.GetStringAsync("/me/signin");
        Assert.Contains("<h1>" + heading + "</h1>", html, StringComparison.Ordinal);
        Assert.Contains(lang, html, StringComparison.Ordinal);
    }

    [Fact]
    public void English_and_Chinese_resources_hold_the_same_keys_and_placeholders()
    {
        var folder = Path.Combine(RepoPaths.Root, "gateway", "SmartBin.Gateway", "Residents");
        var en = Read(Path.Combine(folder, "ResidentText.resx"));
        var zh = Read(Path.Combine(folder, "ResidentText.zh-CN.resx"));
        Assert.Equal(en.Keys.Order(StringComparer.Ordinal), zh.Keys.Order(StringComparer.Ordinal));
        Assert.All(en.Concat(zh), p => Assert.False(string.IsNullOrWhiteSpace(p.Value), p.Key + " is empty"));
        Assert.All(en, p => Assert.Equal(Placeholders(p.Value), Placeholders(zh[p.Key])));
        // Every code the pages show has a text: outcomes, materials, redemption states and bill types.
        foreach (var key in new[] { "outcome.credited", "outcome.held", "outcome.rejected", "outcome.reversed", "material.PET", "material.MIXED",
                     "state.reserved", "state.captured", "state.deducted", "bill.water", "bill.transport", "redemption.bill-deduction" })
        {
            Assert.True(en.ContainsKey(key), key);
        }
    }

    private static int Rows(string html) => Regex.Matches(html, "data-dropoff ").Count;

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    private static List<string> Placeholders(string text) =>
        Regex.Matches(text, @"\{(\d+)[^}]*\}").Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
}
