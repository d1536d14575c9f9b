using System;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Gateway.TimeSeries.Influx;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

public class InfluxRetryPolicyTests
{
    [Theory]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(599, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(408, false)]
    [InlineData(413, false)]
    [InlineData(422, false)]
    [InlineData(204, false)]
    [InlineData(301, false)]
    public void Only_429_and_5xx_are_retried(int status, bool retried) => Assert.Equal(retried, InfluxRetryPolicy.IsRetryable(status));

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(299, true)]
    [InlineData(300, false)]
    [InlineData(400, false)]
    public void Success_is_2xx(int status, bool ok) => Assert.Equal(ok, InfluxRetryPolicy.IsSuccess(status));

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120_000)]
    [InlineData(" 0 ", 0)]
    [InlineData("Mon, 23 Nov 2026 08:00:30 GMT", 30_000)]
    [InlineData("Mon, 23 Nov 2026 07:59:00 GMT", 0)]
    [InlineData("999999", 900_000)]
    [InlineData("Tue, 24 Nov 2026 08:00:00 GMT", 900_000)]
    public void Retry_after_seconds_and_http_dates(string header, long expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), InfluxRetryPolicy.ParseRetryAfter(header, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void Unreadable_retry_after_is_ignored(string? header) => Assert.Null(InfluxRetryPolicy.ParseRetryAfter(header, Now));

    [Theory]
    [InlineData(0, 250, 500)]
    [InlineData(1, 500, 1000)]
    [InlineData(3, 2000, 4000)]
    [InlineData(7, 30_000, 60_000)]
    [InlineData(1000, 30_000, 60_000)]
    public void Backoff_doubles_from_min_to_max_with_jitter_in_the_upper_half(int attempt, double lowMs, double highMs)
    {
        Assert.Equal(lowMs, InfluxRetryPolicy.Delay(attempt, 500, 60_000, 0, null).TotalMilliseconds);
        Assert.True(InfluxRetryPolicy.Delay(attempt, 500, 60_000, 0.999999, null).TotalMilliseconds is var high && high < highMs && high > highMs * 0.99);
    }

    [Fact]
    public void A_longer_retry_after_wins_and_a_shorter_one_does_not()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), InfluxRetryPolicy.Delay(0, 500, 60_000, 0.5, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(375), InfluxRetryPolicy.Delay(0, 500, 60_000, 0.5, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Backoff_stays_within_bounds_for_any_attempt_and_jitter() =>
        Prop.ForAll(
            Gen.Choose(0, 10_000).ToArbitrary(),
            Gen.Choose(1, 10_000).ToArbitrary(),
            Gen.Choose(0, 999_999).ToArbitrary(),
            (attempt, minMs, jitterMillionths) =>
            {
                const int maxMs = 60_000;
                var delay = InfluxRetryPolicy.Delay(attempt, minMs, maxMs, jitterMillionths / 1e6, null).TotalMilliseconds;
                return delay >= minMs / 2.0 && delay <= maxMs;
            }).QuickCheckThrowOnFailure();
}
