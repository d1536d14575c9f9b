using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.TimeSeries.Sqlite;

/// <summary>
/// The default time series backend: its own SQLite file (<see cref="FileName"/>, separate from the ledger so chart
/// writes never contend with crediting) holding raw points, hourly roll-ups (count, min, max, sum, last per series
/// and numeric field) and the retention job. Roll-ups are computed incrementally: each maintenance run rolls up the
/// hours closed since the last run, and recomputes an older hour when a late point lands in it.
/// </summary>
public sealed partial class SqliteTimeSeriesStore
{
    /// <summary>Database file inside the data directory.</summary>
    public const string FileName = "timeseries.db";

    /// <summary>Nanoseconds in an hour.</summary>
    public const long HourNs = 3_600_000_000_000;

    private const long DayNs = 24 * HourNs;

    private readonly string connectionString;
    private readonly TimeProvider time;
    private readonly int rawRetentionDays;
    private readonly int rollupRetentionDays;
    // Keyed by the tags as the point lists them (see CacheKey), not by their JSON: serializing every point's tags
    // only to look up a cached id cost more than the lookup. The JSON is computed on a miss only.
    private readonly ConcurrentDictionary<(string Measurement, string TagsKey), long> seriesIds = new();
    private readonly Lock writeGate = new();
    private long? watermarkNs;

