using System;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Residents;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>The per-card lock on wrong PINs and codes, with a fake clock.</summary>
public sealed class CardLockoutTests
{
    private static readonly TimeSpan LockLength = TimeSpan.FromMinutes(15);

    [Fact]
    public void Failures_that_were_in_flight_when_the_lock_was_set_keep_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var lockout = new CardLockout(5, LockLength, time);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(lockout.RecordFailure("0B000000"));
        }
        var until = lockout.RecordFailure("0B000000");
        Assert.Equal(time.GetUtcNow() + LockLength, until);

        // Guesses that passed the lock check before it was set finish their PIN hash afterwards.
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(300));
            Assert.Null(lockout.RecordFailure("0B000000"));
            Assert.Equal(until, lockout.LockedUntil("0B000000"));
        }

        time.Advance(LockLength);
        Assert.Null(lockout.LockedUntil("0B000000"));
        Assert.Null(lockout.RecordFailure("0B000000")); // a fresh count after the lock ends: 1 of 5
        Assert.Null(lockout.LockedUntil("0B000000"));
    }
}
