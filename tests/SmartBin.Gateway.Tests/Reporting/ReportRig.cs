using System;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>
/// A real store (StoreFixture: pilot communities, the 4-bin demo fleet) and a reporting service over it, with the
/// hand-made dataset of <see cref="LoadWeek"/>. Bins: baiyun-0001 PET, xiahang-0001 HDPE, baiyun-0002 PP, xiahang-0002 MIXED.
/// </summary>
internal sealed class ReportRig : IDisposable
{
    public const string B1 = "baiyun-0001", X1 = "xiahang-0001", B2 = "baiyun-0002", X2 = "xiahang-0002";

    /// <summary>Card A (baiyun-0001 household 01), B (baiyun-0002 household 00), C (baiyun-0001 household 02), D (xiahang-0001 household 00).</summary>
    public static readonly string A = Card(0, 1), B = Card(2, 0), C = Card(0, 2), D = Card(1, 0);

    public ReportRig(ReportingOptions? options = null)
    {
        Fixture = new StoreFixture();
        Options = options ?? new ReportingOptions();
        Service = new ReportingService(Fixture.Store, Options, new CarbonFactorTable(CreditingDefaults.CarbonFactors()), CarbonBaseline.Landfill, Fixture.Time);
    }

    public StoreFixture Fixture { get; }

    public SqliteGatewayStore Store => Fixture.Store;

    public ReportingOptions Options { get; }

    public ReportingService Service { get; }

    /// <summary>UTC instant of a Tonglu local time (UTC+8, no daylight saving).</summary>
    public static DateTimeOffset Local(int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public AckResult Drop(string bin, long seq, string card, int grams, string material, DateTimeOffset endUtc) =>
        Fixture.CommitOne(DropOff(bin, seq, card, grams, material, endUtc: endUtc)).Result;

    /// <summary>
    /// The dataset of the exact-number tests (2026; W09 ends Sunday 1 March, W10 runs 2–8 March, local time):
    /// credited A 1,000 g PET Sun 1 Mar 23:59 (W09) and 2,000 g PET Mon 2 Mar 00:30 (W10; still Sunday in UTC),
    /// B 1,500 g PP, C 800 g PET, D 3,000 g HDPE; not counted: C 6,000 g PET held (implausible), C 700 g PET
    /// reversed, a stranger's 500 g HDPE in suspense, 0 g rejected, 400 g without a card recorded.
    /// </summary>
    public void LoadWeek()
    {
        Assert.Equal(AckResult.Credited, Drop(B1, 1, A, 1_000, "PET", Local(3, 1, 23, 59)));
        Assert.Equal(AckResult.Credited, Drop(B1, 2, A, 2_000, "PET", Local(3, 2, 0, 30)));
        Assert.Equal(AckResult.Credited, Drop(B2, 1, B, 1_500, "PP", Local(3, 2, 12)));
        Assert.Equal(AckResult.Held, Drop(B1, 3, C, 6_000, "PET", Local(3, 2, 13)));
        Assert.Equal(AckResult.Credited, Drop(B1, 4, C, 800, "PET", Local(3, 3, 10)));
        Assert.Equal(AckResult.Credited, Drop(B1, 5, C, 700, "PET", Local(3, 3, 11)));
        Assert.Equal(TransferStatus.Applied, Store.ReverseDropOff(B1, 5, "test weight", "fix-b1-5").Status);
        Assert.Equal(AckResult.Credited, Drop(X1, 1, D, 3_000, "HDPE", Local(3, 4, 10)));
        Assert.Equal(AckResult.Held, Drop(X1, 2, "EE0000AB", 500, "HDPE", Local(3, 4, 11)));
        Assert.Equal(AckResult.Rejected, Drop(B2, 2, B, 0, "PP", Local(3, 4, 12)));
        Assert.Equal(AckResult.Recorded, Drop(B1, 6, "", 400, "PET", Local(3, 5, 9)));
        // The clock: Sunday 8 March, noon in Tonglu.
        Fixture.Time.SetUtcNow(Local(3, 8, 12));
    }

    public void Dispose() => Fixture.Dispose();
}
