using System;
using System.Collections.Generic;
using System.Threading;

namespace SmartBin.Gateway.Ingest;

/// <summary>
/// Lets at most one warning line per key (reason code) through per interval, and says how many it held back,
/// so a bin stuck resending garbage cannot flood the log. Counting stays exact in the metrics.
/// </summary>
internal sealed class WarningGate(TimeProvider time, TimeSpan interval)
{
    /// <summary>Most distinct keys tracked; reason codes are a small fixed set, so this only guards against misuse.</summary>
    private const int KeysMax = 256;

    private readonly Lock gate = new();
    private readonly Dictionary<string, (long LastTimestamp, long Suppressed)> keys = new(StringComparer.Ordinal);

    /// <summary>True if a line for <paramref name="key"/> may be written now; <paramref name="suppressed"/> = lines held back since the last one.</summary>
    public bool TryPass(string key, out long suppressed)
    {
        var now = time.GetTimestamp();
        lock (gate)
        {
            if (keys.TryGetValue(key, out var state) && time.GetElapsedTime(state.LastTimestamp, now) < interval)
            {
                keys[key] = (state.LastTimestamp, state.Suppressed + 1);
                suppressed = 0;
                return false;
            }
            if (keys.Count >= KeysMax && !keys.ContainsKey(key))
            {
                keys.Clear();
            }
            suppressed = state.Suppressed;
            keys[key] = (now, 0);
            return true;
        }
    }
}
