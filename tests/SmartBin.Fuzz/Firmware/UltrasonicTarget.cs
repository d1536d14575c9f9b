using System;
using System.Collections.Generic;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Fuzz.Engine;

namespace SmartBin.Fuzz.Firmware;

/// <summary>
/// <see cref="UltrasonicFrameParser"/> on arbitrary byte streams fed in random chunk sizes: no exception; every byte
/// is accounted for (4 per good frame, or discarded, or at most 3 waiting for the rest of a frame); a distance is
/// reported only when a good frame arrived, is inside the module's range, and is the last good frame's value.
/// Rejections are counted by what the stream held: checksum errors, out-of-range frames, noise bytes only.
/// </summary>
internal sealed class UltrasonicTarget : IFuzzTarget
{
    private byte[] last = [];

    public string Name => "ultrasonic";

    public int Epoch => 1;

    /// <summary>The parser's counters (Drivers/README.md): checksum errors, out-of-range frames, discarded bytes.</summary>
    public IReadOnlySet<string> DocumentedReasons { get; } = new HashSet<string> { "checksum", "out-of-range", "noise" };

    public string LastInput => Printable.Of(last);

    public void Reset()
    {
    }

    public string? Run(long index, Random random)
    {
        var stream = Generate(random);
        last = stream;
        var parser = new UltrasonicFrameParser();
        var chunk = new byte[64];
        for (var at = 0; at < stream.Length;)
        {
            var n = Math.Min(stream.Length - at, 1 + random.Next(random.Next(2) == 0 ? 4 : 64));
            Array.Copy(stream, at, chunk, 0, n);
            parser.Feed(chunk, n);
            at += n;
        }
        var pending = stream.Length - (4L * parser.FramesOk) - parser.BytesDiscarded;
        if (pending is < 0 or > UltrasonicFrameParser.FrameBytes - 1)
        {
            throw new FuzzViolation($"{stream.Length} bytes in, {parser.FramesOk} frames, {parser.BytesDiscarded} discarded: {pending} unaccounted");
        }
        var fresh = parser.TryReadDistance(out var distanceMm);
        if (fresh != (parser.FramesOk > 0))
        {
            throw new FuzzViolation($"fresh reading {fresh} after {parser.FramesOk} good frames");
        }
        if (fresh && (distanceMm < UltrasonicFrameParser.DistanceMinMm || distanceMm > UltrasonicFrameParser.DistanceMaxMm || !HoldsFrameOf(stream, distanceMm)))
        {
            throw new FuzzViolation($"reported {distanceMm} mm, which no good frame in the stream holds");
        }
        if (parser.TryReadDistance(out _))
        {
            throw new FuzzViolation("the same reading was reported twice");
        }
        return parser.ChecksumErrors > 0 ? "checksum" : parser.OutOfRangeFrames > 0 ? "out-of-range" : parser.FramesOk == 0 && stream.Length > 0 ? "noise" : null;
    }

    // The reported distance is the value of a good frame somewhere in the stream.
    private static bool HoldsFrameOf(byte[] s, int distanceMm)
    {
        var high = (byte)(distanceMm >> 8);
        var low = (byte)distanceMm;
        for (var i = s.Length - 4; i >= 0; i--)
        {
            if (s[i] == UltrasonicFrameParser.Header && s[i + 1] == high && s[i + 2] == low && s[i + 3] == UltrasonicFrameParser.Checksum(high, low))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] Generate(Random r)
    {
        if (r.Next(4) == 0)
        {
            return Mutator.RandomBytes(r, 64);
        }
        var bytes = new List<byte>();
        for (var frames = r.Next(0, 6); frames > 0; frames--)
        {
            var mm = r.Next(6) == 0 ? r.Next(0, 65_536) : r.Next(30, 4_501);
            var (high, low) = ((byte)(mm >> 8), (byte)mm);
            byte[] frame = [UltrasonicFrameParser.Header, high, low, UltrasonicFrameParser.Checksum(high, low)];
            switch (r.Next(6))
            {
                case 0:
                    frame[1 + r.Next(3)] ^= (byte)(1 << r.Next(8));
                    break;
                case 1:
                    frame = frame[..r.Next(4)]; // a byte lost or the frame cut short
                    break;
                case 2:
                    bytes.AddRange(Mutator.RandomBytes(r, 5));
                    break;
                case 3:
                    bytes.Add(UltrasonicFrameParser.Header);
                    break;
            }
            bytes.AddRange(frame);
        }
        return [.. bytes];
    }
}
