using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SmartBin.Gateway.TimeSeries.Influx;

/// <summary>A point that line protocol cannot carry faithfully; the message names the element and the reason.</summary>
public sealed class LineProtocolException(string message) : ArgumentException(message);

/// <summary>
/// Writes points as InfluxDB line protocol (<c>measurement,tag=v field=1i 1700000000000000000</c>), escaping per
/// the InfluxDB spec: measurement escapes comma and space; tag keys, tag values and field keys escape comma, equals
/// sign and space; string field values escape double quote and backslash. Integers carry <c>i</c>; unsigned
/// (<c>u</c>) is not used because InfluxDB 1.6 rejects it. Timestamps are nanoseconds (<c>precision=ns</c>).
/// Anything that cannot round-trip is rejected with <see cref="LineProtocolException"/>: see README.md.
/// </summary>
public static class LineProtocol
{
    /// <summary>Longest string field value InfluxDB 1.x stores, bytes.</summary>
    public const int StringFieldBytesMax = 65_535;

    private static readonly char[] MeasurementSpecials = [',', ' '];
    private static readonly char[] KeySpecials = [',', '=', ' '];

    /// <summary>One point as one line, without the trailing newline. Throws <see cref="LineProtocolException"/>.</summary>
    public static string Format(TimeSeriesPoint point)
    {
        var text = new StringBuilder(128);
        Append(text, point);
        return text.ToString();
    }

    /// <summary>Null when <paramref name="point"/> can be written, else why not.</summary>
    public static string? Validate(TimeSeriesPoint point)
    {
        try
        {
            Append(new StringBuilder(128), point);
            return null;
        }
        catch (LineProtocolException e)
        {
            return e.Message;
        }
    }

    /// <summary>Appends one line and a newline to <paramref name="text"/>; on error nothing is appended.</summary>
    public static void AppendLine(StringBuilder text, TimeSeriesPoint point)
    {
        var start = text.Length;
        try
        {
            Append(text, point);
            text.Append('\n');
        }
        catch (LineProtocolException)
        {
            text.Length = start;
            throw;
        }
    }

    private static void Append(StringBuilder text, TimeSeriesPoint point)
    {
        CheckName(point.Measurement, "measurement");
        if (point.Measurement[0] == '#')
        {
            throw new LineProtocolException($"measurement '{point.Measurement}': a leading '#' makes the line a comment");
        }
        Escape(text, point.Measurement, MeasurementSpecials);
        var tags = new List<KeyValuePair<string, string>>(point.Tags);
        tags.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < tags.Count; i++)
        {
            var (key, value) = tags[i];
            CheckKey(key, "tag key");
            if (i > 0 && tags[i - 1].Key == key)
            {
                throw new LineProtocolException($"tag key '{key}' appears twice");
            }
            if (value.Length == 0)
            {
                continue; // InfluxDB has no empty tag value: an absent tag reads back the same.
            }
            CheckName(value, $"tag value of '{key}'");
            text.Append(',');
            Escape(text, key, KeySpecials);
            text.Append('=');
            Escape(text, value, KeySpecials);
        }
        AppendFields(text, point);
        text.Append(' ').Append(point.TimestampNs.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendFields(StringBuilder text, TimeSeriesPoint point)
    {
        if (point.Fields.Count == 0)
        {
            throw new LineProtocolException($"measurement '{point.Measurement}': a point needs at least one field");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        text.Append(' ');
        for (var i = 0; i < point.Fields.Count; i++)
        {
            var (key, value) = point.Fields[i];
            CheckKey(key, "field key");
            if (!seen.Add(key))
            {
                throw new LineProtocolException($"field key '{key}' appears twice");
            }
            if (i > 0)
            {
                text.Append(',');
            }
            Escape(text, key, KeySpecials);
            text.Append('=');
            AppendValue(text, key, value);
        }
    }

    private static void AppendValue(StringBuilder text, string key, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Integer:
                text.Append(value.Integer.ToString(CultureInfo.InvariantCulture)).Append('i');
                break;
            case FieldKind.Float:
                if (!double.IsFinite(value.Float))
                {
                    throw new LineProtocolException($"field '{key}' = {value.Float}: NaN and infinities are not representable");
                }
                // Shortest round-trip form; lower-case exponent, which every line protocol parser accepts.
                text.Append(value.Float.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'));
                break;
            case FieldKind.Boolean:
                text.Append(value.Boolean ? "true" : "false");
                break;
            case FieldKind.String:
                AppendString(text, key, value.Text ?? "");
                break;
            default:
                throw new LineProtocolException($"field '{key}': unknown kind {value.Kind}");
        }
    }

    private static void AppendString(StringBuilder text, string key, string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > StringFieldBytesMax)
        {
            throw new LineProtocolException($"field '{key}': string longer than {StringFieldBytesMax} bytes");
        }
        text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }
            text.Append(c);
        }
        text.Append('"');
    }

    private static void CheckKey(string key, string what)
    {
        CheckName(key, what);
        if (key == "time")
        {
            throw new LineProtocolException($"{what} 'time' is reserved by InfluxDB");
        }
    }

    // Measurement, tag keys, tag values and field keys: no line breaks (nothing can escape them) and no backslash
    // that a server could read as an escape (servers disagree on '\\'), so what is written reads back unchanged.
    private static void CheckName(string name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new LineProtocolException($"{what} must not be empty");
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '\n' or '\r' or '\t' or '\0')
            {
                throw new LineProtocolException($"{what} '{name.ReplaceLineEndings(" ")}': control character U+{(int)c:X4} is not representable");
            }
            if (c == '\\' && (i == name.Length - 1 || name[i + 1] is '\\' or ',' or '=' or ' ' or '"'))
            {
                throw new LineProtocolException($"{what} '{name}': a backslash at the end or before \\ , = space or \" is ambiguous");
            }
        }
    }

    private static void Escape(StringBuilder text, string value, char[] specials)
    {
        foreach (var c in value)
        {
            if (Array.IndexOf(specials, c) >= 0)
            {
                text.Append('\\');
            }
            text.Append(c);
        }
    }
}
