using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Storage.Internal;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>Reopening, all-or-nothing batches, seeds and DI wiring.</summary>
public sealed class DurabilityAndSeedTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private const string EveryTable =
        "SELECT 'T', * FROM (SELECT id, idempotency_key, unit, amount, debit_account, credit_account, kind, reference FROM transfers) " +
        "UNION ALL SELECT 'E', transfer_id, account, unit, amount, '', '', '', '' FROM entries " +
        "UNION ALL SELECT 'B', account, unit, balance, '', '', '', '', '' FROM balances " +
        "UNION ALL SELECT 'D', bin_id, seq, outcome, points, gco2e, household_id, net_grams, '' FROM dropoffs " +
        "UNION ALL SELECT 'S', bin_id, seq, kind, '', '', '', '', '' FROM seq_claims " +
        "UNION ALL SELECT 'H', household_id, day, grams, points, '', '', '', '' FROM household_day " +
        "UNION ALL SELECT 'C', card_uid, bin_id, occurred_utc, '', '', '', '', '' FROM card_last " +
        "UNION ALL SELECT 'R', uid, household_id, active, '', '', '', '', '' FROM cards";

    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public void Reopening_gives_identical_rows_and_balances_and_keeps_deduplicating()
    {
        f.Store.CommitBatch([DropOff(Bin, 1, Card(0, 1), 750), DropOff(Bin, 2, "EE000001", 400), Event(Bin, 3)]);
        f.Store.Transfer("shop-1", LedgerUnits.Points, 10, HouseholdAccount(Bin, 1), LedgerAccounts.Redemption, "redemption", "");
        var before = f.Rows(EveryTable);
        var top = f.Store.TopBalances(5);

        f.Reopen();

        Assert.Equal(before, f.Rows(EveryTable));
        Assert.Equal(top, f.Store.TopBalances(5));
        Assert.Equal(50, f.Store.Balance(HouseholdAccount(Bin, 1), LedgerUnits.Points));
        Assert.Equal(AckResult.Duplicate, f.CommitOne(DropOff(Bin, 1, Card(0, 1), 750)).Result);
        // Seq 3 holds an event: a drop-off reusing it is a seq conflict, also after the reopen.
        Assert.Equal((AckResult.Rejected, SqliteGatewayStore.SeqConflictReason), (f.CommitOne(DropOff(Bin, 3, Card(0, 1), 750)) is var c ? (c.Result, c.Reason) : default));
        // Transfer ids continue after the reopen instead of colliding.
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff(Bin, 4, Card(0, 1), 750)).Result);
        Assert.Equal(f.Scalar("SELECT MAX(id) FROM transfers"), f.Scalar("SELECT COUNT(*) FROM transfers"));
        Assert.Equal(Schema.LatestVersion, f.Store.SchemaVersion);
    }

    [Fact]
    public void A_batch_that_fails_midway_leaves_nothing_and_the_store_keeps_working()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 1), 750));
        var before = f.Rows(EveryTable);
        // Net that is not after - before breaks the dropoffs CHECK: the third item throws after two were written.
        var good = DropOff(Bin, 2, Card(0, 1), 500);
        var poisoned = DropOff(Bin, 4, Card(0, 2), 500) is var p ? p with { DropOff = p.DropOff! with { NetGrams = 499 } } : null!;

        Assert.Throws<SqliteException>(() => f.Store.CommitBatch([good, DropOff(Bin, 3, "EE0000FF", 300), poisoned]));

        Assert.Equal(before, f.Rows(EveryTable));
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 1), LedgerUnits.Points));
        // The caches were not touched by the failed batch: the same items commit cleanly afterwards.
        var verdicts = f.Store.CommitBatch([good, DropOff(Bin, 3, "EE0000FF", 300)]);
        Assert.Equal([AckResult.Credited, AckResult.Held], verdicts.ConvertAll(v => v.Result));
        Assert.Equal(100, f.Store.Balance(HouseholdAccount(Bin, 1), LedgerUnits.Points));
        Assert.Equal(f.Scalar("SELECT MAX(id) FROM transfers"), f.Scalar("SELECT COUNT(*) FROM transfers"));
    }

    [Fact]
    public void Pilot_communities_have_the_published_numbers()
    {
        var communities = f.Store.Communities();

        Assert.Equal(["baiyun", "xiahang"], communities.ConvertAll(c => c.CommunityId));
        Assert.Equal([4_303, 4_700], communities.ConvertAll(c => c.Households));
        Assert.Equal(21_248, communities[0].Population + communities[1].Population);
        Assert.Equal(200_000_000, communities[0].TargetGrams + communities[1].TargetGrams);
        Assert.Equal([10_156, 11_092], communities.ConvertAll(c => c.Population));
        Assert.Equal("白云村 Baiyun", communities[0].Name);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(7, 63)]
    [InlineData(66, 0)]
    public void Demo_fleet_matches_the_simulator_formula(int bins, int seed)
    {
        var fleet = StorageSeeds.DemoFleet(bins, seed);

        Assert.Equal(bins, fleet.Count);
        for (var i = 0; i < bins; i++)
        {
            // Program.RunFleetAsync and BinRunner, restated.
            var community = new[] { "baiyun", "xiahang" }[i % 2];
            Assert.Equal($"{community}-{(i / 2) + 1:D4}", fleet[i].BinId);
            Assert.Equal(new[] { "PET", "HDPE", "PP", "MIXED" }[i % 4], fleet[i].Material);
            var prefix = (0x0A + ((seed + i) % 0x40)).ToString("X2");
            var block = ((seed + i) / 0x40).ToString("X4");
            Assert.Equal(prefix + block + "00", fleet[i].CardUids[0]);
            Assert.Equal(prefix + block + "27", fleet[i].CardUids[39]);
            Assert.Equal("sim-" + fleet[i].BinId, fleet[i].MqttPassword);
        }
    }

    [Fact]
    public void Seeded_fleet_is_registered_and_reseeding_is_a_no_op()
    {
        var everything = "SELECT 'B', id, secret_hash FROM bins UNION ALL SELECT 'H', id, label FROM households " +
                         "UNION ALL SELECT 'C', uid, household_id FROM cards UNION ALL SELECT 'P', id, population FROM communities";
        var before = f.Rows(everything);

        f.Reopen();

        Assert.Equal(before, f.Rows(everything));
        Assert.Equal(4 * 40, f.Scalar("SELECT COUNT(*) FROM cards"));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM cards WHERE uid LIKE 'EE%'"));
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM cards WHERE uid = '0E000027' AND household_id = 'demo-xiahang-0002-39' AND active = 1"));
        Assert.True(BinSecretHasher.Verify("sim-xiahang-0002", f.Store.Find("xiahang-0002")!.SecretHash));
        var bins = f.Store.Bins();
        Assert.All(bins, b => Assert.Equal((30_000, 80), (b.CapacityGrams, b.FillAlertPct)));
        // Bins of one community stand a few hundred metres apart.
        var a = bins.Find(b => b.BinId == "baiyun-0001")!;
        var b2 = bins.Find(b => b.BinId == "baiyun-0002")!;
        var meters = SmartBin.Gateway.Crediting.CreditingEngine.HaversineMeters(new(a.LatitudeDeg!.Value, a.LongitudeDeg!.Value), new(b2.LatitudeDeg!.Value, b2.LongitudeDeg!.Value));
        Assert.InRange(meters, 100, 500);
    }

    [Fact]
    public void Split_is_exact_and_proportional()
    {
        Assert.Equal([4, 3, 3], StorageSeeds.SplitProportionally(10, [1, 1, 1]));
        Assert.Equal([0, 7], StorageSeeds.SplitProportionally(7, [0, 5]));
    }

    [Fact]
    public void Registration_exposes_one_store_under_every_interface()
    {
        var options = new GatewayOptions
        {
            Storage = new StorageOptions { DataDirectory = System.IO.Path.Combine(f.Directory, "di", "nested"), DatabaseFile = "x.db" },
        };
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSmartBinStorage(options);
        using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<SqliteGatewayStore>();
        Assert.Same(store, provider.GetRequiredService<IIngestStore>());
        Assert.Same(store, provider.GetRequiredService<IGatewayReadModel>());
        Assert.Same(store, provider.GetRequiredService<IBinCredentials>());
        Assert.True(System.IO.File.Exists(System.IO.Path.Combine(options.Storage.DataDirectory, "x.db")));
        Assert.Equal(2, store.Communities().Count); // pilot communities seeded by default
    }
}
