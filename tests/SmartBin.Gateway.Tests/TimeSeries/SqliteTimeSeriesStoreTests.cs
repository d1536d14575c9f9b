using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Sqlite;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

public sealed class SqliteTimeSeriesStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly string dir = Directory.CreateTempSubdirectory("smartbin-tsdb-").FullName;
    private readonly FakeTimeProvider clock = new(Start);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    private SqliteTimeSeriesStore NewStore(int rawDays = 30, int rollupDays = 730) => new(dir, rawDays, rollupDays, clock);

    private static TimeSeriesPoint Fill(string bin, DateTimeOffset at, int fillPct, bool stable = true) =>
        new(BinPoints.Telemetry, [new("bin", bin)],
            [new("fill_pct", FieldValue.Of(fillPct)), new("stable", FieldValue.Of(stable)), new("scale_fault", FieldValue.Of("x"))],
            TimeSeriesPoint.ToUnixNanoseconds(at));

    private static Task<IReadOnlyList<SeriesSample>> Read(SqliteTimeSeriesStore store, SeriesResolution resolution, string field = "fill_pct") =>
        store.ReadAsync(new SeriesQuery("b1", BinPoints.Telemetry, field, Start.AddDays(-60), Start.AddDays(60), resolution), CancellationToken.None);

    [Fact]
    public async Task Raw_points_read_back_in_time_order_for_one_bin_only()
    {
        var store = NewStore();
        store.Write([Fill("b1", Start.AddMinutes(2), 30), Fill("b1", Start.AddMinutes(1), 20), Fill("b2", Start, 99)]);
        var samples = await Read(store, SeriesResolution.Raw);
        Assert.Equal([20.0, 30.0], samples.Select(s => s.Last));
        Assert.Equal(Start.AddMinutes(1), samples[0].AtUtc);
        Assert.Empty(await Read(store, SeriesResolution.Raw, "scale_fault")); // strings are not chart values
    }

    [Fact]
    public async Task A_series_is_found_again_whatever_the_order_of_its_tags_and_tags_that_only_concatenate_alike_stay_apart()
    {
        var store = NewStore();
        TimeSeriesPoint Point(KeyValuePair<string, string>[] tags, int fillPct, int minute) =>
            new(BinPoints.Telemetry, tags, [new("fill_pct", FieldValue.Of(fillPct))], TimeSeriesPoint.ToUnixNanoseconds(Start.AddMinutes(minute)));
        store.Write([Point([new("bin", "b1"), new("site", "x")], 10, 1)]);
        store.Write([Point([new("site", "x"), new("bin", "b1")], 20, 2)]); // same series, other order: cached under a second key
        store.Write([Point([new("bin", "b1"), new("site", "x")], 30, 3)]);
        // "bin"+"b1s" / "ite"+"x" concatenate like the tags above; the length-prefixed key keeps them a different series.
        store.Write([Point([new("bin", "b1s"), new("ite", "x")], 99, 4)]);
        var samples = await Read(store, SeriesResolution.Raw);
        Assert.Equal([10.0, 20.0, 30.0], samples.Select(s => s.Last));
        Assert.NotEqual(SqliteTimeSeriesStore.CacheKey([new("bin", "b1"), new("site", "x")]), SqliteTimeSeriesStore.CacheKey([new("bin", "b1s"), new("ite", "x")]));
    }

    [Fact]
    public async Task Closed_hours_are_rolled_up_with_min_max_mean_last_and_count()
    {
        var store = NewStore();
        store.Write([Fill("b1", Start.AddMinutes(10), 40), Fill("b1", Start.AddMinutes(50), 10), Fill("b1", Start.AddMinutes(30), 70)]);
        store.Write([Fill("b1", Start.AddMinutes(70), 5, stable: false)]);
        clock.SetUtcNow(Start.AddMinutes(65));
        store.RunMaintenance();
        Assert.Equal(2, store.CountRollups()); // fill_pct and stable for hour 8; scale_fault is a string
        Assert.Equal(Start.AddHours(1), store.RolledUpUntilUtc);

        var hourly = await Read(store, SeriesResolution.Hourly);
        Assert.Equal(new SeriesSample(Start, 10, 70, 40, 10, 3), hourly[0]);
        Assert.Equal(new SeriesSample(Start.AddHours(1), 5, 5, 5, 5, 1), hourly[1]); // open hour, aggregated on the fly
        var stable = await Read(store, SeriesResolution.Hourly, "stable");
        Assert.Equal([1.0, 0.0], stable.Select(s => s.Mean)); // booleans as 0/1
    }

    [Fact]
    public async Task A_late_point_in_a_rolled_up_hour_recomputes_that_hour()
    {
        var store = NewStore();
        store.Write([Fill("b1", Start.AddMinutes(10), 40)]);
        clock.SetUtcNow(Start.AddHours(3));
        store.RunMaintenance();
        Assert.Equal(new SeriesSample(Start, 40, 40, 40, 40, 1), (await Read(store, SeriesResolution.Hourly))[0]);

        store.Write([Fill("b1", Start.AddMinutes(20), 80)]);
        store.RunMaintenance();
        Assert.Equal(new SeriesSample(Start, 40, 80, 60, 80, 2), (await Read(store, SeriesResolution.Hourly))[0]);
    }

    [Fact]
    public void Retention_deletes_old_raw_points_then_old_rollups()
    {
        var store = NewStore(rawDays: 2, rollupDays: 5);
        store.Write([Fill("b1", Start, 1), Fill("b1", Start.AddDays(3), 2)]);
        clock.SetUtcNow(Start.AddDays(3).AddHours(2));
        store.RunMaintenance();
        Assert.Equal(3, store.CountRawPoints()); // only the day-3 point's three fields remain
        Assert.Equal(4, store.CountRollups()); // two hours x (fill_pct, stable); the old hour's roll-up outlives its raw points

        clock.SetUtcNow(Start.AddDays(6));
        store.RunMaintenance();
        Assert.Equal(0, store.CountRawPoints());
        Assert.Equal(2, store.CountRollups());
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_changes_nothing_and_state_survives_reopen()
    {
        var store = NewStore();
        var batch = new[] { Fill("b1", Start, 10), Fill("b1", Start.AddMinutes(1), 20) };
        store.Write(batch);
        store.Write(batch);
        Assert.Equal(6, store.CountRawPoints());
        clock.SetUtcNow(Start.AddHours(2));
        store.RunMaintenance();

        var reopened = NewStore();
        Assert.Equal(Start.AddHours(2), reopened.RolledUpUntilUtc);
        Assert.Equal(new SeriesSample(Start, 10, 20, 15, 20, 2), (await Read(reopened, SeriesResolution.Hourly)).Single());
    }

    [Fact]
    public void The_database_is_its_own_file_in_the_data_directory()
    {
        NewStore().Write([Fill("b1", Start, 1)]);
        Assert.True(File.Exists(Path.Combine(dir, "timeseries.db")));
    }
}
