using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SmartBin.Gateway.Ingest;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>
/// Deterministic fuzz cases from the docs' examples: bit flips, truncation, splicing, huge numbers, deep nesting,
/// invalid UTF-8, duplicate keys, wrong types, random bytes, oversized payloads, and plausible edits (new seq)
/// so that some cases still pass and get committed.
/// </summary>
internal sealed class PayloadMutator(int seed)
{
    private static readonly (string Leaf, string Example)[] Seeds =
    [
        (BinLeaves.DropOff, "dropoff"), (BinLeaves.DropOff, "dropoff"), (BinLeaves.Event, "event"),
        (BinLeaves.Telemetry, "telemetry"), (BinLeaves.Status, "status-online"), (BinLeaves.CommandResult, "cmd-result"),
    ];

    private static readonly string[] OddValues =
    [
        "99999999999999999999999", "-1", "0", "9007199254740992", "9007199254740991", "1e400", "0.5", "-0", "1E2",
        "\"str\"", "null", "[]", "{}", "true", "\"\"", "\"\\uD800\"", "\"2026-11-23T00:15:02.100Z\"", "2147483648",
    ];

    private static readonly string[] Leaves = [BinLeaves.DropOff, BinLeaves.Event, BinLeaves.Telemetry, BinLeaves.Status, BinLeaves.CommandResult, "ack", "bogus/leaf"];

    private readonly Random random = new(seed);

    /// <summary>The next case: the topic leaf it is sent on and its payload.</summary>
    public (string Leaf, byte[] Payload) Next()
    {
        var (leaf, example) = Seeds[random.Next(Seeds.Length)];
        var payload = ProtocolDoc.Bytes(example);
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            payload = Mutate(payload);
        }
        return (random.Next(20) == 0 ? Leaves[random.Next(Leaves.Length)] : leaf, payload);
    }

    private byte[] Mutate(byte[] p) => random.Next(12) switch
    {
        0 => FlipBits(p),
        1 => p[..random.Next(p.Length + 1)],
        2 => Splice(p),
        3 => ReplaceNumber(p),
        4 => Nest(p),
        5 => InsertInvalidUtf8(p),
        6 => DuplicateKey(p),
        7 => ReplaceValue(p),
        8 => RandomBytes(),
        9 => Pad(p, 900 + random.Next(1300)),
        _ => NewSeq(p),
    };

    private byte[] FlipBits(byte[] p)
    {
        var copy = (byte[])p.Clone();
        for (var n = 1 + random.Next(8); n > 0 && copy.Length > 0; n--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }

    private byte[] Splice(byte[] p)
    {
        var other = ProtocolDoc.Bytes(Seeds[random.Next(Seeds.Length)].Example);
        return [.. p[..random.Next(p.Length + 1)], .. other[random.Next(other.Length + 1)..]];
    }

    private byte[] ReplaceNumber(byte[] p)
    {
        var text = Encoding.UTF8.GetString(p);
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1]))).ToArray();
        if (digits.Length == 0)
        {
            return p;
        }
        var start = digits[random.Next(digits.Length)];
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }
        return Encoding.UTF8.GetBytes(text[..start] + OddValues[random.Next(OddValues.Length)] + text[end..]);
    }

    private byte[] Nest(byte[] p)
    {
        var depth = 1 + random.Next(random.Next(2) == 0 ? 8 : 700);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        return InsertBeforeLastBrace(p, ",\"deep\":" + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
    }

    private byte[] InsertInvalidUtf8(byte[] p)
    {
        var at = random.Next(p.Length + 1);
        byte[] bad = random.Next(4) switch
        {
            0 => [0xFF],
            1 => [0xC0, 0xAF],
            2 => [0xED, 0xA0, 0x80],
            _ => [(byte)(0x80 + random.Next(0x80))],
        };
        return [.. p[..at], .. bad, .. p[at..]];
    }

    private byte[] DuplicateKey(byte[] p)
    {
        var keys = new[] { "v", "seq", "id", "card", "netG", "kind", "state", "fillPct", "x" };
        return InsertBeforeLastBrace(p, $",\"{keys[random.Next(keys.Length)]}\":{OddValues[random.Next(OddValues.Length)]}");
    }

    private byte[] ReplaceValue(byte[] p)
    {
        var text = Encoding.UTF8.GetString(p);
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToArray();
        if (colons.Length == 0)
        {
            return p;
        }
        var start = colons[random.Next(colons.Length)] + 1;
        var end = text.IndexOfAny([',', '}'], start);
        return Encoding.UTF8.GetBytes(text[..start] + OddValues[random.Next(OddValues.Length)] + (end < 0 ? "" : text[end..]));
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[random.Next(1100)];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] Pad(byte[] p, int targetBytes) =>
        InsertBeforeLastBrace(p, ",\"pad\":\"" + new string('p', Math.Max(0, targetBytes - p.Length - 10)) + "\"");

    private byte[] NewSeq(byte[] p)
    {
        // Keeps id and seq consistent so the case can pass validation and be committed as a new drop-off or event.
        var seq = random.Next(3) == 0 ? 1 + random.Next(200) : 1_000 + random.Next(1_000_000);
        var text = Encoding.UTF8.GetString(p).Replace("1042", seq.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("1043", seq.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] InsertBeforeLastBrace(byte[] p, string insert)
    {
        var at = Array.LastIndexOf(p, (byte)'}');
        if (at < 0)
        {
            return [.. p, .. Encoding.UTF8.GetBytes(insert)];
        }
        return [.. p[..at], .. Encoding.UTF8.GetBytes(insert), .. p[at..]];
    }

    /// <summary>Documented reasons plus nothing else (internal-error must never appear).</summary>
    public static HashSet<string> DocumentedReasons() => [.. SmartBin.Gateway.Protocol.RejectionReasons.InPrecedenceOrder];
}
