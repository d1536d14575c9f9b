using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// Bulk data for the reporting benchmark, written straight into a migrated store in one transaction with prepared
/// statements (not through ingest): bins over the two pilot communities, households with a card and a resident each,
/// and a year of drop-offs. The migration's triggers keep the day totals as they would at ingest; the household day
/// totals (daily caps, participation) are written as ingest would have left them.
/// </summary>
internal sealed class ReportingSeeder(string databasePath, int bins, int households, int dropOffsPerDay, DateOnly firstDay, int days, int seed)
{
    private static readonly string[] Communities = ["baiyun", "xiahang"];
    private static readonly string[] Materials = ["PET", "HDPE", "PP", "MIXED"];
    private static readonly int[] PointsPerKg = [80, 80, 70, 70];
    private static readonly int[] Co2ePerKg = [1_170, 860, 890, 1_050];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    private static readonly string[] Given = ["小明", "建国", "丽", "伟", "芳", "秀英", "磊", "静", "强", "敏"];

    /// <summary>Writes everything; returns the drop-offs written.</summary>
    public long Run()
    {
        var random = new Random(seed);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // A big page cache: the year's index pages stay in memory instead of spilling to the WAL on every insert.
            pragma.CommandText = "PRAGMA cache_size=-1048576";
            pragma.ExecuteNonQuery();
        }
        using var tx = connection.BeginTransaction();
        var clock = Stopwatch.StartNew();
        Registry(connection, tx);
        var written = DropOffs(connection, tx, random);
        tx.Commit();
        Console.WriteLine($"seeded {bins} bins, {households} households, {written:N0} drop-offs over {days} days in {clock.Elapsed.TotalSeconds:F1} s");
        return written;
    }

    /// <summary>Community of household <paramref name="h"/>: the first 4,303 of every 9,003 are Baiyun's, as in the pilot.</summary>
    private static int CommunityOf(int h) => h % 9_003 < 4_303 ? 0 : 1;

    private void Registry(SqliteConnection connection, SqliteTransaction tx)
    {
        using var bin = Prepare(connection, tx,
            "INSERT INTO bins (id, community_id, material, location, lat, lon, capacity_grams, fill_alert_pct, active) VALUES ($0, $1, $2, $3, NULL, NULL, 30000, 80, 1)", 4);
        for (var b = 0; b < bins; b++)
        {
            Run(bin, BinId(b), Communities[b % 2], Materials[b / 2 % 4], $"point {b / 2 + 1}");
        }
        using var household = Prepare(connection, tx, "INSERT INTO households (id, community_id, label) VALUES ($0, $1, $2)", 3);
        using var resident = Prepare(connection, tx, "INSERT INTO residents (id, household_id, name) VALUES ($0, $1, $2)", 3);
        using var card = Prepare(connection, tx, "INSERT INTO cards (uid, household_id, active, registered_utc) VALUES ($0, $1, 1, '2025-06-01T00:00:00.0000000Z')", 2);
        for (var h = 0; h < households; h++)
        {
            var id = HouseholdId(h);
            Run(household, id, Communities[CommunityOf(h)], $"household {h}");
            Run(resident, "r-" + id, id, Surnames[h % 10] + Given[h / 10 % 10]);
            Run(card, CardUid(h), id);
        }
    }

    private long DropOffs(SqliteConnection connection, SqliteTransaction tx, Random random)
    {
        using var insert = Prepare(connection, tx,
            "INSERT INTO dropoffs (bin_id, seq, received_utc, occurred_utc, session_start_utc, session_end_utc, community_id, bin_location, " +
            "card_uid, household_id, material, gross_before_grams, gross_after_grams, net_grams, items, flags, calibration_version, firmware, " +
            "outcome, reason, points, gco2e, price_version, factor_version, rule_set_version, notes, idempotency_key, local_day) VALUES " +
            "($0, $1, $2, $3, $3, $3, $4, $5, $6, $7, $8, 1000, $9, $10, 1, 0, 1, '1.0.0', $11, $12, $13, $14, 'prices-2026-01', 'epa-warm-v16', " +
            "'rules-2026-01', '', $15, $16)", 17);
        using var householdDay = Prepare(connection, tx, "INSERT INTO household_day (household_id, day, grams, points) VALUES ($0, $1, $2, $3)", 4);
        var seqs = new long[bins];
        long written = 0;
        var perCommunity = bins / 2;
        for (var d = 0; d < days; d++)
        {
            var day = firstDay.AddDays(d);
            var localMidnightUtc = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
            var dayKey = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var credits = new Dictionary<int, (long Grams, long Points)>();
            for (var n = 0; n < dropOffsPerDay; n++)
            {
                // Skewed: a quarter of the households bring most of the plastic, many come rarely or never.
                var rank = (int)(households * Math.Pow(random.NextDouble(), 2.2));
                // Spread the busy ranks over both communities (7,919 is prime, so this permutes the households).
                var h = (int)((long)rank * 7_919 % households);
                var community = CommunityOf(h);
                var b = (random.Next(perCommunity) * 2) + community;
                var material = b / 2 % 4;
                var net = 300 + (int)(random.NextDouble() * random.NextDouble() * 7_000);
                var at = localMidnightUtc.AddSeconds(6 * 3600 + random.Next(16 * 3600));
                var roll = random.Next(1_000);
                var (outcome, reason) = roll switch { < 960 => ("credited", ""), < 980 => ("held", "daily-cap"), < 990 => ("suspense", "unknown-card"), < 995 => ("rejected", "non-positive-net"), _ => ("recorded", "unattributed") };
                var credited = outcome is "credited" or "held" or "suspense";
                var points = credited ? (long)net * PointsPerKg[material] / 1000 : 0;
                var co2e = credited ? (long)net * Co2ePerKg[material] / 1000 : 0;
                var seq = ++seqs[b];
                var text = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                Run(insert, BinId(b), seq, text, text, Communities[community], $"point {b / 2 + 1}", outcome == "suspense" ? "EE" + h.ToString("X6", CultureInfo.InvariantCulture) : CardUid(h),
                    outcome == "suspense" ? null : HouseholdId(h), Materials[material], 1000 + net, net, outcome, reason, points, co2e, $"{BinId(b)}:{seq}", dayKey);
                written++;
                if (outcome == "credited")
                {
                    var (g, p) = credits.GetValueOrDefault(h);
                    credits[h] = (g + net, p + points);
                }
            }
            foreach (var (h, (g, p)) in credits)
            {
                Run(householdDay, HouseholdId(h), dayKey, g, p);
            }
        }
        return written;
    }

    private static string BinId(int b) => string.Create(CultureInfo.InvariantCulture, $"{(b % 2 == 0 ? "baiyun" : "xiahang")}-{b / 2 + 1:D4}");

    private static string HouseholdId(int h) => string.Create(CultureInfo.InvariantCulture, $"hh-{h:D6}");

    private static string CardUid(int h) => string.Create(CultureInfo.InvariantCulture, $"C0{h:X6}");

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value));
        }
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }
}
