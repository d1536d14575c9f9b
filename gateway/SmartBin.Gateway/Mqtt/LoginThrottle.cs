using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// A failed-login budget per remote address (IPv4 address, or IPv6 /64 prefix): a token bucket of
/// <c>burst</c> failures refilled at <c>refillPerMinute</c>. While an address's bucket is empty its connects are refused
/// as <c>throttled</c> without a PBKDF2 run (the authenticator only accepts a login it verified recently, so an
/// honest bin behind the same NAT that was logged in still reconnects). Bounded: at most <c>addressesMax</c> entries;
/// when full, idle (refilled) entries go first, then everything (an attacker with that many addresses resets the
/// table, which costs each address its burst again, no more).
/// </summary>
internal sealed class LoginThrottle
{
    private readonly TimeProvider time;
    private readonly double burst;
    private readonly double refillPerSecond;
    private readonly int addressesMax;
    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public LoginThrottle(TimeProvider time, int burst, int refillPerMinute, int addressesMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        ArgumentOutOfRangeException.ThrowIfNegative(refillPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(addressesMax);
        this.time = time;
        this.burst = burst;
        refillPerSecond = refillPerMinute / 60.0;
        this.addressesMax = addressesMax;
    }

    /// <summary>False when the throttle is off (burst 0).</summary>
    public bool Enabled => burst > 0;

    /// <summary>Addresses tracked now (for tests and the bound).</summary>
    public int Tracked
    {
        get
        {
            lock (gate)
            {
                return buckets.Count;
            }
        }
    }

    /// <summary>True while <paramref name="remote"/> has no failure left in its budget.</summary>
    public bool IsThrottled(EndPoint? remote)
    {
        if (!Enabled || KeyOf(remote) is not { } key)
        {
            return false;
        }
        lock (gate)
        {
            return buckets.TryGetValue(key, out var bucket) && Refilled(bucket, time.GetUtcNow()).Tokens < 1;
        }
    }

    /// <summary>Spends one failure of <paramref name="remote"/>'s budget.</summary>
    public void Failure(EndPoint? remote)
    {
        if (!Enabled || KeyOf(remote) is not { } key)
        {
            return;
        }
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!buckets.TryGetValue(key, out var bucket))
            {
                MakeRoom(now);
                bucket = new Bucket(burst, now);
            }
            var refilled = Refilled(bucket, now);
            buckets[key] = refilled with { Tokens = Math.Max(0, refilled.Tokens - 1) };
        }
    }

    /// <summary>The budget key: the IPv4 address, or the /64 prefix of an IPv6 one (one subscriber's usual allocation).</summary>
    internal static string? KeyOf(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address })
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }

    private Bucket Refilled(Bucket bucket, DateTimeOffset now)
    {
        var seconds = Math.Max(0, (now - bucket.AtUtc).TotalSeconds);
        return new Bucket(Math.Min(burst, bucket.Tokens + (seconds * refillPerSecond)), now);
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (buckets.Count < addressesMax)
        {
            return;
        }
        var idle = new List<string>();
        foreach (var (key, bucket) in buckets)
        {
            if (Refilled(bucket, now).Tokens >= burst)
            {
                idle.Add(key);
            }
        }
        foreach (var key in idle)
        {
            buckets.Remove(key);
        }
        if (buckets.Count >= addressesMax)
        {
            buckets.Clear();
        }
    }

    private readonly record struct Bucket(double Tokens, DateTimeOffset AtUtc);
}
