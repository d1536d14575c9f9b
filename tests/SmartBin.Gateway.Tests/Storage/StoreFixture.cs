using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>
/// A real store on a SQLite file in a fresh temp folder, seeded with the pilot communities and the simulator's
/// 4-bin fleet (seed 1): baiyun-0001 PET, xiahang-0001 HDPE, baiyun-0002 PP, xiahang-0002 MIXED; bin i's cards are
/// <c>StorageSeeds.DemoCardUid(1 + i, index)</c>, card index k in household <c>demo-{bin}-{k:D2}</c>.
/// </summary>
internal sealed class StoreFixture : IDisposable
{
    public static readonly DateTimeOffset Morning = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero); // 10:00 in Tonglu

    public StoreFixture(SeedOptions? seed = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "smartbin-store-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Seed = seed ?? new SeedOptions { PilotCommunities = true, DemoFleet = true, DemoBins = 4, DemoSeed = 1 };
        Store = Open();
    }

    public string Directory { get; }

    public SeedOptions Seed { get; }

    public FakeTimeProvider Time { get; } = new(Morning);

    public SqliteGatewayStore Store { get; private set; }

    public string DatabasePath => Path.Combine(Directory, "smartbin.db");

    /// <summary>Card of resident <paramref name="index"/> of fleet bin <paramref name="binIndex"/> (seed 1).</summary>
    public static string Card(int binIndex, int index) => StorageSeeds.DemoCardUid(1 + binIndex, index);

    public static string Household(string binId, int index) => $"demo-{binId}-{index:D2}";

    public static string HouseholdAccount(string binId, int index) => LedgerAccounts.Household(Household(binId, index));

    public SqliteGatewayStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    public static IngestItem DropOff(string binId, long seq, string card, int netGrams, string material = "PET", int flags = 0, DateTimeOffset? endUtc = null)
    {
        var end = endUtc ?? Morning;
        const int grossBefore = 1_000;
        var message = new DropOffMessage(seq, card, end.AddSeconds(-30), end, grossBefore, grossBefore + netGrams, netGrams, 2, material, flags, 1, "1.0.0");
        return new IngestItem(binId, end.AddSeconds(1), message, null);
    }

    public static IngestItem Event(string binId, long seq, string kind = "emptied") =>
        new(binId, Morning, null, new EventMessage(seq, kind, "", Morning, 12_000, "", false));

    public IngestVerdict CommitOne(IngestItem item) => Store.CommitBatch([item])[0];

    /// <summary>A scalar from the database file through a separate connection, as an auditor would read it.</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query as text, for whole-table comparisons.</summary>
    public List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            rows.Add(string.Join('|', cells));
        }
        return rows;
    }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on cleanup.
        }
    }

    private SqliteGatewayStore Open()
    {
        var options = new GatewayOptions
        {
            Storage = new StorageOptions { DataDirectory = Directory, DatabaseFile = "smartbin.db" },
            Seed = Seed,
        };
        return SqliteGatewayStore.Open(options, Time);
    }
}
