using System;
using System.Collections.Generic;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Admin;

/// <summary>
/// Counts failed authentications per remote address in fixed windows; an address over the limit is refused every
/// request (<c>429 rate-limited</c>, right keys included, so guessing learns nothing) until its window ends. The
/// table is bounded: when full, expired windows are dropped, and if none has expired the table is emptied (a flood
/// from that many addresses is a different problem than key guessing).
/// </summary>
public sealed class FailedAuthLimiter(int limit, TimeSpan window, TimeProvider time)
{
    /// <summary>Most addresses tracked at once.</summary>
    public const int AddressesMax = 10_000;

    /// <summary>The admin API's limiter: <c>Admin:FailedAuthLimit</c> failures per <c>Admin:FailedAuthWindowS</c>.</summary>
    public FailedAuthLimiter(GatewayOptions options, TimeProvider time)
        : this(options.Admin.FailedAuthLimit, TimeSpan.FromSeconds(options.Admin.FailedAuthWindowS), time)
    {
    }

    private readonly Dictionary<string, (DateTimeOffset Start, int Failures)> table = new(StringComparer.Ordinal);
    private readonly object gate = new();

    /// <summary>True when <paramref name="address"/> is over the limit; <paramref name="retryAfterS"/> is then when its window ends.</summary>
    public bool IsBlocked(string address, out int retryAfterS)
    {
        retryAfterS = 0;
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!table.TryGetValue(address, out var entry) || entry.Start + window <= now || entry.Failures < limit)
            {
                return false;
            }
            retryAfterS = Math.Max(1, (int)Math.Ceiling((entry.Start + window - now).TotalSeconds));
            return true;
        }
    }

    /// <summary>Counts one failed authentication of <paramref name="address"/>.</summary>
    public void RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (table.TryGetValue(address, out var entry) && entry.Start + window > now)
            {
                table[address] = (entry.Start, entry.Failures + 1);
                return;
            }
            if (table.Count >= AddressesMax)
            {
                Prune(now);
            }
            table[address] = (now, 1);
        }
    }

    /// <summary>Addresses tracked now (for tests).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (gate)
            {
                return table.Count;
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        var expired = new List<string>();
        foreach (var (address, entry) in table)
        {
            if (entry.Start + window <= now)
            {
                expired.Add(address);
            }
        }
        foreach (var address in expired)
        {
            table.Remove(address);
        }
        if (table.Count >= AddressesMax)
        {
            table.Clear();
        }
    }
}
