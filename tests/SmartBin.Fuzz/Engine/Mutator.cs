using System;
using System.Collections.Generic;
using System.Text;

namespace SmartBin.Fuzz.Engine;

/// <summary>
/// Byte-level mutations of a valid example (AFL's classic set, without coverage feedback): bit flips, random and
/// "interesting" bytes, inserts and deletes, chunk repeats (for over-long input), truncation, splicing with another
/// seed, and tokens from the target's dictionary.
/// </summary>
internal sealed class Mutator(IReadOnlyList<byte[]> seeds, IReadOnlyList<string> dictionary, int maxBytes)
{
    private static readonly byte[][] Interesting =
    [
        [0x00], [0xFF], [0x7F], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
        [0xF0, 0x9F, 0x98, 0x80], [0xC3, 0xA9], [(byte)'\r'], [(byte)'\n'], [(byte)'\t'], [0x1B], [(byte)'"'], [(byte)'\\'],
        [(byte)'{'], [(byte)'}'], [(byte)'['], [(byte)']'], [(byte)','], [(byte)':'], [0xEF, 0xBB, 0xBF],
    ];

    /// <summary>A seed with 1–<paramref name="roundsMax"/> mutations, at most maxBytes long.</summary>
    public byte[] Next(Random random, int roundsMax = 4)
    {
        var bytes = new List<byte>(seeds[random.Next(seeds.Count)]);
        var rounds = 1 + random.Next(roundsMax);
        for (var i = 0; i < rounds; i++)
        {
            Mutate(random, bytes);
        }
        if (bytes.Count > maxBytes)
        {
            bytes.RemoveRange(maxBytes, bytes.Count - maxBytes);
        }
        return [.. bytes];
    }

    /// <summary>Uniform random bytes, 0–<paramref name="lengthMax"/> long.</summary>
    public static byte[] RandomBytes(Random random, int lengthMax)
    {
        var bytes = new byte[random.Next(lengthMax + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One mutation in place.</summary>
    public void Mutate(Random random, List<byte> b)
    {
        var at = random.Next(b.Count + 1);
        switch (random.Next(11))
        {
            case 0 when b.Count > 0:
                b[Math.Min(at, b.Count - 1)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when b.Count > 0:
                b[Math.Min(at, b.Count - 1)] = (byte)random.Next(256);
                break;
            case 2:
                b.InsertRange(at, Interesting[random.Next(Interesting.Length)]);
                break;
            case 3 when b.Count > 0:
                b.RemoveRange(Math.Min(at, b.Count - 1), Math.Min(1 + random.Next(16), b.Count - Math.Min(at, b.Count - 1)));
                break;
            case 4:
                b.RemoveRange(at, b.Count - at);
                break;
            case 5:
                Splice(random, b, at);
                break;
            case 6 when dictionary.Count > 0:
                b.InsertRange(at, Encoding.UTF8.GetBytes(dictionary[random.Next(dictionary.Count)]));
                break;
            case 7 when b.Count > 0:
                Repeat(random, b);
                break;
            case 8:
                b.InsertRange(at, RandomBytes(random, 8));
                break;
            case 9 when dictionary.Count > 0 && b.Count > 0:
                ReplaceRange(random, b, Encoding.UTF8.GetBytes(dictionary[random.Next(dictionary.Count)]));
                break;
            default:
                var from = random.Next(b.Count + 1);
                b.InsertRange(at, b.GetRange(from, Math.Min(random.Next(32), b.Count - from)));
                break;
        }
    }

    private void Splice(Random random, List<byte> b, int at)
    {
        var other = seeds[random.Next(seeds.Count)];
        var from = random.Next(other.Length + 1);
        b.RemoveRange(at, b.Count - at);
        b.AddRange(other.AsSpan(from).ToArray());
    }

    private void Repeat(Random random, List<byte> b)
    {
        var from = random.Next(b.Count);
        var chunk = b.GetRange(from, Math.Min(1 + random.Next(16), b.Count - from));
        var times = 1 + random.Next(random.Next(2) == 0 ? 8 : maxBytes / Math.Max(1, chunk.Count));
        for (var i = 0; i < times && b.Count < maxBytes; i++)
        {
            b.InsertRange(from, chunk);
        }
    }

    private static void ReplaceRange(Random random, List<byte> b, byte[] token)
    {
        var from = random.Next(b.Count);
        b.RemoveRange(from, Math.Min(1 + random.Next(8), b.Count - from));
        b.InsertRange(from, token);
    }
}

/// <summary>Inputs shown in reports: printable ASCII kept, everything else escaped, shortened.</summary>
internal static class Printable
{
    /// <summary>Longest text shown.</summary>
    public const int CharsMax = 300;

    public static string Of(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (text.Length >= CharsMax)
            {
                text.Append($"… ({bytes.Length} bytes)");
                break;
            }
            if (b is >= 0x20 and < 0x7F and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(b == (byte)'\\' ? "\\\\" : $"\\x{b:X2}");
            }
        }
        return text.ToString();
    }
}
