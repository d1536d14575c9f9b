using System;
using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>The type of a field value; each maps to one line protocol type.</summary>
public enum FieldKind
{
    /// <summary>64-bit signed integer (line protocol <c>123i</c>).</summary>
    Integer = 1,

    /// <summary>64-bit IEEE float, finite only.</summary>
    Float = 2,

    /// <summary>Boolean (<c>true</c>/<c>false</c>).</summary>
    Boolean = 3,

    /// <summary>UTF-8 string (double-quoted on the wire).</summary>
    String = 4,
}

/// <summary>One typed field value. Build with the <c>Of</c> factories.</summary>
/// <param name="Kind">Type.</param>
/// <param name="Integer">Value when <see cref="FieldKind.Integer"/>.</param>
/// <param name="Float">Value when <see cref="FieldKind.Float"/>.</param>
/// <param name="Boolean">Value when <see cref="FieldKind.Boolean"/>.</param>
/// <param name="Text">Value when <see cref="FieldKind.String"/>, else null.</param>
public readonly record struct FieldValue(FieldKind Kind, long Integer, double Float, bool Boolean, string? Text)
{
    /// <summary>An integer field.</summary>
    public static FieldValue Of(long value) => new(FieldKind.Integer, value, 0, false, null);

    /// <summary>A float field.</summary>
    public static FieldValue Of(double value) => new(FieldKind.Float, 0, value, false, null);

    /// <summary>A boolean field.</summary>
    public static FieldValue Of(bool value) => new(FieldKind.Boolean, 0, 0, value, null);

    /// <summary>A string field.</summary>
    public static FieldValue Of(string value) => new(FieldKind.String, 0, 0, false, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>The value as a number for charts and roll-ups (booleans as 0/1); null for strings.</summary>
    public double? AsNumber() => Kind switch
    {
        FieldKind.Integer => Integer,
        FieldKind.Float => Float,
        FieldKind.Boolean => Boolean ? 1 : 0,
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FieldKind.Integer => Integer.ToString(CultureInfo.InvariantCulture) + "i",
        FieldKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Boolean => Boolean ? "true" : "false",
        _ => "\"" + Text + "\"",
    };
}

/// <summary>
/// One time series point: a measurement, tags (indexed, low cardinality), at least one field, and a time in
/// nanoseconds since the Unix epoch (UTC).
/// </summary>
/// <param name="Measurement">Measurement name, e.g. <c>bin_telemetry</c>.</param>
/// <param name="Tags">Tags in the order given (the line protocol writer sorts them by key).</param>
/// <param name="Fields">Fields, at least one.</param>
/// <param name="TimestampNs">Nanoseconds since 1970-01-01T00:00:00Z.</param>
public sealed record TimeSeriesPoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, FieldValue>> Fields,
    long TimestampNs)
{
    /// <summary>Nanoseconds per .NET tick (100 ns).</summary>
    public const long NanosecondsPerTick = 100;

    /// <summary>The value of tag <paramref name="key"/>, or null.</summary>
    public string? Tag(string key)
    {
        foreach (var tag in Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }

    /// <summary>Converts a UTC time to Unix nanoseconds (100 ns resolution, the resolution of <see cref="DateTimeOffset"/>).</summary>
    public static long ToUnixNanoseconds(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosecondsPerTick;

    /// <summary>Converts Unix nanoseconds back to a UTC time (truncated to 100 ns).</summary>
    public static DateTimeOffset FromUnixNanoseconds(long ns) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + ns / NanosecondsPerTick, TimeSpan.Zero);
}
