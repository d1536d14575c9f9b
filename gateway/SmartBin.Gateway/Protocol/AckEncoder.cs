using System;
using System.Buffers.Text;
using System.Diagnostics;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// Encodes the <c>ack</c> payload exactly as docs/protocol.md shows it, fields in this order:
/// <c>{"v":1,"seq":…,"result":"…","reason":"…","points":…,"co2eG":…}</c>.
/// </summary>
public static class AckEncoder
{
    /// <summary>Longest reason code, characters; reasons are the gateway's own codes.</summary>
    public const int ReasonCharsMax = 40;

    private const int BytesMax = 160; // fixed text + 3 int64 + result + reason, with room to spare

    /// <summary>The ack for <paramref name="seq"/>. <paramref name="reason"/> must be a code of <c>a-z</c>, <c>0-9</c> and <c>-</c>.</summary>
    public static byte[] Encode(long seq, AckResult result, string reason, long points, long gramsCo2e)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seq, ProtocolLimits.SeqMax);
        // Reasons are our own codes, so they never need JSON escaping; refusing anything else keeps that true.
        if (reason.Length > ReasonCharsMax || reason.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789-") >= 0)
        {
            throw new ArgumentException($"not a reason code: '{reason}'", nameof(reason));
        }
        Span<byte> buffer = stackalloc byte[BytesMax];
        var length = 0;
        Append(buffer, ref length, "{\"v\":1,\"seq\":"u8);
        AppendNumber(buffer, ref length, seq);
        Append(buffer, ref length, ",\"result\":\""u8);
        AppendAscii(buffer, ref length, AckResults.ToWire(result));
        Append(buffer, ref length, "\",\"reason\":\""u8);
        AppendAscii(buffer, ref length, reason);
        Append(buffer, ref length, "\",\"points\":"u8);
        AppendNumber(buffer, ref length, points);
        Append(buffer, ref length, ",\"co2eG\":"u8);
        AppendNumber(buffer, ref length, gramsCo2e);
        Append(buffer, ref length, "}"u8);
        return buffer[..length].ToArray();
    }

    private static void Append(Span<byte> buffer, ref int length, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer[length..]);
        length += text.Length;
    }

    private static void AppendAscii(Span<byte> buffer, ref int length, string text)
    {
        foreach (var c in text)
        {
            Debug.Assert(c < 0x80, "ack strings are ASCII codes");
            buffer[length++] = (byte)c;
        }
    }

    private static void AppendNumber(Span<byte> buffer, ref int length, long value)
    {
        var written = Utf8Formatter.TryFormat(value, buffer[length..], out var count);
        Debug.Assert(written, "an int64 always fits the ack buffer");
        length += count;
    }
}
