using System.Collections.Generic;
using System.Linq;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Indicator;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.Indicator
{
    /// <summary>An output pin that records every write with the simulated time it happened.</summary>
    public sealed class RecordingPin(SimulatedClock clock) : IOutputPin
    {
        public List<(long AtMs, bool High)> Writes { get; } = [];

        public bool High { get; private set; }

        public void Write(bool high)
        {
            Writes.Add((clock.UptimeMs, high));
            High = high;
        }
    }

    /// <summary>A display that records every pair of lines it was given.</summary>
    public sealed class RecordingDisplay : ITextDisplay
    {
        public List<(string Top, string Bottom)> Shown { get; } = [];

        public (string Top, string Bottom) Last => Shown.Count == 0 ? ("", "") : Shown[^1];

        public void ShowLines(string top, string bottom) => Shown.Add((top, bottom));
    }

    /// <summary>The driver over recording pins and a simulated clock that starts at a non-zero uptime.</summary>
    public sealed class IndicatorRig
    {
        public const long StartMs = 10_000;
        public const int TickMs = 10;

        public IndicatorRig(bool withDisplay = true)
        {
            Clock.Advance(StartMs);
            Led = new RecordingPin(Clock);
            Buzzer = new RecordingPin(Clock);
            Display = withDisplay ? new RecordingDisplay() : null;
            Driver = new IndicatorDriver(Led, Buzzer, Clock, Display);
            Led.Writes.Clear();
            Buzzer.Writes.Clear();
        }

        public SimulatedClock Clock { get; } = new();

        public RecordingPin Led { get; }

        public RecordingPin Buzzer { get; }

        public RecordingDisplay? Display { get; }

        public IndicatorDriver Driver { get; }

        /// <summary>Ticks every <paramref name="tickMs"/> for <paramref name="durationMs"/> (a tick at each end too).</summary>
        public void Run(long durationMs, int tickMs = TickMs)
        {
            Driver.Tick();
            for (long t = 0; t < durationMs; t += tickMs)
            {
                Clock.Advance(tickMs);
                Driver.Tick();
            }
        }

        /// <summary>Writes to <paramref name="pin"/> as (ms since <paramref name="originMs"/>, level).</summary>
        public static (long, bool)[] Edges(RecordingPin pin, long originMs = StartMs) =>
            pin.Writes.Select(w => (w.AtMs - originMs, w.High)).ToArray();

        /// <summary>How long each buzzer-on interval lasted, ms.</summary>
        public long[] BuzzerOnDurations()
        {
            var durations = new List<long>();
            long? onAt = null;
            foreach (var (atMs, high) in Buzzer.Writes)
            {
                if (high && onAt == null)
                {
                    onAt = atMs;
                }
                else if (!high && onAt != null)
                {
                    durations.Add(atMs - onAt.Value);
                    onAt = null;
                }
            }

            if (onAt != null)
            {
                durations.Add(Clock.UptimeMs - onAt.Value);
            }

            return [.. durations];
        }
    }
}
