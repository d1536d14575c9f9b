using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.TimeSeries.Sqlite;

/// <summary>Schema, roll-up SQL and the chart reader of the SQLite backend.</summary>
public sealed partial class SqliteTimeSeriesStore : ITimeSeriesReader, ITimeSeriesSink
{
    // value has no declared type, so SQLite keeps each value's own type (a string "123" stays a string).
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS series(
            id INTEGER PRIMARY KEY, measurement TEXT NOT NULL, tags TEXT NOT NULL, bin TEXT NOT NULL,
            UNIQUE(measurement, tags));
        CREATE INDEX IF NOT EXISTS series_bin ON series(bin, measurement);
        CREATE TABLE IF NOT EXISTS points(
            series_id INTEGER NOT NULL, field TEXT NOT NULL, ts_ns INTEGER NOT NULL, kind INTEGER NOT NULL, value,
            PRIMARY KEY(series_id, field, ts_ns)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS points_ts ON points(ts_ns);
        CREATE TABLE IF NOT EXISTS rollups(
            series_id INTEGER NOT NULL, field TEXT NOT NULL, hour_ns INTEGER NOT NULL, n INTEGER NOT NULL,
            min REAL, max REAL, sum REAL, last REAL, last_ts INTEGER NOT NULL,
            PRIMARY KEY(series_id, field, hour_ns)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS rollups_hour ON rollups(hour_ns);
        CREATE TABLE IF NOT EXISTS rollup_state(id INTEGER PRIMARY KEY CHECK (id = 1), watermark_ns INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dirty_hours(hour_ns INTEGER PRIMARY KEY);
        """;

    // Per series, field and hour over raw points in [$from, $to): numeric and boolean kinds only (kind 4 = string).
    private const string AggregateSql = """
        SELECT g.series_id, g.field, g.hour_ns, g.n, g.mn, g.mx, g.sm, p.value AS last, g.last_ts FROM (
            SELECT series_id, field, (ts_ns / 3600000000000) * 3600000000000 AS hour_ns, count(*) AS n,
                   min(value) AS mn, max(value) AS mx, total(value) AS sm, max(ts_ns) AS last_ts
            FROM points WHERE ts_ns >= $from AND ts_ns < $to AND kind <> 4 {0}
            GROUP BY series_id, field, hour_ns) g
        JOIN points p ON p.series_id = g.series_id AND p.field = g.field AND p.ts_ns = g.last_ts
        """;

    private static readonly string RollUpSql =
        "INSERT OR REPLACE INTO rollups(series_id, field, hour_ns, n, min, max, sum, last, last_ts) " + string.Format(null, AggregateSql, "");

    private const string SeriesFilter = "AND field = $field AND series_id IN (SELECT id FROM series WHERE bin = $bin AND measurement = $m)";

    /// <inheritdoc />
    Task ITimeSeriesSink.WriteAsync(IReadOnlyList<TimeSeriesPoint> points, CancellationToken cancellationToken) => WriteAsync(points);

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesSample>> ReadAsync(SeriesQuery query, CancellationToken cancellationToken) =>
        Task.Run(() => query.Resolution == SeriesResolution.Raw ? ReadRaw(query) : ReadHourly(query), cancellationToken);

    private IReadOnlyList<SeriesSample> ReadRaw(SeriesQuery q)
    {
        using var connection = Open();
        using var command = Command(connection, $"""
            SELECT ts_ns, value FROM points WHERE ts_ns >= $from AND ts_ns < $to AND kind <> 4 {SeriesFilter}
            ORDER BY ts_ns LIMIT {ITimeSeriesReader.SamplesMax}
            """, q);
        using var rows = command.ExecuteReader();
        var samples = new List<SeriesSample>();
        while (rows.Read())
        {
            var value = rows.GetDouble(1);
            samples.Add(new SeriesSample(TimeSeriesPoint.FromUnixNanoseconds(rows.GetInt64(0)), value, value, value, value, 1));
        }
        return samples;
    }

    // Closed hours come from the roll-ups; hours at or after the watermark (the open hour, or before the first
    // maintenance run) are aggregated from raw points on the fly, so a chart never lacks its latest hour.
    private IReadOnlyList<SeriesSample> ReadHourly(SeriesQuery q)
    {
        var watermark = watermarkNs ?? long.MinValue;
        using var connection = Open();
        using var command = Command(connection, $"""
            SELECT hour_ns, n, min, max, sum, last, last_ts FROM rollups
             WHERE hour_ns >= $fromHour AND hour_ns < $to AND hour_ns < $watermark {SeriesFilter}
            UNION ALL
            SELECT hour_ns, n, mn, mx, sm, last, last_ts FROM ({string.Format(null, AggregateSql, SeriesFilter + " AND ts_ns >= $watermark")})
            ORDER BY 1
            """, q);
        var fromHour = FloorHour(TimeSeriesPoint.ToUnixNanoseconds(q.FromUtc));
        command.Parameters.AddWithValue("$fromHour", fromHour);
        command.Parameters["$from"].Value = fromHour; // whole hours on both sides of the watermark
        command.Parameters.AddWithValue("$watermark", watermark);
        using var rows = command.ExecuteReader();
        var samples = new List<SeriesSample>();
        var hour = new HourAccumulator();
        while (rows.Read() && samples.Count < ITimeSeriesReader.SamplesMax)
        {
            var hourNs = rows.GetInt64(0);
            if (hour.Count > 0 && hour.HourNs != hourNs)
            {
                samples.Add(hour.ToSample());
                hour = new HourAccumulator();
            }
            hour.Add(hourNs, rows.GetInt64(1), rows.GetDouble(2), rows.GetDouble(3), rows.GetDouble(4), rows.GetDouble(5), rows.GetInt64(6));
        }
        if (hour.Count > 0 && samples.Count < ITimeSeriesReader.SamplesMax)
        {
            samples.Add(hour.ToSample());
        }
        return samples;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SeriesQuery q)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", TimeSeriesPoint.ToUnixNanoseconds(q.FromUtc));
        command.Parameters.AddWithValue("$to", TimeSeriesPoint.ToUnixNanoseconds(q.ToUtc));
        command.Parameters.AddWithValue("$bin", q.BinId);
        command.Parameters.AddWithValue("$m", q.Measurement);
        command.Parameters.AddWithValue("$field", q.Field);
        return command;
    }

    /// <summary>Merges the per-series rows of one hour into one sample (a bin may have several series per measurement).</summary>
    private sealed class HourAccumulator
    {
        private double min = double.PositiveInfinity, max = double.NegativeInfinity, sum, last;
        private long lastTs = long.MinValue;

        public long HourNs { get; private set; }

        public long Count { get; private set; }

        public void Add(long hourNs, long n, double mn, double mx, double sm, double lastValue, long lastTsNs)
        {
            HourNs = hourNs;
            Count += n;
            min = Math.Min(min, mn);
            max = Math.Max(max, mx);
            sum += sm;
            if (lastTsNs >= lastTs)
            {
                (last, lastTs) = (lastValue, lastTsNs);
            }
        }

        public SeriesSample ToSample() => new(TimeSeriesPoint.FromUnixNanoseconds(HourNs), min, max, sum / Count, last, Count);
    }
}

/// <summary>Small ADO.NET helpers for the time series store.</summary>
internal static class SqliteCommandExtensions
{
    public static long? ExecuteScalarLong(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : null;
    }

    public static int ExecuteNonQuery(this SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteNonQuery();
    }
}
