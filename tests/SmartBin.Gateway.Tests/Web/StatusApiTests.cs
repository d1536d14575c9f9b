using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using SmartBin.Gateway.Tests.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.Web;

/// <summary>The status API's JSON shapes and parameter validation, on a real Kestrel server.</summary>
public sealed class StatusApiTests
{
    [Fact]
    public async Task Communities_have_totals_and_progress()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var (response, json) = await rig.GetJsonAsync("/api/status/communities");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var baiyun = json.GetProperty("communities").EnumerateArray().First();
        Assert.Equal(["communityId", "creditedGrams", "households", "name", "population", "progressPct", "targetGrams"], WebRig.Names(baiyun));
        Assert.Equal("白云村 Baiyun", baiyun.GetProperty("name").GetString());
        Assert.Equal(25.0, baiyun.GetProperty("progressPct").GetDouble());
    }

    [Fact]
    public async Task Bins_join_registry_live_state_and_open_alerts()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        rig.Observe(o => o.OnTelemetry("baiyun-0001", Msg.Telemetry(fillPct: 55, readerOk: false, fw: "1.0.3"), rig.Time.GetUtcNow()));
        rig.Observe(o => o.OnDropOff("baiyun-0001", Msg.DropOff(1), Msg.Verdict("baiyun-0001", 1), rig.Time.GetUtcNow()));
        rig.Observe(o => o.OnStatus("stray-0009", Msg.Online, rig.Time.GetUtcNow()));

        var json = await rig.GetJsonUntilAsync("/api/status/bins", j => j.GetProperty("bins").EnumerateArray()
            .Any(b => b.GetProperty("alerts").GetArrayLength() > 0));
        var bins = json.GetProperty("bins").EnumerateArray().ToDictionary(b => b.GetProperty("binId").GetString()!);
        Assert.Equal(["baiyun-0001", "stray-0009", "xiahang-0001"], bins.Keys.Order(StringComparer.Ordinal));

        var b1 = bins["baiyun-0001"];
        Assert.Equal(
            ["alerts", "binId", "capacityGrams", "communityId", "dropOffsToday", "fillAlertPct", "firmwareVersion", "lastSeenUtc", "latitudeDeg",
             "location", "longitudeDeg", "material", "online", "registered", "telemetry"],
            WebRig.Names(b1));
        Assert.True(b1.GetProperty("registered").GetBoolean());
        Assert.True(b1.GetProperty("online").GetBoolean());
        Assert.Equal(70, b1.GetProperty("fillAlertPct").GetInt32());
        Assert.Equal("1.0.0", b1.GetProperty("firmwareVersion").GetString()); // the drop-off came last
        Assert.Equal(1, b1.GetProperty("dropOffsToday").GetInt32());
        Assert.Equal(55, b1.GetProperty("telemetry").GetProperty("fillPct").GetInt32());
        Assert.False(b1.GetProperty("telemetry").GetProperty("readerOk").GetBoolean());
        var alert = Assert.Single(b1.GetProperty("alerts").EnumerateArray());
        Assert.Equal("reader-fault", alert.GetProperty("kind").GetString());

        Assert.False(bins["stray-0009"].GetProperty("registered").GetBoolean());
        Assert.True(bins["stray-0009"].GetProperty("online").GetBoolean());
        Assert.False(bins["xiahang-0001"].GetProperty("online").GetBoolean()); // never heard from
        Assert.Equal(JsonNull, bins["xiahang-0001"].GetProperty("telemetry").ValueKind);
    }

    [Fact]
    public async Task Drop_offs_mask_cards_and_pass_limit_and_bin_through()
    {
        var model = FixedReadModel.Pilot();
        await using var rig = await WebRig.StartAsync(model);
        var response = await rig.Client.GetAsync("/api/status/dropoffs?limit=5&bin=baiyun-0001");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((5, "baiyun-0001"), model.LastDropOffQuery);
        Assert.DoesNotContain("04A1B2C3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("04D5E6F7A1B2C3", text, StringComparison.Ordinal);

        var rows = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("dropOffs").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(
            ["binId", "cardMasked", "gramsCo2e", "householdId", "material", "netGrams", "occurredUtc", "outcome", "points", "reason", "seq"],
            WebRig.Names(rows[0]));
        Assert.Equal(["****B2C3", "****B2C3"], rows.Select(r => r.GetProperty("cardMasked").GetString()!).ToArray());

        await rig.GetJsonAsync("/api/status/dropoffs");
        Assert.Equal((20, (string?)null), model.LastDropOffQuery); // defaults
    }

    [Fact]
    public async Task Balances_come_highest_first_with_the_limit_applied()
    {
        var model = FixedReadModel.Pilot();
        await using var rig = await WebRig.StartAsync(model);
        var (_, json) = await rig.GetJsonAsync("/api/status/balances?limit=2");
        var rows = json.GetProperty("balances").EnumerateArray().ToList();
        Assert.Equal(2, model.LastBalanceLimit);
        Assert.Equal(["communityId", "gramsCo2e", "householdId", "points"], WebRig.Names(rows[0]));
        Assert.Equal(["hh-0003", "hh-0001"], rows.Select(r => r.GetProperty("householdId").GetString()!).ToArray());
    }

    [Fact]
    public async Task Alerts_list_open_ones_and_recent_history_filtered_by_bin()
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        rig.Observe(o => o.OnTelemetry("baiyun-0001", Msg.Telemetry(scaleFault: "scale-saturated"), rig.Time.GetUtcNow()));
        rig.Observe(o => o.OnStatus("xiahang-0001", Msg.Offline, rig.Time.GetUtcNow()));
        var all = await rig.GetJsonUntilAsync("/api/status/alerts", j => j.GetProperty("open").GetArrayLength() == 2);
        Assert.Equal(2, all.GetProperty("recent").GetArrayLength());

        var (_, one) = await rig.GetJsonAsync("/api/status/alerts?bin=baiyun-0001&limit=10");
        var open = Assert.Single(one.GetProperty("open").EnumerateArray());
        Assert.Equal(["binId", "clearedUtc", "code", "communityId", "detail", "id", "isOpen", "kind", "openedUtc"], WebRig.Names(open));
        Assert.Equal("baiyun", open.GetProperty("communityId").GetString());
        var change = Assert.Single(one.GetProperty("recent").EnumerateArray());
        Assert.Equal(["alert", "atUtc", "change", "changeId"], WebRig.Names(change));
        Assert.Equal("opened", change.GetProperty("change").GetString());
        Assert.Equal(open.GetProperty("id").GetInt64(), change.GetProperty("alert").GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("/api/status/dropoffs?limit=0", "limit")]
    [InlineData("/api/status/dropoffs?limit=501", "limit")]
    [InlineData("/api/status/dropoffs?limit=abc", "limit")]
    [InlineData("/api/status/dropoffs?limit=-1", "limit")]
    [InlineData("/api/status/dropoffs?limit=%2B5", "limit")]
    [InlineData("/api/status/dropoffs?limit=1&limit=2", "limit")]
    [InlineData("/api/status/dropoffs?bin=AB-CDE", "bin")]
    [InlineData("/api/status/dropoffs?bin=ab", "bin")]
    [InlineData("/api/status/dropoffs?bin=abc%0A", "bin")]
    [InlineData("/api/status/dropoffs?bin=abcdefghijabcdefghijabcdefghijabc", "bin")]
    [InlineData("/api/status/balances?limit=1000", "limit")]
    [InlineData("/api/status/alerts?bin=%3Cscript%3E", "bin")]
    [InlineData("/api/status/alerts?limit=", "limit")]
    public async Task Bad_parameters_get_400_with_a_problem_naming_the_parameter(string path, string parameter)
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var (response, json) = await rig.GetJsonAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, json.GetProperty("parameter").GetString());
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Contains(parameter, json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/status/dropoffs?limit=1")]
    [InlineData("/api/status/dropoffs?limit=500&bin=abc")]
    [InlineData("/api/status/dropoffs?bin=abcdefghijabcdefghijabcdefghijab")]
    public async Task Boundary_parameters_are_accepted(string path)
    {
        await using var rig = await WebRig.StartAsync(FixedReadModel.Pilot());
        var response = await rig.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_read_model_the_data_endpoints_answer_503_and_alerts_still_work()
    {
        await using var rig = await WebRig.StartAsync(readModel: null);
        foreach (var path in new[] { "/api/status/communities", "/api/status/bins", "/api/status/dropoffs", "/api/status/balances" })
        {
            var response = await rig.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await rig.Client.GetAsync("/api/status/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rig.Client.GetAsync("/")).StatusCode);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
