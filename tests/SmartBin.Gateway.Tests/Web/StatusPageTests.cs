using System;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.Web;

/// <summary>The status page: self-contained, bilingual, and inert against hostile data.</summary>
public sealed class StatusPageTests
{
    private const string Hostile = "</td><script>alert('x')</script><img src=x onerror=\"alert(1)\">";

    [Fact]
    public async Task Hostile_data_is_rendered_as_text_everywhere()
    {
        var model = FixedReadModel.Pilot(hostile: Hostile);
        model.CommunityRows.Add(new CommunitySummary("evil", Hostile, 1, 1, 1_000, 10));
        model.DropOffRows.Add(new DropOffRow("baiyun-0001", 2000, Msg.Start, "AB<i>CD", Hostile, "PET", 100, Hostile, "", 1, 1));
        model.BalanceRows.Add(new BalanceRow(Hostile, "evil", 99_999, 0));
        await using var rig = await WebRig.StartAsync(model);
        rig.Observe(o => o.OnTelemetry("baiyun-0001", Msg.Telemetry(scaleFault: Hostile, fw: Hostile), rig.Time.GetUtcNow()));
        await rig.GetJsonUntilAsync("/api/status/alerts", j => j.GetProperty("open").GetArrayLength() > 0);

        var response = await rig.Client.GetAsync("/");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>alert", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<i>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror=\"", page, StringComparison.OrdinalIgnoreCase);
        // The data is there, as text: location, community name, household, firmware, alert code each at least once.
        var encoded = "&lt;/td&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;";
        Assert.True(Regex.Count(page, Regex.Escape(encoded)) >= 5, "hostile strings should appear HTML-encoded");
        // Only the page's own two script elements (labels data block and the nonce'd script).
        Assert.Equal(2, Regex.Count(page, "<script", RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task The_script_never_parses_data_as_html()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var page = await rig.Client.GetStringAsync("/");
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(sink, page, StringComparison.Ordinal);
        }
        Assert.Contains("textContent", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_self_contained_with_a_nonce_policy_and_refreshes_every_5_s()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var response = await rig.Client.GetAsync("/");
        var page = await response.Content.ReadAsStringAsync();
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = Regex.Match(csp, "script-src 'nonce-([A-Za-z0-9+/=]+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains($"<script nonce=\"{nonce}\">", page, StringComparison.Ordinal);
        Assert.Contains($"<style nonce=\"{nonce}\">", page, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("setInterval(refresh, 5000)", page, StringComparison.Ordinal);
        foreach (var api in new[] { "/api/status/communities", "/api/status/bins", "/api/status/alerts", "/api/status/dropoffs", "/api/status/balances" })
        {
            Assert.Contains(api, page, StringComparison.Ordinal);
        }
        var second = await rig.Client.GetAsync("/");
        Assert.DoesNotContain(nonce, string.Join(";", second.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chinese_by_default_english_on_request_with_a_toggle()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var zh = await rig.Client.GetStringAsync("/");
        Assert.Contains("<html lang=\"zh-CN\">", zh, StringComparison.Ordinal);
        Assert.Contains("<title>智能回收箱状态</title>", zh, StringComparison.Ordinal);
        Assert.Contains("href=\"/?lang=en\"", zh, StringComparison.Ordinal);
        var en = await rig.Client.GetStringAsync("/?lang=en");
        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("<title>SmartBin status</title>", en, StringComparison.Ordinal);
        Assert.Contains("href=\"/?lang=zh-CN\"", en, StringComparison.Ordinal);
        Assert.Contains("Recent drop-offs", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_progress_cards_masked_net_kg_outcome_and_points()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        rig.Observe(o => o.OnTelemetry("baiyun-0001", Msg.Telemetry(fillPct: 73), rig.Time.GetUtcNow()));
        var page = await rig.Client.GetStringAsync("/?lang=en");
        Assert.Contains("<progress max=\"100\" value=\"25\"></progress> 25%", page, StringComparison.Ordinal);
        Assert.Contains("<meter min=\"0\" max=\"100\" low=\"40\" high=\"70\" optimum=\"0\" value=\"73\"></meter> 73%", page, StringComparison.Ordinal);
        Assert.Contains("<td>****B2C3</td><td class=\"n\">0.75</td><td>credited</td><td class=\"n\">53</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("04A1B2C3", page, StringComparison.Ordinal);
        Assert.Contains("<td>2026-11-23 08:15:00</td>", page, StringComparison.Ordinal); // pilot's local time
    }
}
