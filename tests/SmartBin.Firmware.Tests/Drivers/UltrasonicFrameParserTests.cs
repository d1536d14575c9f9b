using System;
using System.Collections.Generic;
using SmartBin.Firmware.Core.Drivers;
using Xunit;

namespace SmartBin.Firmware.Tests.Drivers;

/// <summary>The UART ultrasonic frame parser with clean, split, corrupted, partial and garbage input.</summary>
public sealed class UltrasonicFrameParserTests
{
    private static byte[] Frame(int distanceMm)
    {
        byte high = (byte)(distanceMm >> 8);
        byte low = (byte)distanceMm;
        return new byte[] { 0xFF, high, low, UltrasonicFrameParser.Checksum(high, low) };
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (byte[] part in parts)
        {
            all.AddRange(part);
        }

        return all.ToArray();
    }

    private static void FeedAll(UltrasonicFrameParser parser, byte[] bytes) => parser.Feed(bytes, bytes.Length);

    [Theory]
    [InlineData(30)]
    [InlineData(511)] // low byte 0xFF, checksum 0xFF: header-like bytes inside the frame
    [InlineData(1234)]
    [InlineData(4500)]
    public void A_clean_frame_gives_its_distance_once(int distanceMm)
    {
        var parser = new UltrasonicFrameParser();
        FeedAll(parser, Frame(distanceMm));

        Assert.True(parser.TryReadDistance(out int readMm));
        Assert.Equal(distanceMm, readMm);
        Assert.False(parser.TryReadDistance(out _)); // no new frame, no reading
        Assert.Equal(0, parser.ChecksumErrors + parser.BytesDiscarded);
    }

    [Fact]
    public void A_frame_split_across_feeds_is_assembled()
    {
        var parser = new UltrasonicFrameParser();
        byte[] bytes = Frame(987);
        foreach (byte value in bytes)
        {
            Assert.False(parser.TryReadDistance(out _));
            parser.Feed(new[] { value, (byte)0x55 }, 1); // count bounds what is read
        }

        Assert.True(parser.TryReadDistance(out int readMm));
        Assert.Equal(987, readMm);
    }

    [Fact]
    public void Garbage_before_a_frame_is_discarded()
    {
        var parser = new UltrasonicFrameParser();
        FeedAll(parser, Concat(new byte[] { 0x00, 0x13, 0x37, 0xAA }, Frame(800)));

        Assert.True(parser.TryReadDistance(out int readMm));
        Assert.Equal(800, readMm);
        Assert.Equal(4, parser.BytesDiscarded);
    }

    [Fact]
    public void A_corrupted_checksum_is_rejected_and_the_next_frame_read()
    {
        var parser = new UltrasonicFrameParser();
        byte[] bad = Frame(600);
        bad[3] ^= 0x10;
        FeedAll(parser, bad);
        Assert.False(parser.TryReadDistance(out _));

        FeedAll(parser, Frame(650));
        Assert.True(parser.TryReadDistance(out int readMm));
        Assert.Equal(650, readMm);
        Assert.Equal(1, parser.ChecksumErrors);
    }

    [Fact]
    public void A_frame_missing_a_byte_does_not_swallow_the_next_frame()
    {
        var parser = new UltrasonicFrameParser();
        byte[] partial = Frame(700)[..3]; // checksum lost: the next frame's header completes it

        FeedAll(parser, Concat(partial, Frame(720)));

        Assert.True(parser.TryReadDistance(out int readMm));
        Assert.Equal(720, readMm);
        Assert.Equal(1, parser.FramesOk);
    }

    [Fact]
    public void Out_of_range_distances_are_not_readings()
    {
        var parser = new UltrasonicFrameParser();
        FeedAll(parser, Concat(Frame(0), Frame(29), Frame(4501)));

        Assert.False(parser.TryReadDistance(out _));
        Assert.Equal(3, parser.OutOfRangeFrames);
    }

    [Fact]
    public void Starting_mid_stream_at_511_mm_does_not_lock_onto_the_wrong_byte()
    {
        var parser = new UltrasonicFrameParser();
        byte[] stream = Concat(Frame(511), Frame(511), Frame(511));

        parser.Feed(stream[3..], stream.Length - 3); // joined at the first frame's checksum (0xFF)

        Assert.True(parser.TryReadDistance(out int readMm));
        Assert.Equal(511, readMm);
    }

    [Fact]
    public void Random_garbage_then_three_frames_always_ends_on_the_true_distance()
    {
        var random = new Random(2026);
        for (int trial = 0; trial < 5000; trial++)
        {
            var parser = new UltrasonicFrameParser();
            var garbage = new byte[random.Next(0, 12)];
            random.NextBytes(garbage);
            int distanceMm = random.Next(UltrasonicFrameParser.DistanceMinMm, UltrasonicFrameParser.DistanceMaxMm + 1);
            byte[] frame = Frame(distanceMm);
            byte[] stream = Concat(garbage, frame, frame, frame);

            int offset = 0;
            while (offset < stream.Length)
            {
                int chunk = Math.Min(random.Next(1, 6), stream.Length - offset);
                parser.Feed(stream[offset..(offset + chunk)], chunk);
                offset += chunk;
            }

            Assert.True(parser.TryReadDistance(out int readMm), "trial " + trial);
            Assert.Equal(distanceMm, readMm);
        }
    }

    [Fact]
    public void Feeding_allocates_nothing()
    {
        var parser = new UltrasonicFrameParser();
        byte[] stream = Concat(Frame(1000), new byte[] { 0xFF, 0x01 }, Frame(1100), new byte[] { 0x42 });
        FeedAll(parser, stream);

        long beforeBytes = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            parser.Feed(stream, stream.Length);
            parser.TryReadDistance(out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - beforeBytes);
        Assert.Equal(2002, parser.FramesOk);
    }
}
