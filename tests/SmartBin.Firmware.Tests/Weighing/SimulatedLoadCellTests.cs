using System;
using System.Linq;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>The simulated cell behaves like the chip the pipeline is tested against.</summary>
public sealed class SimulatedLoadCellTests
{
    private static (SimulatedClock Clock, SimulatedLoadCell Cell) NewCell(SimulatedLoadCellOptions options)
    {
        var clock = new SimulatedClock();
        return (clock, new SimulatedLoadCell(clock, options));
    }

    private static double GramsOf(int counts, SimulatedLoadCellOptions options) =>
        (counts - options.OffsetCounts) / options.CountsPerGram;

    [Fact]
    public void One_conversion_per_sample_period_and_not_ready_between()
    {
        var (clock, cell) = NewCell(new SimulatedLoadCellOptions());

        clock.Advance(100);
        Assert.Equal(ScaleReadStatus.Ok, cell.Read(out _));
        Assert.Equal(ScaleReadStatus.NotReady, cell.Read(out _));
        clock.Advance(50);
        Assert.Equal(ScaleReadStatus.NotReady, cell.Read(out _));
        clock.Advance(50);
        Assert.Equal(ScaleReadStatus.Ok, cell.Read(out _));
    }

    [Fact]
    public void A_load_settles_to_its_weight_by_the_settled_time()
    {
        var options = new SimulatedLoadCellOptions { NoiseSigmaGrams = 0, CreepFraction = 0 };
        var (clock, cell) = NewCell(options);
        cell.SetLoadGrams(20000);
        long settledMs = cell.SettledAtMs(toleranceGrams: 2.5);
        Assert.InRange(settledMs, 500, 1500); // the brief's "about 0.5 to 1 s" for a large load

        double worstEarlyGrams = 0;
        while (clock.UptimeMs < settledMs + 2000)
        {
            clock.Advance(100);
            Assert.Equal(ScaleReadStatus.Ok, cell.Read(out int counts));
            double errorGrams = Math.Abs(GramsOf(counts, options) - 20000);
            if (clock.UptimeMs >= settledMs)
            {
                Assert.True(errorGrams <= 2.5 + 0.5, $"{errorGrams:F2} g off at {clock.UptimeMs} ms"); // + rounding
            }
            else
            {
                worstEarlyGrams = Math.Max(worstEarlyGrams, errorGrams);
            }
        }

        Assert.True(worstEarlyGrams > 1000, "the load must visibly move before it settles");
    }

    [Fact]
    public void Noise_has_the_configured_spread_and_the_same_seed_gives_the_same_counts()
    {
        var options = new SimulatedLoadCellOptions { Seed = 42, NoiseSigmaGrams = 3, CreepFraction = 0 };
        int[] first = ReadMany(options, 5000);
        int[] second = ReadMany(options, 5000);

        double[] grams = first.Select(counts => GramsOf(counts, options)).ToArray();
        double mean = grams.Average();
        double sigma = Math.Sqrt(grams.Select(g => (g - mean) * (g - mean)).Average());
        Assert.InRange(mean, -0.2, 0.2);
        Assert.InRange(sigma, 2.85, 3.15);
        Assert.Equal(first, second);
        Assert.NotEqual(first, ReadMany(new SimulatedLoadCellOptions { Seed = 43 }, 5000));
    }

    private static int[] ReadMany(SimulatedLoadCellOptions options, int count)
    {
        var (clock, cell) = NewCell(options);
        var counts = new int[count];
        for (int i = 0; i < count; i++)
        {
            clock.Advance(100);
            Assert.Equal(ScaleReadStatus.Ok, cell.Read(out counts[i]));
        }

        return counts;
    }

    [Theory]
    [InlineData(80000, SimulatedLoadCell.FullScalePositiveCounts)]
    [InlineData(-80000, SimulatedLoadCell.FullScaleNegativeCounts)]
    public void Signals_beyond_the_adc_range_read_as_the_full_scale_code(double grams, int fullScaleCounts)
    {
        var (clock, cell) = NewCell(new SimulatedLoadCellOptions());
        cell.SetLoadGrams(grams);
        clock.Advance(5000);

        Assert.Equal(ScaleReadStatus.Saturated, cell.Read(out int counts));
        Assert.Equal(fullScaleCounts, counts);
    }

    [Fact]
    public void Unplugged_reads_are_lost_until_plugged_in()
    {
        var (clock, cell) = NewCell(new SimulatedLoadCellOptions());
        cell.Unplug();
        clock.Advance(1000);
        Assert.Equal(ScaleReadStatus.Lost, cell.Read(out _));

        cell.PlugIn();
        clock.Advance(100);
        Assert.Equal(ScaleReadStatus.Ok, cell.Read(out _));
    }

    [Fact]
    public void Creep_and_drift_accumulate_and_show_in_the_counts()
    {
        var options = new SimulatedLoadCellOptions
        {
            NoiseSigmaGrams = 0, CreepFraction = 0.001, CreepTimeConstantMs = 60_000, ZeroDriftGramsPerSecond = 0.01,
        };
        var (clock, cell) = NewCell(options);
        cell.SetLoadGrams(10000);
        clock.Advance(600_000); // ten creep time constants, 6 g of drift
        Assert.Equal(ScaleReadStatus.Ok, cell.Read(out int counts));

        Assert.Equal(10.0, cell.CreepGrams, precision: 2); // 0.1 % of 10 kg
        Assert.Equal(6.0, cell.DriftGrams, precision: 6);
        Assert.Equal(10016, GramsOf(counts, options), precision: 1);
    }

    [Fact]
    public void A_spike_affects_exactly_one_conversion()
    {
        var options = new SimulatedLoadCellOptions { NoiseSigmaGrams = 0 };
        var (clock, cell) = NewCell(options);
        cell.InjectSpikeCounts(100_000);

        clock.Advance(100);
        cell.Read(out int spiked);
        clock.Advance(100);
        cell.Read(out int after);

        Assert.Equal(options.OffsetCounts + 100_000, spiked);
        Assert.Equal(options.OffsetCounts, after);
    }
}
