using System;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Configuration;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

public sealed class FailedAuthLimiterTests
{
    private static (FailedAuthLimiter Limiter, FakeTimeProvider Time) Make(int limit, int windowS)
    {
        var options = new GatewayOptions { Admin = { FailedAuthLimit = limit, FailedAuthWindowS = windowS } };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        return (new FailedAuthLimiter(options, time), time);
    }

    [Fact]
    public void An_address_is_blocked_at_the_limit_until_its_window_ends_and_other_addresses_are_not()
    {
        var (limiter, time) = Make(limit: 3, windowS: 60);
        for (var i = 0; i < 2; i++)
        {
            limiter.RecordFailure("10.0.0.1");
        }
        Assert.False(limiter.IsBlocked("10.0.0.1", out _));
        limiter.RecordFailure("10.0.0.1");
        Assert.True(limiter.IsBlocked("10.0.0.1", out var retryAfterS));
        Assert.Equal(60, retryAfterS);
        Assert.False(limiter.IsBlocked("10.0.0.2", out _));

        time.Advance(TimeSpan.FromSeconds(45));
        Assert.True(limiter.IsBlocked("10.0.0.1", out retryAfterS));
        Assert.Equal(15, retryAfterS);
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.False(limiter.IsBlocked("10.0.0.1", out _));
        limiter.RecordFailure("10.0.0.1"); // a new window starts at one failure
        Assert.False(limiter.IsBlocked("10.0.0.1", out _));
    }

    [Fact]
    public void The_table_stays_bounded_dropping_expired_windows_first_and_keeping_live_blocks()
    {
        var (limiter, time) = Make(limit: 2, windowS: 60);
        for (var i = 0; i < FailedAuthLimiter.AddressesMax - 1; i++)
        {
            limiter.RecordFailure("old-" + i);
        }
        time.Advance(TimeSpan.FromSeconds(61)); // every "old" window has ended
        limiter.RecordFailure("guesser");
        limiter.RecordFailure("guesser");
        Assert.Equal(FailedAuthLimiter.AddressesMax, limiter.TrackedAddresses);

        limiter.RecordFailure("newcomer"); // full: the expired windows go, the live block stays
        Assert.Equal(2, limiter.TrackedAddresses);
        Assert.True(limiter.IsBlocked("guesser", out _));
    }
}
