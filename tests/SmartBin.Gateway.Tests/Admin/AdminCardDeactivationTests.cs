using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>
/// The lost, stolen or cloned card procedure through the admin API: <c>POST /cards/{uid}/deactivate</c> and
/// <c>GET /cards/{uid}</c> over real HTTP, and what deactivation does to the card's next drop-off over real MQTT.
/// </summary>
public sealed class AdminCardDeactivationTests
{
    private const string Bin = "baiyun-0001";
    private const string Household = "demo-baiyun-0001-00";
    private const string OtherHousehold = "demo-baiyun-0001-01";
    private static readonly string Card = StorageSeeds.DemoCardUid(1, 0); // card 0 of Household

    [Fact]
    public async Task Deactivating_answers_the_cards_state_and_a_repeat_answers_the_same_without_a_second_record()
    {
        await using var rig = await AdminRig.StartAsync();
        var first = await rig.SendAsync(HttpMethod.Post, $"cards/{Card.ToLowerInvariant()}/deactivate", rig.StaffKey, new { reason = "Lost" });
        Assert.True(first.Status == HttpStatusCode.OK, first.Json.ToString());
        Assert.Equal(Card, first.Json.GetProperty("cardUid").GetString());
        Assert.Equal(Household, first.Json.GetProperty("householdId").GetString());
        Assert.Equal("baiyun", first.Json.GetProperty("community").GetString());
        Assert.False(first.Json.GetProperty("active").GetBoolean());
        Assert.Equal("sam", first.Json.GetProperty("deactivatedBy").GetString());
        Assert.Equal("lost", first.Json.GetProperty("deactivatedReason").GetString());
        var at = first.Json.GetProperty("deactivatedUtc").GetDateTime();
        Assert.True(at >= first.Json.GetProperty("registeredUtc").GetDateTime());
        var history = Assert.Single(first.Json.GetProperty("deactivations").EnumerateArray());
        Assert.Equal(Household, history.GetProperty("householdId").GetString());
        Assert.Equal("sam", history.GetProperty("operator").GetString());

        // A second desk (an admin) repeats it with another reason: the recorded deactivation stands.
        var again = await rig.AdminAsync(HttpMethod.Post, $"cards/{Card}/deactivate", new { reason = "stolen" });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Json.ToString(), again.Json.ToString());
        var shown = await rig.SendAsync(HttpMethod.Get, $"cards/{Card}", rig.StaffKey);
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal(first.Json.ToString(), shown.Json.ToString());
        Assert.Single(rig.Store.FindCardState(Card)!.Deactivations);
        Assert.Equal(1, rig.Metrics.Value(AdminEndpoints.CardsDeactivatedMetric, ("reason", "lost")));
        Assert.Equal(0, rig.Metrics.Value(AdminEndpoints.CardsDeactivatedMetric, ("reason", "stolen")));
        // Without a body the reason is simply not recorded.
        var other = StorageSeeds.DemoCardUid(1, 1);
        var bare = await rig.AdminAsync(HttpMethod.Post, $"cards/{other}/deactivate");
        Assert.Equal(HttpStatusCode.OK, bare.Status);
        Assert.Equal(JsonValueKind.Null, bare.Json.GetProperty("deactivatedReason").ValueKind);
        Assert.Equal("alice", bare.Json.GetProperty("deactivatedBy").GetString());
    }

    [Fact]
    public async Task An_active_card_shows_its_registration_and_no_deactivation()
    {
        await using var rig = await AdminRig.StartAsync();
        var (status, json, _) = await rig.SendAsync(HttpMethod.Get, $"cards/{Card}", rig.StaffKey);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal(Household, json.GetProperty("householdId").GetString());
        foreach (var field in new[] { "deactivatedUtc", "deactivatedBy", "deactivatedReason" })
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(field).ValueKind);
        }
        Assert.Equal(0, json.GetProperty("deactivations").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_card_is_404_card_unknown_and_changes_nothing()
    {
        await using var rig = await AdminRig.StartAsync();
        var deactivate = await rig.SendAsync(HttpMethod.Post, "cards/0A0B0C0D/deactivate", rig.StaffKey, new { reason = "lost" });
        AdminRig.AssertProblem(deactivate, AdminProblems.CardUnknown);
        Assert.Contains("0A0B0C0D", deactivate.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AdminRig.AssertProblem(await rig.SendAsync(HttpMethod.Get, "cards/0A0B0C0D", rig.StaffKey), AdminProblems.CardUnknown);
        Assert.Equal(2, rig.Rejected(AdminProblems.CardUnknown));
        Assert.Null(rig.Store.FindCard("0A0B0C0D"));
    }

    [Theory]
    [InlineData("cards/0A0B0C/deactivate", null, "cardUid '0A0B0C' is not a card UID: 8, 14 or 20 hex digits (a 4, 7 or 10 byte UID as the reader shows it)")]
    [InlineData("cards/0A0B0C0G/deactivate", null, "cardUid '0A0B0C0G' is not a card UID: 8, 14 or 20 hex digits")]
    [InlineData("cards/0A0B0C0G", null, "is not a card UID: 8, 14 or 20 hex digits")]
    [InlineData("cards/{card}/deactivate", "{\"reason\":\"misplaced\"}", "field 'reason' = 'misplaced' is not a reason; use one of lost, stolen, cloned, other")]
    [InlineData("cards/{card}/deactivate", "{\"reason\":\"\"}", "field 'reason' = '' is not a reason")]
    [InlineData("cards/{card}/deactivate", "{\"reason\":7}", "field 'reason' must be a string")]
    [InlineData("cards/{card}/deactivate", "[\"lost\"]", "JSON object")]
    public async Task A_malformed_uid_or_reason_is_400_naming_it_and_the_card_stays_active(string path, string? body, string named)
    {
        await using var rig = await AdminRig.StartAsync();
        var answer = await rig.SendAsync(path.EndsWith("/deactivate", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get,
            path.Replace("{card}", Card, StringComparison.Ordinal), rig.StaffKey, body);
        AdminRig.AssertProblem(answer, AdminProblems.BadRequest);
        Assert.Contains(named, answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(rig.Store.FindCard(Card)!.Active);
        Assert.Empty(rig.Store.FindCardState(Card)!.Deactivations);
    }

    [Fact]
    public async Task Without_a_key_both_endpoints_are_401_and_the_card_stays_active()
    {
        await using var rig = await AdminRig.StartAsync();
        AdminRig.AssertProblem(await rig.SendAsync(HttpMethod.Post, $"cards/{Card}/deactivate", null, new { reason = "lost" }), AdminProblems.AuthMissing);
        AdminRig.AssertProblem(await rig.SendAsync(HttpMethod.Get, $"cards/{Card}", null), AdminProblems.AuthMissing);
        AdminRig.AssertProblem(await rig.SendAsync(HttpMethod.Post, $"cards/{Card}/deactivate", rig.DisabledKey, new { reason = "lost" }), AdminProblems.AuthInvalid);
        Assert.True(rig.Store.FindCard(Card)!.Active);
    }

    [Fact]
    public async Task After_deactivation_the_cards_next_drop_off_waits_in_suspense_and_registering_it_again_releases_it()
    {
        await using var rig = await AdminRig.StartAsync();
        await using var bin = await AckingBin.ConnectAsync(rig.Broker.PlainPort, Bin, rig.Store.FindAdminBin(Bin)!.Material);
        var credited = await bin.DropOffAsync(1, Card, 750);
        Assert.Equal("credited", credited.Result);
        var before = rig.Store.Balance(Household)!.Points;
        Assert.Equal(credited.Points, before);

        var deactivated = await rig.SendAsync(HttpMethod.Post, $"cards/{Card}/deactivate", rig.StaffKey, new { reason = "stolen" });
        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        // The same gateway, no restart: the very next drop-off with the card credits nobody and waits in suspense.
        var parked = await bin.DropOffAsync(2, Card, 750);
        Assert.Equal(("held", ReasonCodes.UnknownCard, 0L), (parked.Result, parked.Reason, parked.Points));
        Assert.Equal(before, rig.Store.Balance(Household)!.Points);
        var suspensePoints = rig.Store.Balance(LedgerAccounts.Suspense(Card), LedgerUnits.Points);
        Assert.True(suspensePoints > 0);

        // The card changed hands: registering it to another household is allowed now and releases the suspense there.
        var registered = await rig.SendAsync(HttpMethod.Post, "cards", rig.StaffKey, new { cardUid = Card, householdId = OtherHousehold });
        Assert.True(registered.Status == HttpStatusCode.Created, registered.Json.ToString());
        Assert.Equal(1, registered.Json.GetProperty("releasedDropOffs").GetInt32());
        Assert.Equal(suspensePoints, registered.Json.GetProperty("releasedPoints").GetInt64());
        Assert.Equal(suspensePoints, rig.Store.Balance(OtherHousehold)?.Points ?? 0);
        Assert.Equal(before, rig.Store.Balance(Household)!.Points);
        Assert.Equal(0, rig.Store.Balance(LedgerAccounts.Suspense(Card), LedgerUnits.Points));
        var next = await bin.DropOffAsync(3, Card, 750);
        Assert.Equal("credited", next.Result);
        Assert.Equal(suspensePoints + next.Points, rig.Store.Balance(OtherHousehold)!.Points);

        // The card shows its new registration and keeps the record of the old one's end.
        var (_, card, _) = await rig.SendAsync(HttpMethod.Get, $"cards/{Card}", rig.StaffKey);
        Assert.True(card.GetProperty("active").GetBoolean());
        Assert.Equal(OtherHousehold, card.GetProperty("householdId").GetString());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("deactivatedUtc").ValueKind);
        var history = Assert.Single(card.GetProperty("deactivations").EnumerateArray());
        Assert.Equal((Household, "stolen"), (history.GetProperty("householdId").GetString(), history.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_deactivated_card_is_free_for_its_own_household_again_and_a_taken_card_names_the_procedure()
    {
        await using var rig = await AdminRig.StartAsync();
        var taken = await rig.SendAsync(HttpMethod.Post, "cards", rig.StaffKey, new { cardUid = Card, householdId = OtherHousehold });
        AdminRig.AssertProblem(taken, AdminProblems.CardTaken);
        Assert.Contains($"cards/{Card}/deactivate", taken.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await rig.SendAsync(HttpMethod.Post, $"cards/{Card}/deactivate", rig.StaffKey, new { reason = "lost" })).Status);
        // Found again: registering it to the same household is a new registration (201), not "already registered".
        var back = await rig.SendAsync(HttpMethod.Post, "cards", rig.StaffKey, new { cardUid = Card, householdId = Household });
        Assert.Equal(HttpStatusCode.Created, back.Status);
        var state = rig.Store.FindCardState(Card)!;
        Assert.True(state.Active);
        Assert.Null(state.Current);
        Assert.Equal(CardDeactivationReasons.Lost, Assert.Single(state.Deactivations).Reason);
        // Deactivated again later: a second record, the first kept.
        Assert.Equal(HttpStatusCode.OK, (await rig.SendAsync(HttpMethod.Post, $"cards/{Card}/deactivate", rig.StaffKey, new { reason = "cloned" })).Status);
        Assert.Equal(["lost", "cloned"], rig.Store.FindCardState(Card)!.Deactivations.Select(d => d.Reason));
    }
}
