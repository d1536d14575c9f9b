using System;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>Corrections keep the derived totals (community grams, household day) true.</summary>
public sealed class CorrectionTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    private long CommunityGrams => f.Scalar("SELECT COALESCE(SUM(committed_grams), 0) FROM community_totals WHERE community_id = 'baiyun'");

    private long DayGrams(int index) => f.Scalar($"SELECT COALESCE(SUM(grams), 0) FROM household_day WHERE household_id = '{Household(Bin, index)}'");

    private long DayPoints(int index) => f.Scalar($"SELECT COALESCE(SUM(points), 0) FROM household_day WHERE household_id = '{Household(Bin, index)}'");

    [Fact]
    public void Reversing_a_credited_drop_off_takes_its_grams_out_of_the_community_and_the_household_day()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750));
        f.CommitOne(DropOff(Bin, 2, Card(0, 3), 400));
        Assert.Equal(1_150, CommunityGrams);
        Assert.Equal(1_150, DayGrams(3));

        Assert.Equal(TransferStatus.Applied, f.Store.ReverseDropOff(Bin, 1, "scale miscalibrated", "fix-1").Status);

        Assert.Equal(400, CommunityGrams);
        Assert.Equal(400, DayGrams(3));
        Assert.Equal(32, DayPoints(3));
        // Asking again changes nothing more.
        Assert.Equal(TransferStatus.AlreadyApplied, f.Store.ReverseDropOff(Bin, 1, "scale miscalibrated", "fix-1").Status);
        Assert.Equal(400, CommunityGrams);
    }

    [Fact]
    public void Reversing_a_suspense_drop_off_takes_its_grams_out_of_the_community()
    {
        f.CommitOne(DropOff(Bin, 1, "EE0000AB", 750));
        Assert.Equal(750, CommunityGrams);

        Assert.Equal(TransferStatus.Applied, f.Store.ReverseDropOff(Bin, 1, "test card", "fix-2").Status);

        Assert.Equal(0, CommunityGrams);
    }
}

/// <summary>Caller keys and the store's own keys never meet.</summary>
public sealed class ReservedKeyTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    [Theory]
    [InlineData("dropoff:baiyun-0001:1:points")]
    [InlineData("dropoff:anything")]
    [InlineData("release:baiyun-0001:1:points")]
    [InlineData("release:")]
    [InlineData("reject:baiyun-0001:1:points")]
    public void Transfer_refuses_keys_in_the_stores_namespaces_and_ingest_still_commits(string key)
    {
        var refused = f.Store.Transfer(key, LedgerUnits.Points, 10, LedgerAccounts.Issuance, HouseholdAccount(Bin, 3), "gift", "");

        Assert.Equal((TransferStatus.Refused, "reserved-key"), (refused.Status, refused.Reason));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM transfers"));
        // The drop-off whose key the caller tried to take is booked normally.
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750)).Result);
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.Points));
    }

    [Fact]
    public void Reversal_keys_in_the_stores_namespaces_are_refused()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750));

        var refused = f.Store.ReverseDropOff(Bin, 1, "test", "release:baiyun-0001");

        Assert.Equal((TransferStatus.Refused, "reserved-key"), (refused.Status, refused.Reason));
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM transfers"));
    }

    [Fact]
    public void ReverseTransfer_refuses_a_drop_offs_transfer_and_leaves_the_drop_off_credited()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750));
        var booked = f.Scalar("SELECT id FROM transfers WHERE idempotency_key = 'dropoff:baiyun-0001:1:points'");

        var refused = f.Store.ReverseTransfer(booked, "wrong tool", "fix-1");

        Assert.Equal((TransferStatus.Refused, "store-booked"), (refused.Status, refused.Reason));
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM transfers"));
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.Points));
        Assert.Equal(DropOffOutcomes.Credited, f.Store.DropOff(Bin, 1)!.Outcome);
        // A caller's own transfer still reverses.
        var gift = f.Store.Transfer("gift-1", LedgerUnits.Points, 5, LedgerAccounts.Issuance, HouseholdAccount(Bin, 3), "gift", "");
        Assert.Equal(TransferStatus.Applied, f.Store.ReverseTransfer(gift.Transfers[0].Id, "oops", "fix-2").Status);
    }
}
