using System;
using System.Collections.Generic;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>CommitBatch against a real SQLite file: every verdict, what it books, and what it records.</summary>
public sealed class IngestCommitTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private const string OtherCommunityBin = "xiahang-0001";
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    /// <summary>One drop-off on a fresh store: (case, item, result, reason, row outcome or null when no row).</summary>
    public static TheoryData<string, IngestItem, AckResult, string, string?> SingleItems() => new()
    {
        { "credited", DropOff(Bin, 1, Card(0, 3), 750), AckResult.Credited, "", DropOffOutcomes.Credited },
        { "below-min still credited", DropOff(Bin, 1, Card(0, 3), 150, flags: 1), AckResult.Credited, "", DropOffOutcomes.Credited },
        { "unknown card", DropOff(Bin, 1, "EE123456", 750), AckResult.Held, ReasonCodes.UnknownCard, DropOffOutcomes.Suspense },
        { "implausible weight", DropOff(Bin, 1, Card(0, 3), 6_000), AckResult.Held, ReasonCodes.ImplausibleWeight, DropOffOutcomes.Held },
        { "material the bin is not registered for", DropOff(Bin, 1, Card(0, 3), 750, material: "HDPE"), AckResult.Held, ReasonCodes.MaterialMismatch, DropOffOutcomes.Held },
        { "weighing uncertain", DropOff(Bin, 1, Card(0, 3), 500, flags: 32), AckResult.Held, ReasonCodes.WeighingUncertain, DropOffOutcomes.Held },
        { "unknown material", DropOff(Bin, 1, Card(0, 3), 750, material: "GLASS"), AckResult.Rejected, ReasonCodes.UnknownMaterial, DropOffOutcomes.Rejected },
        { "no rule version", DropOff(Bin, 1, Card(0, 3), 750, endUtc: new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)), AckResult.Rejected, ReasonCodes.NoRuleVersion, DropOffOutcomes.Rejected },
        { "unattributed", DropOff(Bin, 1, "", 300, flags: 2), AckResult.Recorded, ReasonCodes.Unattributed, DropOffOutcomes.Recorded },
        { "unknown bin", DropOff("nowhere-0001", 1, Card(0, 3), 750), AckResult.Rejected, SqliteGatewayStore.UnknownBinReason, null },
        { "event", Event(Bin, 1), AckResult.Recorded, "", null },
    };

    [Theory]
    [MemberData(nameof(SingleItems))]
    public void Single_item_verdict_and_record(string name, IngestItem item, AckResult result, string reason, string? outcome)
    {
        var verdict = f.CommitOne(item);

        Assert.True(result == verdict.Result, $"{name}: {verdict}");
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(item.Seq, verdict.Seq);
        var row = f.Store.DropOff(item.BinId, item.Seq);
        Assert.Equal(outcome, row?.Outcome);
        if (result != AckResult.Credited)
        {
            Assert.Equal(0, verdict.Points);
            Assert.Equal(0, verdict.GramsCo2e);
        }
        // A resend of anything recorded is a duplicate; of an unknown bin's item, the same rejection.
        var again = f.CommitOne(item);
        Assert.Equal(outcome is null && item.Event is null ? AckResult.Rejected : AckResult.Duplicate, again.Result);
        Assert.Equal(0, f.Scalar("SELECT COALESCE(SUM(amount), 0) FROM entries"));
    }

    [Fact]
    public void Credited_amounts_are_the_engines_and_are_booked_once()
    {
        var item = DropOff(Bin, 7, Card(0, 3), 750);
        var verdict = f.CommitOne(item);

        var bin = f.Store.Bins().Find(b => b.BinId == Bin)!;
        var facts = new DropOffFacts(Bin, Material.Pet, 750, DropOffFlags.None, item.DropOff!.StartUtc, item.DropOff.EndUtc, Card(0, 3), item.ReceivedUtc);
        var expected = f.Store.Engine.Evaluate(facts,
            new ResidentContext(Household(Bin, 3), 0, 0, new GeoPoint(bin.LatitudeDeg!.Value, bin.LongitudeDeg!.Value), null));
        Assert.Equal(CreditOutcome.Credited, expected.Outcome);
        Assert.Equal((expected.Points, expected.GramsCo2e), (verdict.Points, verdict.GramsCo2e));
        Assert.Equal(60, verdict.Points); // 750 g x 80 points/kg
        Assert.Equal(expected.Points, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.Points));
        Assert.Equal(expected.GramsCo2e, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.GramsCo2e));
        Assert.Equal(-expected.Points, f.Store.Balance(LedgerAccounts.Issuance, LedgerUnits.Points));

        Assert.Equal(AckResult.Duplicate, f.CommitOne(item).Result);
        Assert.Equal(expected.Points, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.Points));
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM transfers WHERE reference = 'baiyun-0001:7'"));
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM transfers WHERE idempotency_key = 'dropoff:baiyun-0001:7:points'"));
    }

    [Fact]
    public void Duplicates_within_a_batch_and_against_an_events_seq()
    {
        var verdicts = f.Store.CommitBatch([
            DropOff(Bin, 1, Card(0, 1), 100),
            DropOff(Bin, 1, Card(0, 1), 100),
            Event(Bin, 2),
            DropOff(Bin, 2, Card(0, 1), 100),
            Event(Bin, 1),
            DropOff(OtherCommunityBin, 1, Card(1, 1), 100, material: "HDPE"),
        ]);

        // A drop-off reusing an event's seq (or the reverse) is a seq conflict, not a resend.
        Assert.Equal(
            [AckResult.Credited, AckResult.Duplicate, AckResult.Recorded, AckResult.Rejected, AckResult.Rejected, AckResult.Credited],
            verdicts.ConvertAll(v => v.Result));
        Assert.Equal(SqliteGatewayStore.SeqConflictReason, verdicts[3].Reason);
        Assert.Equal(SqliteGatewayStore.SeqConflictReason, verdicts[4].Reason);
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM rejected_messages WHERE reason = 'seq-conflict'"));
        Assert.Equal(8, f.Store.Balance(HouseholdAccount(Bin, 1), LedgerUnits.Points)); // booked once
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public void Unknown_card_waits_in_suspense_until_registration_releases_it()
    {
        const string stranger = "EE00A1B2";
        var first = f.CommitOne(DropOff(Bin, 1, stranger, 750));
        var second = f.CommitOne(DropOff(Bin, 2, stranger, 250));
        Assert.Equal((AckResult.Held, ReasonCodes.UnknownCard), (first.Result, first.Reason));
        Assert.Equal((AckResult.Held, ReasonCodes.UnknownCard), (second.Result, second.Reason));
        var suspense = LedgerAccounts.Suspense(stranger);
        Assert.Equal(80, f.Store.Balance(suspense, LedgerUnits.Points));

        Assert.True(f.Store.RegisterHousehold("h-new", "baiyun", "Building 9, flat 2").Ok);
        var registered = f.Store.RegisterCard(stranger.ToLowerInvariant(), "h-new");

        Assert.Equal(new CardRegistrationResult(true, "", 2, 80), registered);
        Assert.Equal(0, f.Store.Balance(suspense, LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(suspense, LedgerUnits.GramsCo2e));
        Assert.Equal(80, f.Store.Balance(LedgerAccounts.Household("h-new"), LedgerUnits.Points));
        Assert.Equal(877 + 292, f.Store.Balance(LedgerAccounts.Household("h-new"), LedgerUnits.GramsCo2e));
        Assert.Equal((DropOffOutcomes.Credited, "h-new"), (f.Store.DropOff(Bin, 1)!.Outcome, f.Store.DropOff(Bin, 1)!.HouseholdId));
        // The card is known now: the next drop-off is credited straight away, and nothing is released twice.
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff(Bin, 3, stranger, 100)).Result);
        Assert.Equal(new CardRegistrationResult(true, "", 0, 0), f.Store.RegisterCard(stranger, "h-new"));
        Assert.Equal(88, f.Store.Balance(LedgerAccounts.Household("h-new"), LedgerUnits.Points));
    }

    [Fact]
    public void Daily_cap_holds_and_staff_release_books_the_evaluated_amounts()
    {
        var card = Card(0, 4);
        var verdicts = f.Store.CommitBatch([DropOff(Bin, 1, card, 4_000), DropOff(Bin, 2, card, 4_000), DropOff(Bin, 3, card, 4_000)]);

        // The third is over 10 kg for the day, counting the first two of the same batch.
        Assert.Equal([AckResult.Credited, AckResult.Credited, AckResult.Held], verdicts.ConvertAll(v => v.Result));
        Assert.Equal(ReasonCodes.DailyCap, verdicts[2].Reason);
        Assert.Equal(640, f.Store.Balance(HouseholdAccount(Bin, 4), LedgerUnits.Points));
        Assert.Equal(320, f.Store.DropOff(Bin, 3)!.Points); // worth, not booked

        Assert.Equal(StoreResult.Done, f.Store.ReleaseHeld(Bin, 3, "staff-7"));
        Assert.Equal(960, f.Store.Balance(HouseholdAccount(Bin, 4), LedgerUnits.Points));
        Assert.Equal(DropOffOutcomes.Credited, f.Store.DropOff(Bin, 3)!.Outcome);
        Assert.Equal(RegistryRefusals.NotHeld, f.Store.ReleaseHeld(Bin, 3, "staff-7").Reason);
        Assert.Equal(RegistryRefusals.NotHeld, f.Store.RejectHeld(Bin, 1, "staff-7", "looks wrong").Reason);
        // The released grams count for the day: the next drop-off that day is held again.
        Assert.Equal(AckResult.Held, f.CommitOne(DropOff(Bin, 4, card, 100)).Result);
    }

    [Fact]
    public void Held_drop_off_rejected_by_staff_books_nothing()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 5), 6_000));
        var totalBefore = f.Store.Communities().Find(c => c.CommunityId == "baiyun")!.CreditedGrams;

        Assert.Equal(StoreResult.Done, f.Store.RejectHeld(Bin, 1, "staff-7", "bricks in the bin"));

        Assert.Equal(DropOffOutcomes.Rejected, f.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Equal(0, f.Store.Balance(HouseholdAccount(Bin, 5), LedgerUnits.Points));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM transfers"));
        Assert.Equal(totalBefore - 6_000, f.Store.Communities().Find(c => c.CommunityId == "baiyun")!.CreditedGrams);
        Assert.Equal(RegistryRefusals.NotHeld, f.Store.ReleaseHeld(Bin, 1, "staff-7").Reason);
    }

    [Fact]
    public void Impossible_travel_is_held_and_release_credits_the_household()
    {
        var card = Card(0, 6);
        var first = f.CommitOne(DropOff(Bin, 1, card, 300));
        // 3.7 km away one minute later: faster than 60 km/h.
        var second = f.CommitOne(DropOff(OtherCommunityBin, 1, card, 300, material: "HDPE", endUtc: Morning.AddMinutes(1)));
        // Another bin of the same community, minutes later: a walk.
        var third = f.CommitOne(DropOff("baiyun-0002", 1, card, 300, material: "PP", endUtc: Morning.AddMinutes(10)));

        Assert.Equal(AckResult.Credited, first.Result);
        Assert.Equal((AckResult.Held, ReasonCodes.ImpossibleTravel), (second.Result, second.Reason));
        Assert.Equal(AckResult.Credited, third.Result);
        Assert.Equal(StoreResult.Done, f.Store.ReleaseHeld(OtherCommunityBin, 1, "staff-1"));
        Assert.Equal(24 + 24 + 21, f.Store.Balance(HouseholdAccount(Bin, 6), LedgerUnits.Points));
    }

    [Fact]
    public void Unknown_bin_claims_nothing_and_items_of_known_bins_in_the_batch_commit()
    {
        var verdicts = f.Store.CommitBatch([DropOff("ghost-0001", 1, Card(0, 1), 100), Event("ghost-0001", 2), DropOff(Bin, 1, Card(0, 1), 100)]);

        Assert.Equal([AckResult.Rejected, AckResult.Rejected, AckResult.Credited], verdicts.ConvertAll(v => v.Result));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM seq_claims WHERE bin_id = 'ghost-0001'"));
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM dropoffs"));
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM rejected_messages WHERE bin_id = 'ghost-0001' AND reason = 'unknown-bin'"));
    }

    [Fact]
    public void Drop_off_row_is_the_audit_record()
    {
        f.CommitOne(DropOff(Bin, 42, Card(0, 2), 750, flags: 1));

        var row = f.Rows("SELECT bin_id, community_id, bin_location, card_uid, household_id, material, gross_before_grams, " +
                         "gross_after_grams, net_grams, items, flags, calibration_version, firmware, outcome, points, gco2e, " +
                         "price_version, factor_version, rule_set_version, notes, idempotency_key, occurred_utc FROM dropoffs")[0];
        Assert.Equal("baiyun-0001|baiyun|baiyun collection point 1|0B000002|demo-baiyun-0001-02|PET|1000|1750|750|2|1|1|1.0.0|" +
                     "credited|60|877|prices-2026-01|epa-warm-v16|rules-2026-01|below-min|baiyun-0001:42|2026-03-02T02:00:00.0000000Z", row);
    }

    [Fact]
    public void Rejected_messages_keep_at_most_1024_payload_bytes()
    {
        f.Store.RecordRejectedMessages([new RejectedMessage(Bin, "dropoff", 3, "schema", "netG missing", Morning, new byte[5_000])]);

        Assert.Equal(1024, f.Scalar("SELECT length(payload) FROM rejected_messages"));
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM rejected_messages WHERE reason = 'schema' AND seq = 3"));
    }
}

internal static class ListExtensions
{
    public static List<TOut> ConvertAll<TIn, TOut>(this IReadOnlyList<TIn> items, Func<TIn, TOut> map)
    {
        var mapped = new List<TOut>(items.Count);
        foreach (var item in items)
        {
            mapped.Add(map(item));
        }
        return mapped;
    }

    public static T? Find<T>(this IReadOnlyList<T> items, Predicate<T> match)
    {
        foreach (var item in items)
        {
            if (match(item))
            {
                return item;
            }
        }
        return default;
    }
}
