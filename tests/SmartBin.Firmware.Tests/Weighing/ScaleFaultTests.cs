using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Weighing;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>Each fault appears when its cause does and clears by itself when the cause goes away.</summary>
public sealed class ScaleFaultTests
{
    private const long SettleMs = 3000;

    private static ScaleRig RestingRig()
    {
        var rig = new ScaleRig();
        rig.RunMs(SettleMs);
        Assert.True(rig.Pipeline.IsStable);
        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault);
        return rig;
    }

    [Fact]
    public void An_overload_saturates_the_adc_and_recovers_when_removed()
    {
        ScaleRig rig = RestingRig();

        rig.Cell.SetLoadGrams(80000); // 84 000 + 115.4 × 80 000 counts: beyond 2^23
        rig.RunMs(2000);
        Assert.Equal(ScaleFault.Saturated, rig.Pipeline.Fault);
        Assert.False(rig.Pipeline.HasReading);
        Assert.False(rig.Pipeline.IsStable);

        rig.Cell.SetLoadGrams(0);
        Assert.True(rig.RunUntilStable(SettleMs));
        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault);
        Assert.InRange(rig.Pipeline.GrossGrams, -rig.E, rig.E);
    }

    [Theory]
    [InlineData(8388607)]
    [InlineData(-8388608)]
    public void A_full_scale_code_passed_through_as_ok_is_still_saturation(int fullScaleCounts)
    {
        var pipeline = new WeighingPipeline(new WeighingConfig(), new Calibration(0, 100, 1));
        pipeline.AddSample(ScaleReadStatus.Ok, 1000, 0);
        Assert.True(pipeline.HasReading);

        pipeline.AddSample(ScaleReadStatus.Ok, fullScaleCounts, 100);

        Assert.Equal(ScaleFault.Saturated, pipeline.Fault);
        Assert.False(pipeline.HasReading);
    }

    [Fact]
    public void Saturated_counts_never_blend_into_the_first_readings_after_recovery()
    {
        var pipeline = new WeighingPipeline(new WeighingConfig(), new Calibration(0, 100, 1));
        for (int i = 0; i < 20; i++)
        {
            pipeline.AddSample(ScaleReadStatus.Ok, 5_000_000, i * 100L);
        }

        pipeline.AddSample(ScaleReadStatus.Saturated, 8388607, 2000);
        pipeline.AddSample(ScaleReadStatus.Ok, 10_000, 2100);

        Assert.Equal(ScaleFault.None, pipeline.Fault);
        Assert.Equal(100, pipeline.GrossGrams); // only the fresh sample: 10 000 counts / 100
    }

    [Fact]
    public void An_unplugged_sensor_is_a_fault_after_the_lost_time_and_recovers_when_plugged_in()
    {
        ScaleRig rig = RestingRig();

        rig.Cell.Unplug();
        rig.RunMs(rig.Config.SensorLostMs - 100);
        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault); // one late conversion is not a fault
        rig.RunMs(200);
        Assert.Equal(ScaleFault.NoSamples, rig.Pipeline.Fault);
        Assert.False(rig.Pipeline.HasReading);

        rig.Cell.PlugIn();
        rig.Poll();
        rig.Poll();
        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault);
        Assert.True(rig.Pipeline.HasReading);
        Assert.True(rig.RunUntilStable(SettleMs));
    }

    [Fact]
    public void A_chip_that_answers_but_never_converts_is_a_lost_sensor()
    {
        var pipeline = new WeighingPipeline(new WeighingConfig(), new Calibration(0, 100, 1));
        pipeline.AddSample(ScaleReadStatus.Ok, 1000, 0);

        for (long t = 50; t <= 600; t += 50)
        {
            pipeline.AddSample(ScaleReadStatus.NotReady, 0, t);
        }

        Assert.Equal(ScaleFault.NoSamples, pipeline.Fault);
    }

    [Fact]
    public void Drift_beyond_the_zero_range_is_a_fault_that_clears_when_the_drift_comes_back()
    {
        var rig = new ScaleRig(new SimulatedLoadCellOptions { ZeroDriftGramsPerSecond = 4, NoiseSigmaGrams = 0 });
        rig.RunMs(SettleMs);
        Assert.True(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out _));

        rig.RunMs(320_000); // 1280 g of drift at 4 g/s: beyond the 1200 g range
        Assert.Equal(ScaleFault.ZeroOutOfRange, rig.Pipeline.Fault);
        Assert.True(rig.Pipeline.HasReading);

        rig.Cell.ZeroDriftGramsPerSecond = -4;
        rig.RunMs(60_000);
        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault);
        Assert.True(rig.Pipeline.ZeroOffsetGrams < 1200);
    }

    [Fact]
    public void A_new_calibration_clears_the_zero_range_fault()
    {
        var rig = new ScaleRig(new SimulatedLoadCellOptions { ZeroDriftGramsPerSecond = 4, NoiseSigmaGrams = 0 });
        rig.RunMs(SettleMs);
        Assert.True(rig.Pipeline.TrySetZero(rig.Clock.UptimeMs, out _));
        rig.RunMs(320_000);
        Assert.Equal(ScaleFault.ZeroOutOfRange, rig.Pipeline.Fault);

        // Recalibrating (the drifted offset becomes the new calibrated zero) is the field fix for an aged cell.
        var recalibrated = new Calibration(rig.Pipeline.AverageCounts, rig.CellOptions.CountsPerGram, version: 2);
        rig.Pipeline.ApplyCalibration(recalibrated);

        Assert.Equal(ScaleFault.None, rig.Pipeline.Fault);
        Assert.Equal(0, rig.Pipeline.ZeroOffsetGrams);
        Assert.Equal(2, rig.Pipeline.Calibration.Version);
        Assert.True(rig.RunUntilStable(SettleMs));
        Assert.InRange(rig.Pipeline.GrossGrams, -rig.E, rig.E);
    }
}
