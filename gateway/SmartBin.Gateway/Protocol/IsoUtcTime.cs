using System;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// The protocol's time format: <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c>, UTC only (a <c>Z</c>, never an offset), 0–7
/// fraction digits. Hand-parsed from UTF-8 so the hot path neither allocates nor depends on culture.
/// </summary>
internal static class IsoUtcTime
{
    private const int FixedPartLength = 19; // yyyy-MM-ddTHH:mm:ss
    private const int FractionDigitsMax = 7; // DateTime's tick resolution

    /// <summary>Parses <paramref name="text"/>; false for anything not exactly in the format or not a real date.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset utc)
    {
        utc = default;
        if (text.Length < FixedPartLength + 1 || text[^1] != (byte)'Z')
        {
            return false;
        }
        if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day) ||
            !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }
        if (!TryFraction(text[FixedPartLength..^1], out var fractionTicks))
        {
            return false;
        }
        // Leap seconds (:60) are refused: the bin's SNTP clock never produces them.
        if (year < 1 || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 59 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks;
        utc = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool TryFraction(ReadOnlySpan<byte> fraction, out long ticks)
    {
        ticks = 0;
        if (fraction.IsEmpty)
        {
            return true;
        }
        var digitCount = fraction.Length - 1;
        if (fraction[0] != '.' || digitCount is < 1 or > FractionDigitsMax || !Digits(fraction, 1, digitCount, out var value))
        {
            return false;
        }
        for (var i = digitCount; i < FractionDigitsMax; i++)
        {
            value *= 10;
        }
        ticks = value;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }
            value = (value * 10) + digit;
        }
        return true;
    }
}
