using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Weighing;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>
/// A simulated cell wired to a pipeline and a simulated clock, polled the way the control loop polls: faster
/// than the ADC converts, so NotReady polls are part of every run.
/// </summary>
internal sealed class ScaleRig
{
    public const int PollMs = 50;

    public ScaleRig(SimulatedLoadCellOptions? cellOptions = null, WeighingConfig? config = null)
    {
        CellOptions = cellOptions ?? new SimulatedLoadCellOptions();
        Config = config ?? new WeighingConfig();
        Clock = new SimulatedClock();
        Cell = new SimulatedLoadCell(Clock, CellOptions);
        Pipeline = new WeighingPipeline(Config, PerfectCalibration(CellOptions));
    }

    public SimulatedLoadCellOptions CellOptions { get; }

    public WeighingConfig Config { get; }

    public SimulatedClock Clock { get; }

    public SimulatedLoadCell Cell { get; }

    public WeighingPipeline Pipeline { get; }

    public double E => Config.ScaleIntervalGrams;

    /// <summary>The calibration a flawless wizard would produce for this cell.</summary>
    public static Calibration PerfectCalibration(SimulatedLoadCellOptions options) =>
        new(options.OffsetCounts, options.CountsPerGram, version: 1);

    public void Poll()
    {
        Clock.Advance(PollMs);
        ScaleReadStatus status = Cell.Read(out int rawCounts);
        Pipeline.AddSample(status, rawCounts, Clock.UptimeMs);
    }

    public void RunMs(long durationMs)
    {
        for (long elapsedMs = 0; elapsedMs < durationMs; elapsedMs += PollMs)
        {
            Poll();
        }
    }

    /// <summary>Polls until the pipeline is stable; false if it is not within the limit.</summary>
    public bool RunUntilStable(long limitMs)
    {
        for (long elapsedMs = 0; elapsedMs < limitMs; elapsedMs += PollMs)
        {
            Poll();
            if (Pipeline.IsStable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Polls until the weight has moved (unstable) and then come to rest again; false on timeout.</summary>
    public bool RunUntilStableAgain(long limitMs)
    {
        bool sawMotion = false;
        for (long elapsedMs = 0; elapsedMs < limitMs; elapsedMs += PollMs)
        {
            Poll();
            sawMotion |= !Pipeline.IsStable;
            if (sawMotion && Pipeline.IsStable)
            {
                return true;
            }
        }

        return false;
    }
}
