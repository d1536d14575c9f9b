using System;
using System.Globalization;
using SmartBin.Gateway.Configuration;
using D = SmartBin.Gateway.Protocol.DropOffFields;
using E = SmartBin.Gateway.Protocol.EventFields;
using R = SmartBin.Gateway.Protocol.RejectionReasons;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// Strict parser of the payloads bins publish (docs/protocol.md): each call returns the message record or a
/// rejection with a <see cref="RejectionReasons"/> code and a detail naming the field. Problems are reported in
/// the precedence of <see cref="RejectionReasons.InPrecedenceOrder"/>. Unknown extra fields are ignored (forward
/// compatibility) but count toward the size limit. Thread-safe; a valid message allocates only its record and its
/// free-text strings.
/// </summary>
public sealed partial class BinMessageParser
{
    private const int ClockUnsetFlag = 4;

    private readonly TimeSpan maxFutureSkew;
    private readonly TimeSpan maxAge;

    /// <summary>A parser judging bin times against the receive time.</summary>
    /// <param name="maxFutureSkew">How far a bin time may be after the receive time.</param>
    /// <param name="maxAge">How far a bin time may be before the receive time.</param>
    public BinMessageParser(TimeSpan maxFutureSkew, TimeSpan maxAge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFutureSkew, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero);
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
    }

    /// <summary>A parser with <c>Ingest:MaxFutureSkewS</c> and <c>Ingest:MaxAgeDays</c>.</summary>
    public static BinMessageParser FromOptions(IngestOptions options) =>
        new(TimeSpan.FromSeconds(options.MaxFutureSkewS), TimeSpan.FromDays(options.MaxAgeDays));

    /// <summary>Parses a <c>dropoff</c> from the bin <paramref name="binId"/> (the connection's identity).</summary>
    public ParseResult<DropOffMessage> ParseDropOff(string binId, ReadOnlySpan<byte> payload, DateTimeOffset receivedUtc)
    {
        var values = FieldValues.ForThisThread();
        var problem = Structure(payload, D.Table, D.V, values)
            ?? IdProblem(binId, values, D.Id, D.Seq)
            ?? RangeProblem(D.Table, values)
            ?? DropOffProblem(values)
            ?? (((values.Int(D.Flags) & ClockUnsetFlag) != 0) ? null : DropOffClockProblem(values, receivedUtc));
        if (problem is { } p)
        {
            return ParseResult<DropOffMessage>.Rejected(p.Reason, p.Detail, ReadableSeq(p, payload, values, D.Seq));
        }
        var message = new DropOffMessage(
            values.Int(D.Seq), values.Str(D.Card), values.Time(D.Start), values.Time(D.End), (int)values.Int(D.GrossBefore),
            (int)values.Int(D.GrossAfter), (int)values.Int(D.Net), (int)values.Int(D.Items), values.Str(D.Material),
            (int)values.Int(D.Flags), (int)values.Int(D.CalVersion), values.Str(D.Fw));
        return ParseResult<DropOffMessage>.Accepted(message, message.Seq);
    }

    /// <summary>Parses an <c>event</c> from the bin <paramref name="binId"/> (the connection's identity).</summary>
    public ParseResult<EventMessage> ParseEvent(string binId, ReadOnlySpan<byte> payload, DateTimeOffset receivedUtc)
    {
        var values = FieldValues.ForThisThread();
        var problem = Structure(payload, E.Table, E.V, values)
            ?? IdProblem(binId, values, E.Id, E.Seq)
            ?? RangeProblem(E.Table, values)
            ?? CardProblem(values.Str(E.Card))
            ?? WordProblem(values, E.Kind, Vocabulary.EventKinds, R.UnknownKind)
            ?? (values.Bool(E.ClockUnset) ? null : TimeWindowProblem(E.At, values.Time(E.At), receivedUtc));
        if (problem is { } p)
        {
            return ParseResult<EventMessage>.Rejected(p.Reason, p.Detail, ReadableSeq(p, payload, values, E.Seq));
        }
        var message = new EventMessage(
            values.Int(E.Seq), values.Str(E.Kind), values.Str(E.Code), values.Time(E.At), (int)values.Int(E.Grams),
            values.Str(E.Card), values.Bool(E.ClockUnset));
        return ParseResult<EventMessage>.Accepted(message, message.Seq);
    }

    /// <summary>
    /// Reads <c>seq</c> (and <c>id</c>) from any payload, however malformed, as far as it is readable JSON: the
    /// first <see cref="ProtocolLimits.SeqPeekBytesMax"/> bytes are searched for a top-level <c>seq</c> holding an
    /// integer 1…2^53−1. Returns 0 when there is none, or more than one.
    /// </summary>
    public static long PeekSeq(ReadOnlySpan<byte> payload, out string id) => SeqPeek.Read(payload, out id);

    private static long ReadableSeq(Problem problem, ReadOnlySpan<byte> payload, FieldValues values, FieldSpec seq)
    {
        if (problem.Reason is R.TooLarge or R.BadJson)
        {
            return SeqPeek.Read(payload, out _);
        }
        var value = values.Int(seq);
        return values.IsPresent(seq) && !values.IsTooBig(seq) && value >= seq.Min && value <= seq.Max ? value : 0;
    }

    private static Problem? Structure(ReadOnlySpan<byte> payload, FieldTable table, FieldSpec version, FieldValues values)
    {
        if (payload.Length > ProtocolLimits.PayloadBytesMax)
        {
            return new(R.TooLarge, $"payload is {payload.Length} bytes; at most {ProtocolLimits.PayloadBytesMax}");
        }
        if (!FieldReader.TryRead(payload, table, values))
        {
            return new(R.BadJson, values.JsonProblem);
        }
        if (!values.IsPresent(version))
        {
            return new(R.BadVersion, "'v' is missing");
        }
        if (values.IsTooBig(version) || values.Int(version) != 1)
        {
            return new(R.BadVersion, "'v' must be 1");
        }
        if (values.TypeProblem.Length > 0)
        {
            return new(R.Schema, values.TypeProblem);
        }
        var missing = FirstMissing(table, values);
        return missing is null ? null : new(R.Schema, $"'{missing.Path}' is missing");
    }

    private static FieldSpec? FirstMissing(FieldTable table, FieldValues values)
    {
        foreach (var field in table.Fields)
        {
            if (!values.IsPresent(field))
            {
                return field;
            }
            if (field.Children is not null && FirstMissing(field.Children, values) is { } child)
            {
                return child;
            }
        }
        return null;
    }

    private static Problem? IdProblem(string binId, FieldValues values, FieldSpec idField, FieldSpec seqField)
    {
        var seq = values.Int(seqField);
        if (values.IsTooBig(seqField) || seq < seqField.Min || seq > seqField.Max)
        {
            return null; // the range check names seq itself
        }
        var id = values.Str(idField);
        Span<char> digits = stackalloc char[20];
        seq.TryFormat(digits, out var digitCount, provider: CultureInfo.InvariantCulture);
        var matches = id.Length == binId.Length + 1 + digitCount && id.StartsWith(binId, StringComparison.Ordinal) &&
            id[binId.Length] == ':' && id.AsSpan(binId.Length + 1).SequenceEqual(digits[..digitCount]);
        return matches ? null : new(R.BadId, $"'id' is '{Shorten(id)}', expected '{binId}:{seq}'");
    }

    private static Problem? RangeProblem(FieldTable table, FieldValues values)
    {
        foreach (var field in table.Fields)
        {
            var problem = field.Type switch
            {
                FieldType.Int => IntRangeProblem(field, values),
                FieldType.String => StringRangeProblem(field, values.Str(field)),
                FieldType.Object => RangeProblem(field.Children!, values),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    private static Problem? IntRangeProblem(FieldSpec field, FieldValues values)
    {
        if (values.IsTooBig(field))
        {
            return new(R.OutOfRange, $"'{field.Path}' is too large; allowed {field.Min}…{field.Max}");
        }
        var value = values.Int(field);
        return value >= field.Min && value <= field.Max
            ? null
            : new(R.OutOfRange, $"'{field.Path}' = {value} is outside {field.Min}…{field.Max}");
    }

    private static Problem? StringRangeProblem(FieldSpec field, string value) =>
        value.Length >= field.Min && value.Length <= field.Max
            ? null
            : new(R.OutOfRange, $"'{field.Path}' has {value.Length} characters; allowed {field.Min}…{field.Max}");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A rejection found while parsing: reason code and detail.</summary>
internal readonly record struct Problem(string Reason, string Detail);
