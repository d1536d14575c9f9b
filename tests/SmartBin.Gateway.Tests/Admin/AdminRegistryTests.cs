using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>Bins, cards and households through the admin API: idempotent writes, conflicts, field-naming refusals.</summary>
public sealed class AdminRegistryTests
{
    [Fact]
    public async Task Put_bin_creates_once_then_answers_200_updating_only_the_label()
    {
        await using var rig = await AdminRig.StartAsync();
        var created = await rig.AdminAsync(HttpMethod.Put, "bins/baiyun-0100", new { community = "baiyun", material = "HDPE", label = "Block 3 east" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("baiyun-0100", created.Json.GetProperty("binId").GetString());
        Assert.True(created.Json.GetProperty("active").GetBoolean());
        Assert.False(created.Json.GetProperty("hasSecret").GetBoolean());
        Assert.Equal(0, created.Json.GetProperty("provisionings").GetArrayLength());

        var again = await rig.AdminAsync(HttpMethod.Put, "bins/baiyun-0100", new { community = "baiyun", material = "HDPE", label = "Block 3 west" });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("Block 3 west", again.Json.GetProperty("label").GetString());
        var unlabelled = await rig.AdminAsync(HttpMethod.Put, "bins/baiyun-0100", new { community = "baiyun", material = "HDPE" });
        Assert.Equal(HttpStatusCode.OK, unlabelled.Status);
        Assert.Equal("Block 3 west", unlabelled.Json.GetProperty("label").GetString());
        Assert.Single(rig.Store.AdminBins("baiyun"), b => b.BinId == "baiyun-0100");
        // The ingest side sees the new bin at once (its messages are not refused as unregistered).
        Assert.Contains(rig.Store.Bins(), b => b.BinId == "baiyun-0100" && b.Location == "Block 3 west");
    }

    [Fact]
    public async Task Put_bin_with_another_community_or_material_is_409_naming_the_registered_values_and_changes_nothing()
    {
        await using var rig = await AdminRig.StartAsync();
        var conflict = await rig.AdminAsync(HttpMethod.Put, "bins/baiyun-0001", new { community = "xiahang", material = "PET", label = "moved" });
        AdminRig.AssertProblem(conflict, AdminProblems.BinConflict);
        Assert.Contains("'baiyun'", conflict.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bin = rig.Store.FindAdminBin("baiyun-0001")!;
        Assert.Equal("baiyun", bin.Community);
        Assert.NotEqual("moved", bin.Label);
        Assert.Equal(1, rig.Rejected(AdminProblems.BinConflict));
    }

    [Theory]
    [InlineData("bins/Baiyun_01", "{\"community\":\"baiyun\",\"material\":\"PET\"}", "binId")]
    [InlineData("bins/ab", "{\"community\":\"baiyun\",\"material\":\"PET\"}", "binId")]
    [InlineData("bins/baiyun-0200", "{\"community\":\"mars\",\"material\":\"PET\"}", "'community' = 'mars'")]
    [InlineData("bins/baiyun-0200", "{\"community\":\"baiyun\",\"material\":\"PVC\"}", "'material' = 'PVC'")]
    [InlineData("bins/baiyun-0200", "{\"material\":\"PET\"}", "'community' is required")]
    [InlineData("bins/baiyun-0200", "{\"community\":7,\"material\":\"PET\"}", "'community' must be a string")]
    [InlineData("bins/baiyun-0200", "[1,2]", "JSON object")]
    [InlineData("bins/baiyun-0200", "{\"community\":", "not valid JSON")]
    public async Task A_bad_bin_registration_is_400_naming_the_field(string path, string body, string named)
    {
        await using var rig = await AdminRig.StartAsync();
        var answer = await rig.AdminAsync(HttpMethod.Put, path, body);
        AdminRig.AssertProblem(answer, AdminProblems.BadRequest);
        Assert.Contains(named, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(rig.Store.FindAdminBin("baiyun-0200"));
    }

    [Fact]
    public async Task Bins_list_by_community_omits_provisionings_and_an_unknown_bin_is_404()
    {
        await using var rig = await AdminRig.StartAsync();
        var (status, json, _) = await rig.SendAsync(HttpMethod.Get, "bins?community=xiahang", rig.StaffKey);
        Assert.Equal(HttpStatusCode.OK, status);
        var bins = json.GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(["xiahang-0001"], bins.Select(b => b.GetProperty("binId").GetString()));
        Assert.False(bins[0].TryGetProperty("provisionings", out _));
        Assert.Equal(
            ["active", "binId", "community", "disabledReason", "hasSecret", "label", "lastSeenUtc", "material", "secretIssuedUtc"],
            bins[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Get, "bins/baiyun-9999"), AdminProblems.BinUnknown);
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-9999/secret"), AdminProblems.BinUnknown);
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Post, "bins/baiyun-9999/disable", new { reason = "x" }), AdminProblems.BinUnknown);
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Get, "bins?community=mars"), AdminProblems.BadRequest);
    }

    [Fact]
    public async Task Registering_a_card_is_201_then_200_releases_its_suspense_and_another_household_is_409()
    {
        await using var rig = await AdminRig.StartAsync();
        const string card = "0A0B0C0D";
        const string household = "demo-baiyun-0001-00";
        // A drop-off with the card before it was registered waits in the card's suspense account.
        var verdict = rig.Store.CommitBatch([StoreFixture.DropOff("baiyun-0001", 1, card, 750, endUtc: DateTimeOffset.UtcNow.AddMinutes(-5))])[0];
        Assert.Equal(0, rig.Store.Balance(household)?.Points ?? 0);

        var created = await rig.SendAsync(HttpMethod.Post, "cards", rig.StaffKey, new { cardUid = "0a0b0c0d", householdId = household });
        Assert.True(HttpStatusCode.Created == created.Status, created.Json.ToString());
        Assert.Equal(card, created.Json.GetProperty("cardUid").GetString());
        Assert.Equal("baiyun", created.Json.GetProperty("community").GetString());
        Assert.Equal(1, created.Json.GetProperty("releasedDropOffs").GetInt32());
        Assert.True(rig.Store.Balance(household)!.Points > 0, verdict.ToString());

        var again = await rig.SendAsync(HttpMethod.Post, "cards", rig.StaffKey, new { cardUid = card, householdId = household });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var taken = await rig.SendAsync(HttpMethod.Post, "cards", rig.StaffKey, new { cardUid = card, householdId = "demo-baiyun-0001-01" });
        AdminRig.AssertProblem(taken, AdminProblems.CardTaken);
        Assert.Contains(household, taken.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(household, rig.Store.FindCard(card)!.HouseholdId);

        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Post, "cards", new { cardUid = "0A0B0C0E", householdId = "nobody" }), AdminProblems.HouseholdUnknown);
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Post, "cards", new { cardUid = "0A0B0C", householdId = household }), AdminProblems.BadRequest);
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Post, "cards", new { cardUid = "0A0B0C0G", householdId = household }), AdminProblems.BadRequest);

        var view = await rig.AdminAsync(HttpMethod.Get, "households/" + household);
        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.Equal("baiyun", view.Json.GetProperty("community").GetString());
        Assert.Contains(view.Json.GetProperty("cards").EnumerateArray(), c => c.GetProperty("cardUid").GetString() == card && c.GetProperty("active").GetBoolean());
        AdminRig.AssertProblem(await rig.AdminAsync(HttpMethod.Get, "households/nobody"), AdminProblems.HouseholdUnknown);
    }
}