    /// <summary>Opens (creating if needed) <see cref="FileName"/> in <paramref name="dataDirectory"/>.</summary>
    public SqliteTimeSeriesStore(string dataDirectory, int rawRetentionDays, int rollupRetentionDays, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rawRetentionDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rollupRetentionDays, 1);
        Directory.CreateDirectory(dataDirectory);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, FileName),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        this.time = time;
        this.rawRetentionDays = rawRetentionDays;
        this.rollupRetentionDays = rollupRetentionDays;
        using var connection = Open();
        Execute(connection, Schema);
        watermarkNs = connection.ExecuteScalarLong("SELECT watermark_ns FROM rollup_state WHERE id = 1");
    }

    /// <summary>End (exclusive) of the hours rolled up so far, or null before the first roll-up.</summary>
    public DateTimeOffset? RolledUpUntilUtc => watermarkNs is { } w ? TimeSeriesPoint.FromUnixNanoseconds(w) : null;

    /// <summary>
    /// Stores points in one transaction. A point with the same series, field and time as a stored one replaces it
    /// (as in InfluxDB), so writing a batch twice changes nothing. Synchronous=NORMAL: chart data is not money.
    /// </summary>
    public void Write(IReadOnlyList<TimeSeriesPoint> points)
    {
        lock (writeGate)
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT OR REPLACE INTO points(series_id, field, ts_ns, kind, value) VALUES ($s, $f, $t, $k, $v)";
            var (s, f, t, k, v) = (insert.Parameters.Add("$s", SqliteType.Integer), insert.Parameters.Add("$f", SqliteType.Text),
                insert.Parameters.Add("$t", SqliteType.Integer), insert.Parameters.Add("$k", SqliteType.Integer), insert.Parameters.Add(new SqliteParameter { ParameterName = "$v" }));
            var lateHours = new HashSet<long>();
            var newSeries = new Dictionary<(string, string), long>();
            foreach (var point in points)
            {
                s.Value = SeriesId(connection, point, newSeries);
                t.Value = point.TimestampNs;
                foreach (var (field, value) in point.Fields)
                {
                    (f.Value, k.Value, v.Value) = (field, (int)value.Kind, StoredValue(value));
                    insert.ExecuteNonQuery();
                }
                if (watermarkNs is { } w && point.TimestampNs < w)
                {
                    lateHours.Add(FloorHour(point.TimestampNs));
                }
            }
            foreach (var hour in lateHours)
            {
                connection.ExecuteNonQuery("INSERT OR IGNORE INTO dirty_hours(hour_ns) VALUES ($h)", ("$h", hour));
            }
            tx.Commit();
            foreach (var (key, id) in newSeries)
            {
                seriesIds[key] = id; // only after commit: a rolled-back series row must not stay cached
            }
        }
    }

    /// <summary>
    /// Rolls up every closed hour not yet rolled up, recomputes hours that received late points (while their raw
    /// points are still kept), then deletes raw points older than the raw retention and roll-ups older than theirs.
    /// </summary>
    public void RunMaintenance()
    {
        var nowNs = TimeSeriesPoint.ToUnixNanoseconds(time.GetUtcNow());
        var closedEndNs = FloorHour(nowNs);
        var rawCutoffNs = nowNs - rawRetentionDays * DayNs;
        lock (writeGate)
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction();
            var fromNs = watermarkNs ?? FloorHour(connection.ExecuteScalarLong("SELECT min(ts_ns) FROM points") ?? closedEndNs);
            if (fromNs < closedEndNs)
            {
                connection.ExecuteNonQuery(RollUpSql, ("$from", fromNs), ("$to", closedEndNs));
            }
            var newWatermark = Math.Max(fromNs, closedEndNs);
            connection.ExecuteNonQuery("INSERT OR REPLACE INTO rollup_state(id, watermark_ns) VALUES (1, $w)", ("$w", newWatermark));
            RecomputeLateHours(connection, newWatermark, rawCutoffNs);
            connection.ExecuteNonQuery("DELETE FROM points WHERE ts_ns < $c", ("$c", rawCutoffNs));
            connection.ExecuteNonQuery("DELETE FROM rollups WHERE hour_ns < $c", ("$c", nowNs - rollupRetentionDays * DayNs));
            tx.Commit();
            watermarkNs = newWatermark;
        }
    }

    /// <summary>Raw points stored (for tests and the status page).</summary>
    public long CountRawPoints() => Count("SELECT count(*) FROM points");

    /// <summary>Roll-up rows stored.</summary>
    public long CountRollups() => Count("SELECT count(*) FROM rollups");

    private long Count(string sql)
    {
        using var connection = Open();
        return connection.ExecuteScalarLong(sql) ?? 0;
    }

    internal Task WriteAsync(IReadOnlyList<TimeSeriesPoint> points) => Task.Run(() => Write(points));

    private static void RecomputeLateHours(SqliteConnection connection, long watermark, long rawCutoffNs)
    {
        var hours = new List<long>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT hour_ns FROM dirty_hours WHERE hour_ns < $w";
            read.Parameters.AddWithValue("$w", watermark);
            using var rows = read.ExecuteReader();
            while (rows.Read())
            {
                hours.Add(rows.GetInt64(0));
            }
        }
        foreach (var hour in hours)
        {
            // An hour whose raw points retention already removed keeps its roll-up: recomputing would lose them.
            if (hour >= rawCutoffNs)
            {
                connection.ExecuteNonQuery("DELETE FROM rollups WHERE hour_ns = $h", ("$h", hour));
                connection.ExecuteNonQuery(RollUpSql, ("$from", hour), ("$to", hour + HourNs));
            }
            connection.ExecuteNonQuery("DELETE FROM dirty_hours WHERE hour_ns = $h", ("$h", hour));
        }
    }

    private long SeriesId(SqliteConnection connection, TimeSeriesPoint point, Dictionary<(string, string), long> newSeries)
    {
        var key = (point.Measurement, CacheKey(point.Tags));
        if (seriesIds.TryGetValue(key, out var id) || newSeries.TryGetValue(key, out id))
        {
            return id;
        }
        var tags = JsonSerializer.Serialize(point.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new[] { t.Key, t.Value }));
        connection.ExecuteNonQuery(
            "INSERT OR IGNORE INTO series(measurement, tags, bin) VALUES ($m, $t, $b)",
            ("$m", point.Measurement), ("$t", tags), ("$b", point.Tag("bin") ?? ""));
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id FROM series WHERE measurement = $m AND tags = $t";
        select.Parameters.AddWithValue("$m", point.Measurement);
        select.Parameters.AddWithValue("$t", tags);
        id = (long)select.ExecuteScalar()!;
        newSeries[key] = id;
        return id;
    }

    /// <summary>
    /// The tags, length-prefixed so no two different tag lists give the same key, in the point's order: the same
    /// series listed in another order only gets a second cache entry (with the same id, found through the JSON).
    /// </summary>
    internal static string CacheKey(IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var key = new System.Text.StringBuilder(64);
        foreach (var (name, value) in tags)
        {
            key.Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
        }
        return key.ToString();
    }

    private static object StoredValue(FieldValue value) => value.Kind switch
    {
        FieldKind.Integer => value.Integer,
        FieldKind.Float => value.Float,
        FieldKind.Boolean => value.Boolean ? 1L : 0L,
        _ => value.Text ?? "",
    };

    internal static long FloorHour(long ns) => ns - (((ns % HourNs) + HourNs) % HourNs);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
