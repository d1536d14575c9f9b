using System;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Weighing;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Drivers;

/// <summary>HX711 faults, power-down timing, allocation and the driver feeding the weighing pipeline.</summary>
public sealed class Hx711FaultTests
{
    private const long PollMs = 10;

    [Theory]
    [InlineData(Hx711LineFault.DoutStuckHigh, 10)]
    [InlineData(Hx711LineFault.DoutFloating, 10)]
    [InlineData(Hx711LineFault.DoutStuckLow, 10)]
    [InlineData(Hx711LineFault.DoutStuckHigh, 80)]
    [InlineData(Hx711LineFault.DoutFloating, 80)]
    [InlineData(Hx711LineFault.DoutStuckLow, 80)]
    public void Unplugged_is_lost_within_the_bound_and_never_gives_counts(Hx711LineFault fault, int samplesPerSecond)
    {
        var rig = new Hx711Rig(samplesPerSecond);
        rig.SetCountsA128(5000);
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(1, 1000, out _));
        long lastOkMs = rig.Clock.UptimeMs;
        rig.Chip.Fault = fault;

        long lostAtMs = -1;
        for (int i = 0; i < 300 && lostAtMs < 0; i++)
        {
            ScaleReadStatus status = rig.Poll(PollMs, out _);
            Assert.NotEqual(ScaleReadStatus.Ok, status);
            Assert.NotEqual(ScaleReadStatus.Saturated, status);
            lostAtMs = status == ScaleReadStatus.Lost ? rig.Clock.UptimeMs : -1;
        }

