using System;
using System.Globalization;
using D = SmartBin.Gateway.Protocol.DropOffFields;
using R = SmartBin.Gateway.Protocol.RejectionReasons;

namespace SmartBin.Gateway.Protocol;

/// <summary>Cross-field and vocabulary rules, after the per-field ranges have passed.</summary>
public sealed partial class BinMessageParser
{
    private static readonly int[] CardUidHexLengths = [0, 8, 14, 20]; // none, or 4, 7, 10 bytes

    private static Problem? DropOffProblem(FieldValues values)
    {
        var before = values.Int(D.GrossBefore);
        var after = values.Int(D.GrossAfter);
        var net = values.Int(D.Net);
        if (net != after - before)
        {
            return new(R.OutOfRange, $"'netG' = {net} but grossAfterG − grossBeforeG = {after - before}");
        }
        return CardProblem(values.Str(D.Card)) ?? WordProblem(values, D.Material, Vocabulary.Materials, R.UnknownMaterial);
    }

    private Problem? DropOffClockProblem(FieldValues values, DateTimeOffset receivedUtc)
    {
        var start = values.Time(D.Start);
        var end = values.Time(D.End);
        if (start > end)
        {
            return new(R.ClockSkew, $"'start' {Iso(start)} is after 'end' {Iso(end)}");
        }
        return TimeWindowProblem(D.End, end, receivedUtc) ?? TimeWindowProblem(D.Start, start, receivedUtc);
    }

    private Problem? TimeWindowProblem(FieldSpec field, DateTimeOffset binTime, DateTimeOffset receivedUtc)
    {
        if (binTime - receivedUtc > maxFutureSkew)
        {
            return new(R.ClockSkew, $"'{field.Path}' {Iso(binTime)} is more than {maxFutureSkew.TotalSeconds:0} s after the receive time {Iso(receivedUtc)}");
        }
        if (receivedUtc - binTime > maxAge)
        {
            return new(R.ClockSkew, $"'{field.Path}' {Iso(binTime)} is more than {maxAge.TotalDays:0} days before the receive time {Iso(receivedUtc)}");
        }
        return null;
    }

    private static Problem? CardProblem(string card)
    {
        if (Array.IndexOf(CardUidHexLengths, card.Length) >= 0 && card.AsSpan().IndexOfAnyExcept("0123456789ABCDEF") < 0)
        {
            return null;
        }
        return new(R.OutOfRange, $"'card' must be empty or 8, 14 or 20 upper-case hex digits, not '{Shorten(card)}'");
    }

    private static Problem? WordProblem(FieldValues values, FieldSpec field, string[] words, string reason)
    {
        var value = values.Str(field);
        return Array.IndexOf(words, value) >= 0 ? null : new(reason, $"'{field.Path}' = '{Shorten(value)}' is not one of {string.Join(", ", words)}");
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
