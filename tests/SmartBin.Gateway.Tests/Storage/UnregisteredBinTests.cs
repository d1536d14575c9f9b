using System;
using System.Text;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>Items of bins the writer does not know as active: re-read, refused with a reason, never lost.</summary>
public sealed class UnregisteredBinTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    private static BinRegistration Registration(string binId, bool active = true) =>
        new(binId, "baiyun", "PET", "gate", 29.8, 119.68, 30_000, 80, active);

    /// <summary>A second store on the same file, as the <c>mosquitto-files</c> verb or an admin tool opens it.</summary>
    private SqliteGatewayStore OtherConnection() => SqliteGatewayStore.Open(
        new GatewayOptions { Storage = new StorageOptions { DataDirectory = f.Directory, DatabaseFile = "smartbin.db" }, Seed = new SeedOptions() },
        f.Time);

    [Fact]
    public void A_bin_registered_through_another_connection_is_credited()
    {
        using (var other = OtherConnection())
        {
            Assert.Equal(StoreResult.Done, other.RegisterBin(Registration("baiyun-0099")));
        }

        var verdict = f.CommitOne(DropOff("baiyun-0099", 1, Card(0, 3), 750));

        Assert.Equal(AckResult.Credited, verdict.Result);
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.Points));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM rejected_messages"));
    }

    [Fact]
    public void An_unknown_bins_items_are_rejected_and_kept_as_replayable_wire_messages()
    {
        var dropOff = DropOff("ghost-0001", 7, Card(0, 3), 750);
        var verdicts = f.Store.CommitBatch([dropOff, Event("ghost-0001", 8)]);

        Assert.All(verdicts, v => Assert.Equal((AckResult.Rejected, "unknown-bin"), (v.Result, v.Reason)));
        Assert.Equal(
            [
                "ghost-0001|dropoff|7|unknown-bin",
                "ghost-0001|event|8|unknown-bin",
            ],
            f.Rows("SELECT bin_id, leaf, seq, reason FROM rejected_messages ORDER BY id"));
        var detail = f.Rows("SELECT detail FROM rejected_messages WHERE leaf = 'dropoff'")[0];
        Assert.Equal("{\"v\":1,\"id\":\"ghost-0001:7\",\"seq\":7,\"card\":\"0B000003\",\"start\":\"2026-03-02T01:59:30.000Z\"," +
                     "\"end\":\"2026-03-02T02:00:00.000Z\",\"grossBeforeG\":1000,\"grossAfterG\":1750,\"netG\":750,\"items\":2," +
                     "\"material\":\"PET\",\"flags\":0,\"calVersion\":1,\"fw\":\"1.0.0\"}", detail);
        Assert.Equal(detail, PayloadText("dropoff"));
        Assert.Equal("2026-03-02T02:00:01.0000000Z", f.Rows("SELECT received_utc FROM rejected_messages WHERE leaf = 'dropoff'")[0]);
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM seq_claims"));
    }

    [Fact]
    public void An_inactive_bin_is_not_credited_and_its_drop_off_is_kept()
    {
        Assert.Equal(StoreResult.Done, f.Store.RegisterBin(Registration(Bin, active: false)));

        var verdict = f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750));

        Assert.Equal((AckResult.Rejected, "inactive-bin"), (verdict.Result, verdict.Reason));
        Assert.Equal(0, f.Store.Balance(HouseholdAccount(Bin, 3), LedgerUnits.Points));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM transfers"));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM dropoffs"));
        Assert.Equal(["baiyun-0001|dropoff|1|inactive-bin"], f.Rows("SELECT bin_id, leaf, seq, reason FROM rejected_messages"));
    }

    [Fact]
    public void An_inactive_bin_reactivated_through_another_connection_is_credited_again()
    {
        Assert.Equal(StoreResult.Done, f.Store.RegisterBin(Registration(Bin, active: false)));
        using (var other = OtherConnection())
        {
            Assert.Equal(StoreResult.Done, other.RegisterBin(Registration(Bin)));
        }

        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750)).Result);
    }

    [Fact]
    public void The_rejection_row_is_written_in_the_batchs_transaction()
    {
        var poisoned = DropOff(Bin, 4, Card(0, 2), 500) is var p ? p with { DropOff = p.DropOff! with { NetGrams = 499 } } : null!;

        Assert.Throws<SqliteException>(() => f.Store.CommitBatch([DropOff("ghost-0001", 1, Card(0, 3), 750), poisoned]));

        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM rejected_messages"));
        Assert.Equal(AckResult.Rejected, f.CommitOne(DropOff("ghost-0001", 1, Card(0, 3), 750)).Result);
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM rejected_messages"));
    }

    private string PayloadText(string leaf)
    {
        using var connection = new SqliteConnection($"Data Source={f.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT payload FROM rejected_messages WHERE leaf = '{leaf}'";
        return Encoding.UTF8.GetString((byte[])command.ExecuteScalar()!);
    }
}