        Assert.InRange(lostAtMs - lastOkMs, rig.Driver.LostAfterMs + 1, rig.Driver.LostAfterMs + PollMs);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(ScaleReadStatus.Lost, rig.Poll(PollMs, out _));
        }

        rig.Chip.Fault = Hx711LineFault.None;
        int rawCounts = 0;
        ScaleReadStatus recovered = ScaleReadStatus.Lost;
        for (int i = 0; i < 100 && recovered != ScaleReadStatus.Ok; i++)
        {
            recovered = rig.Poll(PollMs, out rawCounts);
        }

        Assert.Equal(ScaleReadStatus.Ok, recovered);
        Assert.Equal(5000, rawCounts);
    }

    [Fact]
    public void A_chip_plugged_in_unplugged_from_boot_is_lost_after_the_bound()
    {
        var rig = new Hx711Rig();
        rig.Chip.Fault = Hx711LineFault.DoutStuckHigh;

        Assert.Equal(ScaleReadStatus.Lost, rig.PollUntilAnswer(PollMs, 2000, out _));
        Assert.Equal(rig.Driver.LostAfterMs + PollMs, rig.Clock.UptimeMs);
    }

    [Fact]
    public void A_stray_clock_pulse_corrupts_at_most_two_reads_then_values_are_right_again()
    {
        var rig = new Hx711Rig();
        rig.SetCountsA128(40000);
        rig.Chip.ChannelBMillivolts = 5.0;
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, 1000, out _));
        rig.Clock.Advance(100);

        rig.Chip.TransferFullDuplex(new byte[] { Hx711.PulseByte }, new byte[1]); // EMI on PD_SCK while ready
        var values = new int[6];
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, 1000, out values[i]));
        }

        // Undetectable on the wire: the data shifts by a bit and the 26th pulse selects channel B for one
        // conversion. The pipeline's median window (5) removes two bad samples.
        Assert.NotEqual(40000, values[0]);
        Assert.NotEqual(40000, values[1]);
        Assert.All(values[2..], value => Assert.Equal(40000, value));
    }

    [Fact]
    public void A_slow_chip_is_slow_not_lost()
    {
        var rig = new Hx711Rig();
        rig.Chip.SlowFactor = 1.8;
        rig.SetCountsA128(-777);

        int okCount = 0;
        for (int i = 0; i < 1000; i++)
        {
            ScaleReadStatus status = rig.Poll(PollMs, out int rawCounts);
            Assert.NotEqual(ScaleReadStatus.Lost, status);
            if (status == ScaleReadStatus.Ok)
            {
                okCount++;
                Assert.Equal(-777, rawCounts);
            }
        }

        Assert.InRange(okCount, 50, 56); // 10 s at 180 ms per conversion, after 400 ms of settling
    }

    [Theory]
    [InlineData(10, 400)]
    [InlineData(80, 50)]
    public void Power_down_holds_until_power_up_then_the_first_conversion_waits_for_settling(
        int samplesPerSecond, long settlingMs)
    {
        var rig = new Hx711Rig(samplesPerSecond, Hx711Gain.ChannelB32);
        rig.Chip.ChannelBMillivolts = 10.0;
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(1, 2000, out _));
        Assert.Equal(26, rig.Chip.SelectedPulses);

        rig.Driver.PowerDown();
        Assert.True(rig.Chip.IsPoweredDown);
        int conversionsBefore = rig.Chip.ConversionCount;
        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(ScaleReadStatus.NotReady, rig.Poll(PollMs, out _)); // never Lost while down
        }

        Assert.True(rig.Chip.IsPoweredDown);
        Assert.Equal(conversionsBefore, rig.Chip.ConversionCount);

        rig.Driver.PowerUp();
        long upMs = rig.Clock.UptimeMs;
        Assert.False(rig.Chip.IsPoweredDown);
        Assert.Equal(25, rig.Chip.SelectedPulses); // reset to A/128
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(1, 2000, out int rawCounts));

        Assert.Equal(settlingMs * 1_000_000, rig.Chip.FirstConversionAtNs - rig.Chip.PoweredUpAtNs);
        Assert.InRange(rig.Clock.UptimeMs - upMs, settlingMs + 1000 / samplesPerSecond, settlingMs + 1000 / samplesPerSecond + 1);
        Assert.Equal(SimulatedHx711Chip.CodeFor(10.0, 32, rig.Chip.AvddMillivolts), rawCounts);
        Assert.Equal(0, rig.Chip.ProtocolErrors);
    }

    [Fact]
    public void A_thousand_reads_allocate_nothing()
    {
        var rig = new Hx711Rig(80);
        rig.SetCountsA128(12345);
        rig.Chip.NoiseCounts = 50;
        int okCount = CountOk(rig, 1000); // warm-up: JIT and first-use paths
        Assert.True(okCount > 0);

        long beforeBytes = GC.GetAllocatedBytesForCurrentThread();
        okCount = CountOk(rig, 1000);
        long allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - beforeBytes;

        Assert.Equal(0, allocatedBytes);
        Assert.Equal(400, okCount); // Ok and NotReady paths both ran: 5 ms polls, 12.5 ms conversions
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(80.0, 10)]
    public void The_driver_feeds_the_pipeline_the_right_grams(double noiseCounts, int toleranceGrams)
    {
        const double OffsetCounts = 84000;
        const double CountsPerGram = 105.5;
        var rig = new Hx711Rig();
        rig.Chip.NoiseCounts = noiseCounts;
        var pipeline = new WeighingPipeline(new WeighingConfig(), new Calibration(OffsetCounts, CountsPerGram, 1));

        rig.SetCountsA128(OffsetCounts);
        RunMs(rig, pipeline, 3000);
        Assert.True(pipeline.TrySetZero(rig.Clock.UptimeMs, out _));

        rig.SetCountsA128(OffsetCounts + CountsPerGram * 2480);
        RunMs(rig, pipeline, 3000);

        Assert.True(pipeline.IsStable);
        Assert.InRange(pipeline.GrossGrams, 2480 - toleranceGrams, 2480 + toleranceGrams);
        Assert.Equal(ScaleFault.None, pipeline.Fault);
    }

    private static void RunMs(Hx711Rig rig, WeighingPipeline pipeline, long durationMs)
    {
        for (long elapsedMs = 0; elapsedMs < durationMs; elapsedMs += 50)
        {
            ScaleReadStatus status = rig.Poll(50, out int rawCounts);
            pipeline.AddSample(status, rawCounts, rig.Clock.UptimeMs);
        }
    }

    private static int CountOk(Hx711Rig rig, int reads)
    {
        int okCount = 0;
        for (int i = 0; i < reads; i++)
        {
            okCount += rig.Poll(5, out _) == ScaleReadStatus.Ok ? 1 : 0;
        }

        return okCount;
    }
}
