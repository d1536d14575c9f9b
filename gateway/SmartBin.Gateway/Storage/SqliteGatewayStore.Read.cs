using System.Collections.Generic;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Read model (status page, APIs) and seeding.</summary>
public sealed partial class SqliteGatewayStore
{
    private const string DropOffRowColumns = "bin_id, seq, occurred_utc, card_uid, household_id, material, net_grams, outcome, reason, points, gco2e";

    private const string CommunitySelect =
        "SELECT c.id, c.name, c.households, c.population, c.target_grams, COALESCE(t.committed_grams, 0) " +
        "FROM communities c LEFT JOIN community_totals t ON t.community_id = c.id";

    private const string BinSummarySelect = "SELECT id, community_id, material, location, lat, lon, capacity_grams, fill_alert_pct FROM bins";

    /// <inheritdoc />
    public IReadOnlyList<CommunitySummary> Communities() => Query(CommunitySelect + " ORDER BY c.id", null, ReadCommunity);

    /// <inheritdoc />
    public IReadOnlyList<BinSummary> Bins() => Query(BinSummarySelect + " ORDER BY id", null, ReadBinSummary);

    /// <summary>Registered bins of one community (every bin when <paramref name="communityId"/> is null): the staff dashboard's scope.</summary>
    public IReadOnlyList<BinSummary> Bins(string? communityId) => communityId is null
        ? Bins()
        : Query(BinSummarySelect + " WHERE community_id = $p ORDER BY id", communityId, ReadBinSummary);

    /// <summary>Communities with totals, one community's only when <paramref name="communityId"/> is set.</summary>
    public IReadOnlyList<CommunitySummary> Communities(string? communityId) => communityId is null
        ? Communities()
        : Query(CommunitySelect + " WHERE c.id = $p", communityId, ReadCommunity);

    /// <inheritdoc />
    public IReadOnlyList<DropOffRow> RecentDropOffs(int limit, string? binId = null) => binId is null
        ? Query($"SELECT {DropOffRowColumns} FROM dropoffs ORDER BY received_utc DESC, rowid DESC LIMIT $n", null, ReadDropOff, limit)
        : Query($"SELECT {DropOffRowColumns} FROM dropoffs WHERE bin_id = $p ORDER BY seq DESC LIMIT $n", binId, ReadDropOff, limit);

    /// <summary>One drop-off as staff see it, or null.</summary>
    public DropOffRow? DropOff(string binId, long seq) =>
        Query($"SELECT {DropOffRowColumns} FROM dropoffs WHERE bin_id = $p AND seq = $n", binId, ReadDropOff, seq) is [var row] ? row : null;

    /// <inheritdoc />
    public IReadOnlyList<BalanceRow> TopBalances(int limit) => Query(
        "SELECT h.id, h.community_id, p.balance, COALESCE(c.balance, 0) FROM balances p " +
        "JOIN households h ON p.account = 'household:' || h.id " +
        "LEFT JOIN balances c ON c.account = p.account AND c.unit = 'gco2e' " +
        "WHERE p.unit = 'points' AND p.account LIKE 'household:%' ORDER BY p.balance DESC, h.id LIMIT $n",
        null, r => new BalanceRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)), limit);

    /// <inheritdoc />
    public BalanceRow? Balance(string householdId) => Query(
        "SELECT h.id, h.community_id, COALESCE(p.balance, 0), COALESCE(c.balance, 0) FROM households h " +
        "LEFT JOIN balances p ON p.account = 'household:' || h.id AND p.unit = 'points' " +
        "LEFT JOIN balances c ON c.account = 'household:' || h.id AND c.unit = 'gco2e' WHERE h.id = $p",
        householdId, r => new BalanceRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3))) is [var row] ? row : null;

    private static CommunitySummary ReadCommunity(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt64(4), r.GetInt64(5));

    private static BinSummary ReadBinSummary(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Sql.NullableDouble(r, 4), Sql.NullableDouble(r, 5), r.GetInt32(6), r.GetInt32(7));

    private static DropOffRow ReadDropOff(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1), Sql.ParseUtc(r.GetString(2)), r.GetString(3), Sql.NullableString(r, 4), r.GetString(5),
        r.GetInt32(6), r.GetString(7), r.GetString(8), r.GetInt64(9), r.GetInt64(10));

    private List<T> Query<T>(string sql, string? parameter, System.Func<Microsoft.Data.Sqlite.SqliteDataReader, T> read, long? limit = null)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }
        if (limit is { } n)
        {
            command.Parameters.AddWithValue("$n", System.Math.Max(0, n));
        }
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>Seeds per <paramref name="seed"/>: adds what is missing, never overwrites, so reopening is a no-op.</summary>
    private void Seed(SeedOptions seed)
    {
        if (!seed.PilotCommunities && !seed.DemoFleet)
        {
            return;
        }
        Write(w =>
        {
            foreach (var community in StorageSeeds.PilotCommunities())
            {
                Sql.Execute(w.Connection, w.Transaction,
                    "INSERT OR IGNORE INTO communities (id, name, households, population, target_grams, time_zone) VALUES ($i, $n, $h, $p, $t, $z)",
                    ("$i", community.CommunityId), ("$n", community.Name), ("$h", community.Households), ("$p", community.Population),
                    ("$t", community.TargetGrams), ("$z", community.TimeZoneId));
            }
            if (seed.DemoFleet)
            {
                foreach (var bin in StorageSeeds.DemoFleet(seed.DemoBins, seed.DemoSeed))
                {
                    SeedDemoBin(w, bin);
                }
            }
            return 0;
        });
    }

    private void SeedDemoBin(Writer w, DemoBin bin)
    {
        if (w.Bins.ContainsKey(bin.BinId))
        {
            return;
        }
        var registered = UpsertBin(w, new BinRegistration(bin.BinId, bin.CommunityId, bin.Material, bin.Location, bin.LatitudeDeg,
            bin.LongitudeDeg, StorageSeeds.DemoCapacityGrams, StorageSeeds.DemoFillAlertPct));
        System.Diagnostics.Debug.Assert(registered.Ok, "demo bin refused");
        Sql.Execute(w.Connection, w.Transaction, "UPDATE bins SET secret_hash = $h WHERE id = $b",
            ("$h", BinSecretHasher.Hash(bin.MqttPassword)), ("$b", bin.BinId));
        for (var index = 0; index < bin.CardUids.Count; index++)
        {
            var household = bin.HouseholdId(index);
            UpsertHousehold(w, household, bin.CommunityId, $"Demo household {index + 1} of {bin.BinId}");
            var uid = bin.CardUids[index];
            // Past 64 bins the simulator's card prefixes repeat: the first bin's household keeps the card.
            var inserted = Sql.Execute(w.Connection, w.Transaction,
                "INSERT OR IGNORE INTO cards (uid, household_id, active, registered_utc) VALUES ($u, $h, 1, $at)",
                ("$u", uid), ("$h", household), ("$at", Sql.Utc(Now)));
            if (inserted == 1)
            {
                w.AfterCommit(() => w.CardHouseholds[uid] = household);
            }
        }
    }
}
