using System;
using System.Globalization;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>
/// When a failed write is retried and how long to wait. Only 429, 5xx, network errors and timeouts are retried;
/// any other status (400 bad line, 401, 404 no database, 413…) would fail the same way again, so the batch is set
/// aside. Delays grow exponentially from the minimum to the maximum with jitter (so many gateways don't retry in
/// step); a larger <c>Retry-After</c> from the server wins, up to <see cref="RetryAfterMax"/>.
/// </summary>
public static class InfluxRetryPolicy
{
    /// <summary>Longest Retry-After honoured; a server asking for more is retried after this.</summary>
    public static readonly TimeSpan RetryAfterMax = TimeSpan.FromMinutes(15);

    /// <summary>Exponent cap so the doubling never overflows.</summary>
    private const int DoublingsMax = 30;

    /// <summary>True for statuses worth retrying: 429 Too Many Requests and every 5xx.</summary>
    public static bool IsRetryable(int statusCode) => statusCode == 429 || statusCode is >= 500 and <= 599;

    /// <summary>True for a success (2xx; InfluxDB answers 204).</summary>
    public static bool IsSuccess(int statusCode) => statusCode is >= 200 and <= 299;

    /// <summary>
    /// Parses a Retry-After header: delta-seconds (<c>120</c>) or an HTTP date (<c>Wed, 21 Oct 2026 07:28:00 GMT</c>),
    /// relative to <paramref name="nowUtc"/>. Null when absent or malformed; a date in the past gives zero.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? header, DateTimeOffset nowUtc)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var value = header.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds > RetryAfterMax.TotalSeconds ? RetryAfterMax : TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - nowUtc;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > RetryAfterMax ? RetryAfterMax : wait;
        }
        return null;
    }

    /// <summary>
    /// Delay before retry number <paramref name="attempt"/> (0 = first retry): the exponential step
    /// <c>min(maxMs, minMs · 2^attempt)</c>, jittered into its upper half by <paramref name="jitter01"/> ∈ [0, 1),
    /// then raised to <paramref name="retryAfter"/> when the server asked for longer.
    /// </summary>
    public static TimeSpan Delay(int attempt, int minMs, int maxMs, double jitter01, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentOutOfRangeException.ThrowIfLessThan(minMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMs, minMs);
        if (jitter01 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter01), jitter01, "must be in [0, 1)");
        }
        var stepMs = Math.Min(maxMs, minMs * Math.Pow(2, Math.Min(attempt, DoublingsMax)));
        var backoff = TimeSpan.FromMilliseconds(stepMs / 2 + stepMs / 2 * jitter01);
        return retryAfter is { } asked && asked > backoff ? asked : backoff;
    }
}
