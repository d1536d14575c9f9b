using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Gateway.Admin;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>Provisioning records are stored once per client-chosen record id.</summary>
public sealed class ProvisioningRecordTests
{
    private const string RecordId = "6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f";

    private static string Body(string recordId = RecordId, string firmware = "1.2.0") => $$$"""
        {"recordId":"{{{recordId}}}","firmware":"{{{firmware}}}","hardwareId":"esp32-a1b2c3","startedUtc":"2026-03-01T08:00:00Z",
         "finishedUtc":"2026-03-01T08:11:00Z",
         "calibration":{"version":3,"offsetCounts":8388,"countsPerGram":41.7,"maxErrorMilliE":300,"checkGrams":2000,"checkErrorMilliE":200},
         "selfTest":{"ok":true,"scale":"ok","reader":"ok","distance":"ok","storage":"ok","mqtt":"ok"}}
        """;

    [Fact]
    public async Task The_same_record_again_is_200_with_the_stored_record_and_a_different_body_is_409()
    {
        await using var rig = await AdminRig.StartAsync();
        var created = await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-0001/provisionings", Body());
        Assert.True(HttpStatusCode.Created == created.Status, created.Json.ToString());
        Assert.Equal("alice", created.Json.GetProperty("operator").GetString());
        Assert.Equal("baiyun-0001", created.Json.GetProperty("binId").GetString());
        Assert.Equal(41.7, created.Json.GetProperty("calibration").GetProperty("countsPerGram").GetDouble());
        var recordedUtc = created.Json.GetProperty("recordedUtc").GetDateTime();

        // Same content, other property order and spacing, upper-case id: the same record.
        var reordered = JsonSerializer.Serialize(JsonDocument.Parse(Body(RecordId.ToUpperInvariant())).RootElement);
        var again = await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-0001/provisionings", Reorder(reordered));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(recordedUtc, again.Json.GetProperty("recordedUtc").GetDateTime());
        Assert.Equal(RecordId, again.Json.GetProperty("recordId").GetString());

        var different = await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-0001/provisionings", Body(firmware: "1.2.1"));
        AdminRig.AssertProblem(different, AdminProblems.RecordConflict);
        var otherBin = await rig.AdminAsync(HttpMethod.Post, "bins/xiahang-0001/provisionings", Body());
        AdminRig.AssertProblem(otherBin, AdminProblems.RecordConflict);

        var stored = Assert.Single(rig.Store.Provisionings("baiyun-0001"));
        Assert.Contains("\"firmware\":\"1.2.0\"", stored.RequestJson, StringComparison.Ordinal);
        Assert.Empty(rig.Store.Provisionings("xiahang-0001"));
        var bin = await rig.AdminAsync(HttpMethod.Get, "bins/baiyun-0001");
        Assert.Equal(RecordId, Assert.Single(bin.Json.GetProperty("provisionings").EnumerateArray()).GetProperty("recordId").GetString());
    }

    [Theory]
    [InlineData("\"recordId\":\"6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f\"", "\"recordId\":\"run-1\"", "'recordId'")]
    [InlineData("\"firmware\":\"1.2.0\",", "", "'firmware' is required")]
    [InlineData("\"startedUtc\":\"2026-03-01T08:00:00Z\"", "\"startedUtc\":\"yesterday\"", "'startedUtc'")]
    [InlineData("\"countsPerGram\":41.7", "\"countsPerGram\":\"41.7\"", "'calibration.countsPerGram'")]
    [InlineData("\"selfTest\":{\"ok\":true,", "\"selfTest\":{", "'selfTest.ok'")]
    public async Task A_bad_record_is_400_naming_the_field_and_stores_nothing(string from, string to, string named)
    {
        await using var rig = await AdminRig.StartAsync();
        var body = Body().Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Body(), body);
        var answer = await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-0001/provisionings", body);
        AdminRig.AssertProblem(answer, AdminProblems.BadRequest);
        Assert.Contains(named, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(rig.Store.Provisionings("baiyun-0001"));
    }

    [Fact]
    public async Task A_record_for_an_unknown_bin_is_404()
    {
        await using var rig = await AdminRig.StartAsync();
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-9999/provisionings", Body()), AdminProblems.BinUnknown);
    }

    private static string Reorder(string json)
    {
        using var document = JsonDocument.Parse(json);
        var parts = new System.Collections.Generic.List<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            parts.Insert(0, JsonSerializer.Serialize(property.Name) + " : " + property.Value.GetRawText());
        }
        return "{ " + string.Join(" ,\n ", parts) + " }";
    }
}
