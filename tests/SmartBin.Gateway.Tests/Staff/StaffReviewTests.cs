using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>
/// The review queue over real HTTP against the whole gateway: scoping, anonymous callers, idempotent approval,
/// the note a rejection needs, and unknown cards. Held drop-offs are committed through the gateway's own store as
/// ingest would (a 6 kg PET drop-off is over the 5 kg PET limit: held <c>implausible-weight</c>).
/// </summary>
public sealed class StaffReviewTests
{
    private const string Bin = "baiyun-0001";
    private const int OverPetLimitGrams = 6_000; // PET MaxGramsPerDrop is 5,000 g
    private const long PointsOf6KgPet = 480; // 6 kg × 80 points/kg

    [Fact]
    public async Task A_held_drop_off_of_another_community_is_404_for_a_xiahang_member_and_no_decision_is_possible()
    {
        await using var rig = await StaffRig.StartAsync();
        Hold(rig, 1, StoreFixture.Card(0, 1));
        using var xia = await rig.SignedInAsync(StaffRig.Xiahang);
        var page = await xia.GetStringAsync("/staff/review");
        Assert.DoesNotContain(Bin, page, StringComparison.Ordinal);
        Assert.Contains("data-count=\"0\"", await xia.GetStringAsync("/staff/bins"), StringComparison.Ordinal);

        foreach (var handler in new[] { "Approve", "Reject" })
        {
            using var forged = await xia.PostAsync("/staff/review?handler=" + handler, Form(await StaffRig.TokenAsync(xia, "/staff/review"), 1, "not mine"));
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
            Assert.DoesNotContain(Bin, await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(DropOffOutcomes.Held, rig.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Empty(rig.Store.ReviewDecisionsOf(Bin, 1));
        Assert.Equal(0, rig.Store.Balance(StoreFixture.HouseholdAccount(Bin, 1), LedgerUnits.Points));

        // Baiyun's staff and the all-community admin see it, with the badge.
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        Assert.Contains($"data-dropoff=\"{Bin}:1\"", await bai.GetStringAsync("/staff/review"), StringComparison.Ordinal);
        Assert.Contains("data-count=\"1\"", await bai.GetStringAsync("/staff/bins"), StringComparison.Ordinal);
        using var alice = await rig.SignedInAsync(StaffRig.Admin);
        Assert.Contains($"data-dropoff=\"{Bin}:1\"", await alice.GetStringAsync("/staff/review"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_callers_and_posts_without_the_anti_forgery_token_are_refused()
    {
        await using var rig = await StaffRig.StartAsync();
        Hold(rig, 1, StoreFixture.Card(0, 1));
        using var anonymous = rig.NewClient();
        using var get = await anonymous.GetAsync("/staff/review");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/staff/login", get.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        using var post = await anonymous.PostAsync("/staff/review?handler=Approve", Form("", 1, ""));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/staff/bins?view=map")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/staff/api/bins/map")).StatusCode);

        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        using var noToken = await bai.PostAsync("/staff/review?handler=Approve", Form(null, 1, ""));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(DropOffOutcomes.Held, rig.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Empty(rig.Store.ReviewDecisionsOf(Bin, 1));
    }

    [Fact]
    public async Task Approving_twice_credits_once_and_the_second_answer_says_who_approved()
    {
        await using var rig = await StaffRig.StartAsync();
        Hold(rig, 1, StoreFixture.Card(0, 2));
        var account = StoreFixture.HouseholdAccount(Bin, 2);
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);

        using var first = await bai.PostAsync("/staff/review?handler=Approve", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, ""));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var done = await bai.GetStringAsync(first.Headers.Location!);
        Assert.Contains($"Approved: {PointsOf6KgPet} points credited to household {StoreFixture.Household(Bin, 2)}.", done, StringComparison.Ordinal);
        Assert.Equal(PointsOf6KgPet, rig.Store.Balance(account, LedgerUnits.Points));

        using var again = await bai.PostAsync("/staff/review?handler=Approve", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, ""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Already approved by bai", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var rejectAfter = await bai.PostAsync("/staff/review?handler=Reject", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, "changed my mind"));
        Assert.Equal(HttpStatusCode.Conflict, rejectAfter.StatusCode);
        Assert.Contains("Already approved by bai", await rejectAfter.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(PointsOf6KgPet, rig.Store.Balance(account, LedgerUnits.Points));
        var credits = rig.Store.Entries(StoreFixture.Household(Bin, 2)).Where(e => e.Reference == Bin + ":1").ToList();
        Assert.Equal([(LedgerUnits.GramsCo2e, TransferKinds.Credit), (LedgerUnits.Points, TransferKinds.Credit)],
            credits.Select(e => (e.Unit, e.Kind)).Order());
        var decision = Assert.Single(rig.Store.ReviewDecisionsOf(Bin, 1));
        Assert.Equal((ReviewDecisions.Approved, StaffRig.Baiyun, ReasonCodes.ImplausibleWeight, DropOffOutcomes.Credited, PointsOf6KgPet),
            (decision.Decision, decision.Staff, decision.HeldReason, decision.Outcome, decision.Points));
        Assert.DoesNotContain($"data-dropoff=\"{Bin}:1\" data-reason", await bai.GetStringAsync("/staff/review"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_without_a_note_is_refused_with_a_clear_message_and_with_one_is_recorded_with_the_username()
    {
        await using var rig = await StaffRig.StartAsync();
        Hold(rig, 1, StoreFixture.Card(0, 3));
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        using var noNote = await bai.PostAsync("/staff/review?handler=Reject", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, "   "));
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("Write a note to reject a drop-off", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DropOffOutcomes.Held, rig.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Empty(rig.Store.ReviewDecisionsOf(Bin, 1));

        using var rejected = await bai.PostAsync("/staff/review?handler=Reject", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, "a brick under the bottles"));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal(DropOffOutcomes.Rejected, rig.Store.DropOff(Bin, 1)!.Outcome);
        var decision = Assert.Single(rig.Store.ReviewDecisionsOf(Bin, 1));
        Assert.Equal((ReviewDecisions.Rejected, StaffRig.Baiyun, "a brick under the bottles"), (decision.Decision, decision.Staff, decision.Note));
        Assert.Equal(0, rig.Store.Balance(StoreFixture.HouseholdAccount(Bin, 3), LedgerUnits.Points));
        Assert.Empty(rig.Store.Entries(StoreFixture.Household(Bin, 3)));
    }

    [Fact]
    public async Task An_unknown_card_is_not_offered_for_approval_until_it_is_registered_then_approval_credits_that_household()
    {
        await using var rig = await StaffRig.StartAsync();
        const string unknown = "EE00A001";
        Hold(rig, 1, unknown);
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        var page = await bai.GetStringAsync("/staff/review");
        Assert.Contains("The card is not registered to any household", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-action=\"approve\"", page, StringComparison.Ordinal);
        using var refused = await bai.PostAsync("/staff/review?handler=Approve", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, ""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Card ****A001 is not registered to a household", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DropOffOutcomes.Held, rig.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Equal(0, rig.Store.Balance(LedgerAccounts.Suspense(unknown), LedgerUnits.Points));

        var household = StoreFixture.Household(Bin, 9);
        Assert.True(rig.Store.RegisterCard(unknown, household).Ok);
        Assert.Contains("data-action=\"approve\"", await bai.GetStringAsync("/staff/review"), StringComparison.Ordinal);
        using var approved = await bai.PostAsync("/staff/review?handler=Approve", Form(await StaffRig.TokenAsync(bai, "/staff/review"), 1, "card registered today"));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(PointsOf6KgPet, rig.Store.Balance(LedgerAccounts.Household(household), LedgerUnits.Points));
        Assert.Equal("card registered today", Assert.Single(rig.Store.ReviewDecisionsOf(Bin, 1)).Note);
    }

    /// <summary>Commits a 6 kg PET drop-off of <paramref name="card"/> at baiyun-0001 through the gateway's store: held implausible-weight.</summary>
    private static void Hold(StaffRig rig, long seq, string card)
    {
        var verdict = rig.Store.CommitBatch([StoreFixture.DropOff(Bin, seq, card, OverPetLimitGrams)])[0];
        Assert.Equal((AckResult.Held, ReasonCodes.ImplausibleWeight), (verdict.Result, verdict.Reason));
    }

    private static FormUrlEncodedContent Form(string? token, long seq, string note)
    {
        var fields = new Dictionary<string, string> { ["binId"] = Bin, ["seq"] = seq.ToString(CultureInfo.InvariantCulture), ["note"] = note };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }
        return new FormUrlEncodedContent(fields);
    }
}
