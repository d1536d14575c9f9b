using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.Drivers;

/// <summary>The real HX711 driver over a simulated chip and a simulated clock, polled like the control loop does.</summary>
internal sealed class Hx711Rig
{
    public Hx711Rig(int samplesPerSecond = 10, Hx711Gain gain = Hx711Gain.ChannelA128, int seed = 1)
    {
        Clock = new SimulatedClock();
        Chip = new SimulatedHx711Chip(Clock, samplesPerSecond, Hx711.SpiClockHz, seed);
        Driver = new Hx711(Chip, Clock, samplesPerSecond, gain);
    }

    public SimulatedClock Clock { get; }

    public SimulatedHx711Chip Chip { get; }

    public Hx711 Driver { get; }

    public ScaleReadStatus Poll(long stepMs, out int rawCounts)
    {
        Clock.Advance(stepMs);
        return Driver.Read(out rawCounts);
    }

    /// <summary>Polls every <paramref name="stepMs"/> until a read is not NotReady; returns that status.</summary>
    public ScaleReadStatus PollUntilAnswer(long stepMs, long limitMs, out int rawCounts)
    {
        for (long elapsedMs = 0; elapsedMs < limitMs; elapsedMs += stepMs)
        {
            ScaleReadStatus status = Poll(stepMs, out rawCounts);
            if (status != ScaleReadStatus.NotReady)
            {
                return status;
            }
        }

        rawCounts = 0;
        return ScaleReadStatus.NotReady;
    }

    /// <summary>Sets channel A to the input a gain-128 conversion reads as <paramref name="counts"/>.</summary>
    public void SetCountsA128(double counts) =>
        Chip.ChannelAMillivolts = SimulatedHx711Chip.MillivoltsForCounts(counts, Chip.AvddMillivolts);
}
