using System;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Drivers;

/// <summary>The HX711 driver's values, channel/gain selection and pacing against the bit-level simulated chip.</summary>
public sealed class Hx711Tests
{
    private const long PollMs = 10;
    private const long AnswerLimitMs = 1000;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(123456)]
    [InlineData(-123456)]
    [InlineData(0x400000)]
    [InlineData(-0x400000)]
    [InlineData(0x7FFFFE)]
    [InlineData(-0x7FFFFF)]
    public void Counts_round_trip_through_the_pulse_train_with_sign(int counts)
    {
        var rig = new Hx711Rig();
        rig.SetCountsA128(counts);

        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out int rawCounts));

        Assert.Equal(counts, rawCounts);
        Assert.Equal(0, rig.Chip.ProtocolErrors);
    }

    [Fact]
    public void Random_counts_round_trip_at_both_rates()
    {
        var random = new Random(42);
        foreach (int samplesPerSecond in new[] { 10, 80 })
        {
            var rig = new Hx711Rig(samplesPerSecond);
            for (int i = 0; i < 200; i++)
            {
                int counts = random.Next(-0x7FFFFF, 0x7FFFFF);
                rig.SetCountsA128(counts);
                rig.Clock.Advance(1000 / samplesPerSecond); // the conversion on the bus was made before the change

                Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(1, AnswerLimitMs, out int rawCounts));
                Assert.Equal(counts, rawCounts);
            }

            Assert.Equal(0, rig.Chip.ProtocolErrors);
        }
    }

    [Theory]
    [InlineData(0xFFFFFF, -1)]
    [InlineData(0x800001, -8388607)]
    [InlineData(0x800000, -8388608)]
    [InlineData(0x7FFFFF, 8388607)]
    [InlineData(0x000001, 1)]
    public void Sign_extension_of_24_bit_codes(int raw24, int expected)
    {
        Assert.Equal(expected, Hx711.SignExtend(raw24));
    }

    [Theory]
    [InlineData(Hx711Gain.ChannelA128, 128, true)]
    [InlineData(Hx711Gain.ChannelB32, 32, false)]
    [InlineData(Hx711Gain.ChannelA64, 64, true)]
    public void Each_channel_and_gain_reaches_the_chip(Hx711Gain gain, int gainFactor, bool channelA)
    {
        var rig = new Hx711Rig(gain: gain);
        rig.Chip.ChannelAMillivolts = 3.5;
        rig.Chip.ChannelBMillivolts = -12.25;

        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out int rawCounts));

        double millivolts = channelA ? 3.5 : -12.25;
        Assert.Equal(SimulatedHx711Chip.CodeFor(millivolts, gainFactor, rig.Chip.AvddMillivolts), rawCounts);
        Assert.Equal((int)gain, rig.Chip.SelectedPulses);
        Assert.Equal(0, rig.Chip.ProtocolErrors);
    }

    [Fact]
    public void Switching_gain_discards_the_conversion_made_at_the_old_gain()
    {
        var rig = new Hx711Rig();
        rig.Chip.ChannelAMillivolts = 2.0;
        rig.Chip.ChannelBMillivolts = 8.0;
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out _));

        rig.Driver.SelectGain(Hx711Gain.ChannelB32);
        rig.Clock.Advance(100);
        Assert.Equal(ScaleReadStatus.NotReady, rig.Driver.Read(out _)); // A/128 data, shifted out with 26 pulses
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out int rawCounts));

        Assert.Equal(SimulatedHx711Chip.CodeFor(8.0, 32, rig.Chip.AvddMillivolts), rawCounts);
        Assert.Equal(26, rig.Chip.SelectedPulses);
    }

    [Theory]
    [InlineData(30.0, 8388607)]
    [InlineData(-30.0, -8388608)]
    public void Saturation_is_reported_both_ways(double millivolts, int fullScaleCounts)
    {
        var rig = new Hx711Rig();
        rig.Chip.ChannelAMillivolts = millivolts; // ±19.5 mV is full scale at gain 128 and 5 V

        Assert.Equal(ScaleReadStatus.Saturated, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out int rawCounts));
        Assert.Equal(fullScaleCounts, rawCounts);

        rig.Chip.ChannelAMillivolts = 1.0;
        rig.Clock.Advance(100);
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out _));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(80)]
    public void Not_ready_between_conversions_and_one_ok_per_period(int samplesPerSecond)
    {
        var rig = new Hx711Rig(samplesPerSecond);
        rig.SetCountsA128(1000);
        Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(1, AnswerLimitMs, out _));

        int okCount = 0;
        int notReadyCount = 0;
        for (int i = 0; i < 2000; i++)
        {
            ScaleReadStatus status = rig.Poll(1, out _);
            okCount += status == ScaleReadStatus.Ok ? 1 : 0;
            notReadyCount += status == ScaleReadStatus.NotReady ? 1 : 0;
        }

        Assert.Equal(2 * samplesPerSecond, okCount);
        Assert.Equal(2000 - okCount, notReadyCount);
        Assert.Equal(0, rig.Chip.ProtocolErrors);
    }

    [Fact]
    public void Noise_reaches_the_driver_unfiltered()
    {
        var rig = new Hx711Rig();
        rig.SetCountsA128(50000);
        rig.Chip.NoiseCounts = 200;
        int min = int.MaxValue;
        int max = int.MinValue;
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(ScaleReadStatus.Ok, rig.PollUntilAnswer(PollMs, AnswerLimitMs, out int rawCounts));
            min = Math.Min(min, rawCounts);
            max = Math.Max(max, rawCounts);
        }

        Assert.InRange(min, 50000 - 1200, 49900);
        Assert.InRange(max, 50100, 50000 + 1200);
    }

    [Fact]
    public void One_read_keeps_the_bus_for_a_bounded_time()
    {
        var rig = new Hx711Rig(gain: Hx711Gain.ChannelA64);
        rig.Clock.Advance(400);
        long beforeNs = rig.Clock.UptimeMs * 1_000_000;

        Assert.Equal(ScaleReadStatus.NotReady, rig.Driver.Read(out _)); // gain change: longest pulse train
        long pulsesNs = rig.Chip.NowNs - beforeNs;
        rig.Chip.Fault = Hx711LineFault.DoutStuckLow;
        rig.Clock.Advance(1);
        beforeNs = rig.Clock.UptimeMs * 1_000_000;
        Assert.Equal(ScaleReadStatus.NotReady, rig.Driver.Read(out _)); // malformed answer: pulses, then reset
        long resetNs = rig.Chip.NowNs - beforeNs;

        Assert.Equal((1 + 27) * 8 * 1000L, pulsesNs);
        Assert.Equal(Hx711.ReadBusMicrosecondsMax * 1000L, resetNs);
        Assert.True(Hx711.ReadBusMicrosecondsMax < 1000);
    }
}
