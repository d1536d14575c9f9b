using System;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Weighing;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>The ESP32 has ~80 KB of heap: the per-sample path must not allocate, in any state.</summary>
public sealed class PipelineAllocationTests
{
    private const int CallCount = 10000;
    private const double CountsPerGram = 100.0;

    [Fact]
    public void Ten_thousand_samples_allocate_nothing_after_warm_up()
    {
        var pipeline = new WeighingPipeline(new WeighingConfig(), new Calibration(50000, CountsPerGram, 1));
        (ScaleReadStatus[] statuses, int[] counts) = Script();

        int statesSeen = Feed(pipeline, statuses, counts, startMs: 0); // warm-up: JIT, first-use paths
        long beforeBytes = GC.GetAllocatedBytesForCurrentThread();
        Feed(pipeline, statuses, counts, startMs: CallCount * 50L);
        long allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - beforeBytes;

        Assert.Equal(0, allocatedBytes);
        Assert.Equal(AllStates, statesSeen);
    }

    private const int StableSeen = 1 << 4;
    private const int ZeroTrackedSeen = 1 << 5;
    private const int AllStates = (1 << (int)ScaleFault.None) | (1 << (int)ScaleFault.NoSamples) |
        (1 << (int)ScaleFault.Saturated) | StableSeen | ZeroTrackedSeen;

    // Returns which states the script went through, so the test proves it measured every path.
    private static int Feed(WeighingPipeline pipeline, ScaleReadStatus[] statuses, int[] counts, long startMs)
    {
        int statesSeen = 0;
        double zeroBeforeGrams = pipeline.ZeroOffsetGrams;
        for (int i = 0; i < CallCount; i++)
        {
            long uptimeMs = startMs + i * 50L;
            pipeline.AddSample(statuses[i], counts[i], uptimeMs);
            if (i % 500 == 0)
            {
                pipeline.TrySetZero(uptimeMs, out _);
            }

            statesSeen |= 1 << (int)pipeline.Fault;
            statesSeen |= pipeline.IsStable ? StableSeen : 0;
            statesSeen |= pipeline.ZeroOffsetGrams != zeroBeforeGrams ? ZeroTrackedSeen : 0;
        }

        return statesSeen;
    }

    // Every state the loop goes through: resting at zero (tracking), loads coming and going (motion, stable),
    // spikes, a saturated stretch and a lost stretch, with NotReady between conversions.
    private static (ScaleReadStatus[] Statuses, int[] Counts) Script()
    {
        var random = new Random(7);
        var statuses = new ScaleReadStatus[CallCount];
        var counts = new int[CallCount];
        for (int i = 0; i < CallCount; i++)
        {
            int phase = i / 1000;
            double grams = phase % 2 == 0 ? 0 : 1000 * phase;
            counts[i] = 50000 + (int)(CountsPerGram * grams) + random.Next(-300, 300) + (i % 97 == 0 ? 90000 : 0);
            statuses[i] = i % 2 == 1 ? ScaleReadStatus.NotReady : ScaleReadStatus.Ok;
            if (phase == 5 && i % 1000 < 50)
            {
                statuses[i] = ScaleReadStatus.Saturated;
            }

            if (phase == 7 && i % 1000 < 50)
            {
                statuses[i] = ScaleReadStatus.Lost;
            }
        }

        return (statuses, counts);
    }
}
