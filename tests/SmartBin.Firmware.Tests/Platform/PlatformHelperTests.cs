using System;
using System.Collections.Generic;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Firmware.Core.Platform;
using Xunit;

namespace SmartBin.Firmware.Tests.Platform;

/// <summary>The device app's only decisions, kept in the core: reconnect backoff, loop stall verdict, MQTT inbox.</summary>
public sealed class PlatformHelperTests
{
    [Fact]
    public void Backoff_doubles_from_min_to_max_and_stays_there()
    {
        var backoff = new ReconnectBackoff(500, 15_000);

        var delays = new List<int>();
        for (int i = 0; i < 8; i++)
        {
            delays.Add(backoff.Failed());
        }

        Assert.Equal(new[] { 500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000 }, delays);
        Assert.Equal(8, backoff.FailureCount);
    }

    [Fact]
    public void Backoff_starts_again_at_min_after_a_success()
    {
        var backoff = new ReconnectBackoff(500, 15_000);
        backoff.Failed();
        backoff.Failed();
        backoff.Failed();

        backoff.Succeeded();

        Assert.Equal(0, backoff.FailureCount);
        Assert.Equal(500, backoff.Failed());
    }

    [Fact]
    public void Backoff_never_overflows_near_int_max()
    {
        var backoff = new ReconnectBackoff(int.MaxValue / 2 + 1, int.MaxValue);

        Assert.Equal(int.MaxValue / 2 + 1, backoff.Failed());
        Assert.Equal(int.MaxValue, backoff.Failed());
        Assert.Equal(int.MaxValue, backoff.Failed());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 5)]
    [InlineData(-1, 5)]
    public void Backoff_rejects_bad_bounds(int min, int max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(min, max));
    }

    [Fact]
    public void Backoff_delays_stay_within_bounds_and_never_shrink_until_success() =>
        Prop.ForAll(Gen.Choose(1, 100_000).ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(), (min, failures) =>
        {
            int max = min * 37;
            var backoff = new ReconnectBackoff(min, max);
            int previous = 0;
            for (int i = 0; i < failures; i++)
            {
                int delay = backoff.Failed();
                if (delay < min || delay > max || delay < previous)
                {
                    return false;
                }

                previous = delay;
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Stall_is_reported_only_after_the_count_stops_for_the_given_checks()
    {
        var detector = new StallDetector(3);

        Assert.False(detector.Observe(7)); // reference
        Assert.False(detector.Observe(7));
        Assert.False(detector.Observe(7));
        Assert.True(detector.Observe(7));
        Assert.True(detector.Observe(7));
    }

    [Fact]
    public void A_moving_count_clears_the_stall_including_across_wraparound()
    {
        var detector = new StallDetector(2);
        detector.Observe(int.MaxValue);
        detector.Observe(int.MaxValue);
        Assert.True(detector.Observe(int.MaxValue));

        Assert.False(detector.Observe(unchecked(int.MaxValue + 1)));
        Assert.Equal(0, detector.UnchangedChecks);
        Assert.False(detector.Observe(unchecked(int.MaxValue + 1)));
        Assert.True(detector.Observe(unchecked(int.MaxValue + 1)));
    }

    [Fact]
    public void Stall_detector_rejects_zero_checks()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StallDetector(0));
    }

    [Fact]
    public void Inbox_is_first_in_first_out_across_the_ring_end()
    {
        var inbox = new MessageInbox(3);
        var taken = new List<string>();
        for (int round = 0; round < 5; round++)
        {
            Assert.True(inbox.TryAdd("t" + round + "a", new byte[] { (byte)round }));
            Assert.True(inbox.TryAdd("t" + round + "b", new byte[] { (byte)(round + 100) }));
            while (inbox.TryTake(out string topic, out byte[] payload))
            {
                taken.Add(topic + ":" + payload[0]);
            }
        }

        Assert.Equal(10, taken.Count);
        Assert.Equal("t0a:0", taken[0]);
        Assert.Equal("t0b:100", taken[1]);
        Assert.Equal("t4b:104", taken[9]);
        Assert.Equal(0, inbox.Count);
    }

    [Fact]
    public void A_full_inbox_drops_and_counts_without_losing_what_it_holds()
    {
        var inbox = new MessageInbox(2);
        Assert.True(inbox.TryAdd("a", new byte[] { 1 }));
        Assert.True(inbox.TryAdd("b", new byte[] { 2 }));

        Assert.False(inbox.TryAdd("c", new byte[] { 3 }));

        Assert.Equal(1, inbox.DroppedCount);
        Assert.True(inbox.TryTake(out string first, out _));
        Assert.True(inbox.TryTake(out string second, out _));
        Assert.False(inbox.TryTake(out string none, out byte[] empty));
        Assert.Equal(("a", "b"), (first, second));
        Assert.Equal(string.Empty, none);
        Assert.Empty(empty);
    }

    [Fact]
    public void Inbox_rejects_zero_capacity()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageInbox(0));
    }
}
