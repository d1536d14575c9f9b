using System;
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
