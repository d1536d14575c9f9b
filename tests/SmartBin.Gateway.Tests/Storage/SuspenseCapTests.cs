using System;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>Registering a card releases its suspense only as far as the household's daily caps allow.</summary>
public sealed class SuspenseCapTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private const string Stranger = "EE0000AA";
    private const string Household = "h-late";
    private readonly StoreFixture f;

    public SuspenseCapTests()
    {
        f = new StoreFixture();
        Assert.True(f.Store.RegisterHousehold(Household, "baiyun", "late registration").Ok);
    }

    public void Dispose() => f.Dispose();

    private static string Account => LedgerAccounts.Household(Household);

    private static string Suspense => LedgerAccounts.Suspense(Stranger);

    /// <summary>Three 4 kg PET drop-offs (320 points each) of an unknown card on one day, newest first, and one the next day.</summary>
    private void ParkFourDropOffs()
    {
        var verdicts = f.Store.CommitBatch([
            DropOff(Bin, 1, Stranger, 4_000, endUtc: Morning.AddHours(3)),
            DropOff(Bin, 2, Stranger, 4_000, endUtc: Morning.AddHours(2)),
            DropOff(Bin, 3, Stranger, 4_000, endUtc: Morning.AddHours(1)),
            DropOff(Bin, 4, Stranger, 4_000, endUtc: Morning.AddDays(1)),
        ]);
        Assert.All(verdicts, v => Assert.Equal((AckResult.Held, ReasonCodes.UnknownCard), (v.Result, v.Reason)));
        Assert.Equal(1_280, f.Store.Balance(Suspense, LedgerUnits.Points));
    }

    [Fact]
    public void Registration_credits_in_time_order_up_to_the_caps_and_holds_the_rest()
    {
        ParkFourDropOffs();

        var registered = f.Store.RegisterCard(Stranger, Household);

        // Seq 3 and 2 happened first that day (8 kg, 640 points); seq 1 would make 12 kg and 960 points.
        Assert.Equal(new CardRegistrationResult(true, "", 3, 960, 1), registered);
        Assert.Equal(960, f.Store.Balance(Account, LedgerUnits.Points));
        Assert.Equal(320, f.Store.Balance(Suspense, LedgerUnits.Points));
        var held = f.Store.DropOff(Bin, 1)!;
        Assert.Equal((DropOffOutcomes.Held, ReasonCodes.DailyCap, Household), (held.Outcome, held.Reason, held.HouseholdId));
        Assert.Equal(DropOffOutcomes.Credited, f.Store.DropOff(Bin, 4)!.Outcome);
        Assert.Equal(["2026-03-02|8000|640", "2026-03-03|4000|320"],
            f.Rows($"SELECT day, grams, points FROM household_day WHERE household_id = '{Household}' ORDER BY day"));
        Assert.Equal(0, f.Scalar("SELECT SUM(amount) FROM entries"));
    }

    [Fact]
    public void Credits_the_household_already_has_that_day_count_against_the_cap()
    {
        f.CommitOne(DropOff(Bin, 1, Stranger, 1_000));
        Assert.Equal(StoreResult.Done, f.Store.RegisterBin(new BinRegistration("baiyun-0050", "baiyun", "PET", "gate", 29.8, 119.68, 30_000, 80)));
        Assert.True(f.Store.RegisterCard("EE0000BB", Household).Ok);
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff("baiyun-0050", 1, "EE0000BB", 4_000)).Result);
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff("baiyun-0050", 2, "EE0000BB", 4_000)).Result);

        // 8 kg and 640 points credited today: the parked 1 kg (80 points) fits both caps.
        var registered = f.Store.RegisterCard(Stranger, Household);
        Assert.Equal(new CardRegistrationResult(true, "", 1, 80, 0), registered);
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff("baiyun-0050", 3, "EE0000BB", 1_000)).Result);
        f.CommitOne(DropOff(Bin, 2, "EE0000CC", 100));
        Assert.True(f.Store.RegisterCard("EE0000CC", Household).Ok);
        // 10 kg credited: the 100 g parked drop-off is over the grams cap.
        Assert.Equal(DropOffOutcomes.Held, f.Store.DropOff(Bin, 2)!.Outcome);
    }

    [Fact]
    public void Staff_release_of_a_capped_drop_off_moves_its_parked_value_to_the_household()
    {
        ParkFourDropOffs();
        f.Store.RegisterCard(Stranger, Household);

        Assert.Equal(StoreResult.Done, f.Store.ReleaseHeld(Bin, 1, "staff-7"));

        Assert.Equal(1_280, f.Store.Balance(Account, LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(Suspense, LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(Suspense, LedgerUnits.GramsCo2e));
        Assert.Equal(-1_280, f.Store.Balance(LedgerAccounts.Issuance, LedgerUnits.Points));
        Assert.Equal(DropOffOutcomes.Credited, f.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Equal(["2026-03-02|12000|960"], f.Rows($"SELECT day, grams, points FROM household_day WHERE household_id = '{Household}' AND day = '2026-03-02'"));
        // Reversal still undoes everything booked for it.
        Assert.Equal(TransferStatus.Applied, f.Store.ReverseDropOff(Bin, 1, "test", "fix-1").Status);
        Assert.Equal(960, f.Store.Balance(Account, LedgerUnits.Points));
    }

    [Fact]
    public void Staff_rejection_of_a_capped_drop_off_returns_its_parked_value_to_issuance()
    {
        ParkFourDropOffs();
        f.Store.RegisterCard(Stranger, Household);
        var communityBefore = f.Scalar("SELECT committed_grams FROM community_totals WHERE community_id = 'baiyun'");

        Assert.Equal(StoreResult.Done, f.Store.RejectHeld(Bin, 1, "staff-7", "spring clean of a neighbour"));

        Assert.Equal(0, f.Store.Balance(Suspense, LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(Suspense, LedgerUnits.GramsCo2e));
        Assert.Equal(960, f.Store.Balance(Account, LedgerUnits.Points));
        Assert.Equal(-960, f.Store.Balance(LedgerAccounts.Issuance, LedgerUnits.Points));
        Assert.Equal(communityBefore - 4_000, f.Scalar("SELECT committed_grams FROM community_totals WHERE community_id = 'baiyun'"));
        Assert.Equal(DropOffOutcomes.Rejected, f.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'reversal' AND idempotency_key LIKE 'reject:baiyun-0001:1:%'"));
        Assert.NotEqual(TransferStatus.Applied, f.Store.ReverseDropOff(Bin, 1, "again", "fix-2").Status);
        Assert.Equal(0, f.Scalar("SELECT SUM(amount) FROM entries"));
    }
}
