using System;
using System.Collections.Generic;
using System.Threading;

namespace SmartBin.Gateway.Bench;

/// <summary>Collects ack latencies (thread-safe) and reports percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> millis = new(1 << 20);
    private readonly Lock gate = new();

    public void Record(TimeSpan latency)
    {
        lock (gate)
        {
            millis.Add(latency.TotalMilliseconds);
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return millis.Count;
            }
        }
    }

    /// <summary>Percentile (0..100) in ms by nearest rank; NaN when nothing was recorded.</summary>
    public double Percentile(double p)
    {
        lock (gate)
        {
            if (millis.Count == 0)
            {
                return double.NaN;
            }
            var sorted = millis.ToArray();
            Array.Sort(sorted);
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }
}
