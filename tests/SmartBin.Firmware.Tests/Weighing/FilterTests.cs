using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Firmware.Core.Weighing;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>The median, the moving average and the stability window, each against a plain reference.</summary>
public sealed class FilterTests
{
    private static readonly Gen<int[]> Counts24 =
        Gen.Choose(-8388608, 8388607).ArrayOf().Where(counts => counts.Length > 0);

    [Fact]
    public void Median_equals_the_middle_of_the_sorted_recent_window()
    {
        Prop.ForAll(Counts24.ToArbitrary(), Gen.Elements(1, 3, 5, 7, 15).ToArbitrary(), (counts, window) =>
        {
            var median = new MedianFilter(window);
            for (int i = 0; i < counts.Length; i++)
            {
                int[] recent = counts.Skip(Math.Max(0, i + 1 - window)).Take(Math.Min(i + 1, window)).Order().ToArray();
                Assert.Equal(recent[(recent.Length - 1) / 2], median.Add(counts[i]));
            }
        }).Check(SeededProperty.Config(seed: 3, testCount: 300));
    }

    [Fact]
    public void Median_of_three_drops_every_single_sample_spike()
    {
        var median = new MedianFilter(3);
        var outputs = new int[200];
        for (int i = 0; i < outputs.Length; i++)
        {
            bool spike = i % 7 == 3;
            outputs[i] = median.Add(spike ? 8000000 * (i % 2 == 0 ? 1 : -1) : 1000 + i % 2);
        }

        Assert.All(outputs.Skip(1), output => Assert.InRange(output, 1000, 1001));
    }

    [Fact]
    public void Median_of_five_drops_two_consecutive_spikes()
    {
        var median = new MedianFilter(5);
        int[] counts = [500, 500, 500, 9000, 9000, 500, 500, 500, -9000, -9000, 500];

        Assert.All(counts.Select(median.Add), output => Assert.Equal(500, output));
    }

    [Fact]
    public void Single_sample_spikes_from_the_cell_never_move_the_weight_or_break_stability()
    {
        var rig = new ScaleRig();
        rig.Cell.SetLoadGrams(2000);
        rig.RunMs(3000);
        Assert.True(rig.Pipeline.IsStable);
        int grossBeforeGrams = rig.Pipeline.GrossGrams;

        for (int i = 0; i < 20; i++)
        {
            rig.Cell.InjectSpikeCounts(i % 2 == 0 ? 500_000 : -500_000); // ±4.3 kg for one conversion
            rig.RunMs(300);
            Assert.True(rig.Pipeline.IsStable);
            Assert.InRange(rig.Pipeline.GrossGrams, grossBeforeGrams - rig.E, grossBeforeGrams + rig.E);
        }
    }

    [Fact]
    public void Moving_average_equals_the_mean_of_the_recent_window_however_long_it_runs()
    {
        Prop.ForAll(Counts24.ToArbitrary(), Gen.Choose(1, WeighingConfig.AverageWindowSamplesMax).ToArbitrary(),
            (counts, window) =>
            {
                var average = new MovingAverage(window);
                for (int repeat = 0; repeat < 20; repeat++)
                {
                    foreach (int value in counts)
                    {
                        average.Add(value);
                    }
                }

                double expected = Enumerable.Repeat(counts, 20).SelectMany(c => c).TakeLast(window).Average(c => (double)c);
                Assert.Equal(expected, average.Mean(), precision: 6);
            }).Check(SeededProperty.Config(seed: 5, testCount: 200));
    }

    [Fact]
    public void Stable_needs_a_full_window_within_one_band()
    {
        var stability = new StabilityDetector(stableMs: 1000, windowSamples: 10, bandGrams: 10);
        for (long t = 0; t < 1000; t += 100)
        {
            stability.Add(500 + t % 200 / 100 * 10, t); // 500, 510, 500, ...: exactly one band wide
            Assert.False(stability.IsStable, $"stable after only {t} ms");
        }

        stability.Add(505, 1000);
        Assert.True(stability.IsStable);
        Assert.Equal(1000, stability.StableSinceMs);

        stability.Add(511, 1100); // 11 g above the lowest reading still in the window
        Assert.False(stability.IsStable);
    }

    [Fact]
    public void A_settling_reading_is_stable_one_window_after_it_enters_the_band_not_after_the_last_excursion()
    {
        var stability = new StabilityDetector(stableMs: 1000, windowSamples: 10, bandGrams: 10);
        double[] readings = [0, 400, 800, 950, 995, 1000, 1002, 1001, 1000, 999, 1000, 1001, 1000, 1000, 1000, 1000, 1000];
        long stableAtMs = -1;
        for (int i = 0; i < readings.Length && stableAtMs < 0; i++)
        {
            stability.Add(readings[i], i * 100L);
            stableAtMs = stability.IsStable ? i * 100L : -1;
        }

        // 995 g at 400 ms is the first reading within 10 g of all that follow: stable a window later.
        Assert.Equal(1400, stableAtMs);
    }

    [Fact]
    public void Samples_arriving_faster_than_the_history_covers_are_never_stable()
    {
        var stability = new StabilityDetector(stableMs: 1000, windowSamples: 10, bandGrams: 10);
        for (long t = 0; t < 5000; t += 10)
        {
            stability.Add(100, t);
        }

        Assert.False(stability.IsStable);
    }

    [Fact]
    public void Stability_refuses_time_going_backwards()
    {
        var stability = new StabilityDetector(stableMs: 1000, windowSamples: 10, bandGrams: 10);
        stability.Add(1, 500);
        Assert.Throws<ArgumentOutOfRangeException>(() => stability.Add(1, 499));
    }
}
