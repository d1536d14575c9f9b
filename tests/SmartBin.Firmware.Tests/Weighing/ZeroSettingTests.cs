using System;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Weighing;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>Zero setting (within 4 % of Max, only when stable) and zero tracking (≤ 0.5 e/s, only at zero).</summary>
public sealed class ZeroSettingTests
{
    private const long SettleMs = 3000;

    private static ScaleRig RestingRig(double loadGrams)
    {
        var rig = new ScaleRig();
        rig.Cell.SetLoadGrams(loadGrams);
        rig.RunMs(SettleMs);
        Assert.True(rig.Pipeline.IsStable);
        return rig;
    }

    // Power-up zero on the empty scale, then (optionally) a load, then the drift starts.
    private static ScaleRig DriftingRig(double loadGrams, double driftGramsPerSecond, double noiseSigmaGrams = 3)
    {
        var rig = new ScaleRig(new SimulatedLoadCellOptions { NoiseSigmaGrams = noiseSigmaGrams });
        rig.RunMs(SettleMs);
        Assert.True(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out _));
        if (loadGrams != 0)
        {
            rig.Cell.SetLoadGrams(loadGrams);
            Assert.True(rig.RunUntilStableAgain(SettleMs));
        }

        rig.Cell.ZeroDriftGramsPerSecond = driftGramsPerSecond;
        return rig;
    }

    [Theory]
    [InlineData(1000)] // 3.3 % of 30 kg
    [InlineData(-1000)]
    [InlineData(0)]
    public void Zero_is_set_within_four_percent_of_max(double loadGrams)
    {
        ScaleRig rig = RestingRig(loadGrams);

        Assert.True(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out string? error));

        Assert.Null(error);
        Assert.InRange(rig.Pipeline.ZeroOffsetGrams, loadGrams - rig.E / 2, loadGrams + rig.E / 2);
        Assert.InRange(rig.Pipeline.GrossGrams, -rig.E / 2, rig.E / 2);
    }

    [Theory]
    [InlineData(1300)] // 4.3 % of 30 kg: a load, not a zero
    [InlineData(-1300)]
    public void Zero_is_refused_beyond_four_percent_of_max(double loadGrams)
    {
        ScaleRig rig = RestingRig(loadGrams);
        int grossBeforeGrams = rig.Pipeline.GrossGrams;

        Assert.False(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out string? error));

        Assert.Equal(WeighingPipeline.ErrorOutOfZeroRange, error);
        Assert.Equal(0, rig.Pipeline.ZeroOffsetGrams);
        Assert.Equal(grossBeforeGrams, rig.Pipeline.GrossGrams);
        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault); // a load in the bin is not a scale fault
    }

    [Fact]
    public void Zero_is_refused_while_the_weight_moves()
    {
        ScaleRig rig = RestingRig(0);
        rig.Cell.AddLoadGrams(500);
        rig.RunMs(300);
        double zeroBeforeGrams = rig.Pipeline.ZeroOffsetGrams;

        Assert.False(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out string? error));

        Assert.Equal(WeighingPipeline.ErrorUnstable, error);
        Assert.Equal(zeroBeforeGrams, rig.Pipeline.ZeroOffsetGrams);
    }

    [Fact]
    public void Zero_is_refused_without_a_reading()
    {
        var rig = new ScaleRig();
        Assert.False(rig.Pipeline.TrySetZero(0, out string? beforeFirstSample));
        Assert.Equal(WeighingPipeline.ErrorNoReading, beforeFirstSample);

        rig.RunMs(SettleMs);
        rig.Cell.Unplug();
        rig.RunMs(rig.Config.SensorLostMs + 200);
        Assert.False(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out string? whileLost));
        Assert.Equal(WeighingPipeline.ErrorNoReading, whileLost);
    }

    // Real drift (temperature, ageing) is a few e per hour; 0.1 e/s is already fast for a load cell. With the
    // default noise (0.3 e) that is what tracking must follow without ever losing zero.
    [Fact]
    public void Tracking_follows_slow_drift_at_zero()
    {
        ScaleRig rig = DriftingRig(0, driftGramsPerSecond: 0.1 * 10);

        double[] zeroPerSecondGrams = RunSeconds(rig, seconds: 300, checkGross: true);

        AssertTracked(rig, zeroPerSecondGrams);
    }

    // Without noise, tracking keeps up with drift right up to its 0.5 e/s limit.
    [Fact]
    public void Tracking_follows_a_clean_drift_just_below_the_rate_limit()
    {
        ScaleRig rig = DriftingRig(0, driftGramsPerSecond: 0.45 * 10, noiseSigmaGrams: 0);

        double[] zeroPerSecondGrams = RunSeconds(rig, seconds: 60, checkGross: true);

        AssertTracked(rig, zeroPerSecondGrams);
    }

    private static void AssertTracked(ScaleRig rig, double[] zeroPerSecondGrams)
    {
        double trackedGrams = zeroPerSecondGrams[^1] - zeroPerSecondGrams[0];
        Assert.True(rig.Cell.DriftGrams > 20 * rig.E, "the drift must have been worth tracking");
        Assert.InRange(trackedGrams, rig.Cell.DriftGrams - rig.E, rig.Cell.DriftGrams + rig.E);
        AssertRateWithinLimit(zeroPerSecondGrams, rig.E);
    }

    [Fact]
    public void Tracking_never_follows_drift_under_load()
    {
        ScaleRig rig = DriftingRig(5000, driftGramsPerSecond: 3);
        double zeroBeforeGrams = rig.Pipeline.ZeroOffsetGrams;
        int grossBeforeGrams = rig.Pipeline.GrossGrams;

        RunSeconds(rig, seconds: 20, checkGross: false);

        Assert.Equal(zeroBeforeGrams, rig.Pipeline.ZeroOffsetGrams);
        Assert.InRange(rig.Pipeline.GrossGrams - grossBeforeGrams, 50, 70); // 20 s × 3 g/s, shown, not hidden
    }

    [Theory]
    [InlineData(8)] // 0.8 e/s: stable enough to track, but faster than the limit
    [InlineData(20)] // 2 e/s: motion, never tracked
    public void Tracking_never_moves_zero_faster_than_half_an_e_per_second(double driftGramsPerSecond)
    {
        ScaleRig rig = DriftingRig(0, driftGramsPerSecond);
        double zeroBeforeGrams = rig.Pipeline.ZeroOffsetGrams;

        double[] zeroPerSecondGrams = RunSeconds(rig, seconds: 20, checkGross: false);

        AssertRateWithinLimit(zeroPerSecondGrams, rig.E);
        double untrackedGrams = rig.Cell.DriftGrams - (rig.Pipeline.ZeroOffsetGrams - zeroBeforeGrams);
        Assert.True(untrackedGrams > 10 * rig.E, $"only {untrackedGrams:F1} g of a fast drift may stay untracked");
        Assert.True(rig.Pipeline.GrossGrams > 10 * rig.E);
    }

    [Fact]
    public void Tracking_stops_at_the_edge_of_the_zero_range_and_says_so()
    {
        ScaleRig rig = DriftingRig(0, driftGramsPerSecond: 1);
        double rangeGrams = rig.Config.MaxGrams * ZeroTracker.ZeroRangePercentOfMax / 100.0;

        RunSeconds(rig, seconds: 1300, checkGross: false); // 1300 g of drift: past the 1200 g range

        Assert.Equal(rangeGrams, rig.Pipeline.ZeroOffsetGrams);
        Assert.Equal(ScaleFault.ZeroOutOfRange, rig.Pipeline.Fault);
        Assert.True(rig.Pipeline.HasReading, "a drifted zero still gives readings; nets are differences");
    }

    // Polls second by second and returns the zero at the end of each second.
    private static double[] RunSeconds(ScaleRig rig, int seconds, bool checkGross)
    {
        var zeroGrams = new double[seconds + 1];
        zeroGrams[0] = rig.Pipeline.ZeroOffsetGrams;
        for (int second = 1; second <= seconds; second++)
        {
            rig.RunMs(1000);
            zeroGrams[second] = rig.Pipeline.ZeroOffsetGrams;
            if (checkGross)
            {
                Assert.InRange(rig.Pipeline.GrossGrams, -rig.E, rig.E);
            }
        }

        return zeroGrams;
    }

    private static void AssertRateWithinLimit(double[] zeroPerSecondGrams, double eGrams)
    {
        double limitGrams = ZeroTracker.TrackingRateEPerSecondMax * eGrams + 1e-9;
        for (int second = 1; second < zeroPerSecondGrams.Length; second++)
        {
            double movedGrams = Math.Abs(zeroPerSecondGrams[second] - zeroPerSecondGrams[second - 1]);
            Assert.True(movedGrams <= limitGrams, $"zero moved {movedGrams:F2} g in second {second}");
        }
    }
}
