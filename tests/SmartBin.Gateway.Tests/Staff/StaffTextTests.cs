using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>Both languages: the resource files agree, and the request picks the language by switch or browser.</summary>
public sealed class StaffTextTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "gateway", "SmartBin.Gateway", "Staff");

    [Fact]
    public void English_and_Chinese_resources_hold_the_same_keys_and_no_empty_text()
    {
        var en = Read("StaffText.resx");
        var zh = Read("StaffText.zh-CN.resx");
        Assert.Equal(en.Keys.Order(StringComparer.Ordinal), zh.Keys.Order(StringComparer.Ordinal));
        Assert.All(en.Concat(zh), p => Assert.False(string.IsNullOrWhiteSpace(p.Value), p.Key + " is empty"));
        // Every format placeholder of one language is in the other (a translation must not drop a number).
        Assert.All(en, p => Assert.Equal(Placeholders(p.Value), Placeholders(zh[p.Key])));
    }

    [Fact]
    public void Page_markup_holds_no_hard_coded_words()
    {
        // Text between tags must come from T[...] or F.Format(...): strip Razor expressions and tags, look for letters.
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "Pages"), "*.cshtml", SearchOption.AllDirectories))
        {
            // Directive and code lines (@page "/staff/…", @foreach (…)) are code, not text.
            var markup = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), @"(?m)^\s*@(page|model|foreach|if|section|using|inject|namespace|addTagHelper|await)\b.*$", "");
            var text = System.Text.RegularExpressions.Regex.Replace(markup, @"@\{[\s\S]*?\n\}|@[\w.]+(\[[^\]]*\]|\([^)]*\))*|<[^>]*>|@\*[\s\S]*?\*@", " ");
            var words = System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^(?!\s*(@|\{|\}|else|[A-Za-z]+\s*=|var |foreach|if |ViewData)).*\p{L}{3,}.*$")
                .Select(m => m.Value.Trim()).Where(w => w.Length > 0).ToList();
            Assert.True(words.Count == 0, Path.GetFileName(file) + " has text outside the resources: " + string.Join(" | ", words));
        }
    }

    [Theory]
    [InlineData("en-US,en;q=0.9", "Bins", "lang=\"en\"")]
    [InlineData("zh-CN,zh;q=0.9", "回收箱", "lang=\"zh-CN\"")]
    [InlineData("fr-FR", "回收箱", "lang=\"zh-CN\"")]
    public async Task The_browser_language_picks_the_page_language(string acceptLanguage, string heading, string lang)
    {
        await using var rig = await StaffRig.StartAsync();
        using var client = await rig.SignedInAsync(StaffRig.Admin, acceptLanguage);
        var html = await client.GetStringAsync("/staff/bins");
        Assert.Contains("<h1>" + heading, html, StringComparison.Ordinal);
        Assert.Contains(lang, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_overrides_the_browser_and_sticks()
    {
        await using var rig = await StaffRig.StartAsync();
        using var client = await rig.SignedInAsync(StaffRig.Admin, "en");
        var token = await StaffRig.TokenAsync(client, "/staff/bins");
        using var switched = await client.PostAsync("/staff/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["culture"] = "zh-CN", ["returnUrl"] = "/staff/alerts",
        }));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/staff/alerts", switched.Headers.Location!.OriginalString);
        Assert.Contains("<h1>告警", await client.GetStringAsync("/staff/alerts"), StringComparison.Ordinal);
        // The JSON the live refresh copies into the page follows the same choice.
        Assert.Contains("共 ", await client.GetStringAsync("/staff/api/bins"), StringComparison.Ordinal);
        using var offsite = await client.PostAsync("/staff/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["culture"] = "en", ["returnUrl"] = "https://evil.example/",
        }));
        Assert.Equal("/staff/bins", offsite.Headers.Location!.OriginalString);
    }

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    private static List<string> Placeholders(string format) =>
        System.Text.RegularExpressions.Regex.Matches(format, @"\{\d+[^}]*\}").Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
}
