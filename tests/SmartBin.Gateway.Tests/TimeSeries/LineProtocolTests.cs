using System.Collections.Generic;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.TimeSeries.Influx;
using Xunit;

namespace SmartBin.Gateway.Tests.TimeSeries;

public class LineProtocolTests
{
    private static TimeSeriesPoint P(string measurement, (string, string)[] tags, params (string, FieldValue)[] fields)
    {
        var t = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in tags)
        {
            t.Add(new(k, v));
        }
        var f = new List<KeyValuePair<string, FieldValue>>();
        foreach (var (k, v) in fields)
        {
            f.Add(new(k, v));
        }
        return new TimeSeriesPoint(measurement, t, f, 1_700_000_000_123_456_789);
    }

    private static readonly (string, FieldValue) One = ("f", FieldValue.Of(1L));

    public static TheoryData<string, string> Escaping => new()
    {
        // measurement: comma and space escaped; '=' and quotes are plain
        { "a,b", @"a\,b f=1i 1700000000123456789" },
        { "a b", @"a\ b f=1i 1700000000123456789" },
        { "a=b", @"a=b f=1i 1700000000123456789" },
        { "a\"b", "a\"b f=1i 1700000000123456789" },
        { @"a\b", @"a\b f=1i 1700000000123456789" },
        { "水位", "水位 f=1i 1700000000123456789" },
    };

    [Theory]
    [MemberData(nameof(Escaping))]
    public void Measurement_escapes_comma_and_space_only(string measurement, string expected) =>
        Assert.Equal(expected, LineProtocol.Format(P(measurement, [], One)));

    [Theory]
    [InlineData("k,1", "v", @"m,k\,1=v f=1i 1")]
    [InlineData("k=1", "v", @"m,k\=1=v f=1i 1")]
    [InlineData("k 1", "v", @"m,k\ 1=v f=1i 1")]
    [InlineData("k", "a,b", @"m,k=a\,b f=1i 1")]
    [InlineData("k", "a=b", @"m,k=a\=b f=1i 1")]
    [InlineData("k", "a b", @"m,k=a\ b f=1i 1")]
    [InlineData("k", "a\"b", "m,k=a\"b f=1i 1")]
    [InlineData("k", @"a\b", @"m,k=a\b f=1i 1")]
    [InlineData("k", "é中", "m,k=é中 f=1i 1")]
    public void Tag_keys_and_values_escape_comma_equals_and_space(string key, string value, string expected)
    {
        var point = P("m", [(key, value)], One) with { TimestampNs = 1 };
        Assert.Equal(expected, LineProtocol.Format(point));
    }

    [Theory]
    [InlineData("f,1", @"m f\,1=1i 1")]
    [InlineData("f=1", @"m f\=1=1i 1")]
    [InlineData("f 1", @"m f\ 1=1i 1")]
    [InlineData("f\"1", "m f\"1=1i 1")]
    public void Field_keys_escape_comma_equals_and_space(string key, string expected) =>
        Assert.Equal(expected, LineProtocol.Format(P("m", [], (key, FieldValue.Of(1L))) with { TimestampNs = 1 }));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\temp\", "\"C:\\\\temp\\\\\"")]
    [InlineData("a,b=c d", "\"a,b=c d\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "\"\"")]
    public void String_fields_escape_double_quote_and_backslash(string value, string expectedField) =>
        Assert.Equal("m s=" + expectedField + " 1", LineProtocol.Format(P("m", [], ("s", FieldValue.Of(value))) with { TimestampNs = 1 }));

    [Theory]
    [InlineData(0L, "0i")]
    [InlineData(-42L, "-42i")]
    [InlineData(long.MaxValue, "9223372036854775807i")]
    [InlineData(long.MinValue, "-9223372036854775808i")]
    public void Integers_carry_i(long value, string expected) =>
        Assert.Equal("m f=" + expected + " 1", LineProtocol.Format(P("m", [], ("f", FieldValue.Of(value))) with { TimestampNs = 1 }));

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(2.0, "2")]
    [InlineData(1e300, "1e+300")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(0.1, "0.1")]
    public void Floats_use_shortest_round_trip_form(double value, string expected) =>
        Assert.Equal("m f=" + expected + " 1", LineProtocol.Format(P("m", [], ("f", FieldValue.Of(value))) with { TimestampNs = 1 }));

    [Fact]
    public void Booleans_tags_sorted_empty_tags_dropped_and_timestamp_in_ns()
    {
        var point = P("m", [("z", "1"), ("a", "2"), ("e", "")], ("t", FieldValue.Of(true)), ("u", FieldValue.Of(false)));
        Assert.Equal("m,a=2,z=1 t=true,u=false 1700000000123456789", LineProtocol.Format(point));
    }

    public static TheoryData<TimeSeriesPoint, string> Rejected => new()
    {
        { P("m", [], ("f", FieldValue.Of(double.NaN))), "NaN" },
        { P("m", [], ("f", FieldValue.Of(double.PositiveInfinity))), "NaN and infinities" },
        { P("m", [], ("f", FieldValue.Of(double.NegativeInfinity))), "NaN and infinities" },
        { P("", [], One), "measurement must not be empty" },
        { P("m", [("", "v")], One), "tag key must not be empty" },
        { P("m", [], ("", FieldValue.Of(1L))), "field key must not be empty" },
        { P("m", []), "at least one field" },
        { P("m\nx", [], One), "control character" },
        { P("m", [("k", "a\nb")], One), "control character" },
        { P("m", [("k\r", "v")], One), "control character" },
        { P("m", [], ("f\n", FieldValue.Of(1L))), "control character" },
        { P("#m", [], One), "comment" },
        { P("m", [("k", @"ends\")], One), "backslash" },
        { P("m", [("k", @"a\,b")], One), "backslash" },
        { P(@"m\\x", [], One), "backslash" },
        { P("m", [], ("time", FieldValue.Of(1L))), "reserved" },
        { P("m", [("time", "x")], One), "reserved" },
        { P("m", [("k", "1"), ("k", "2")], One), "twice" },
        { P("m", [], ("f", FieldValue.Of(1L)), ("f", FieldValue.Of(2L))), "twice" },
        { P("m", [], ("s", FieldValue.Of(new string('x', LineProtocol.StringFieldBytesMax + 1)))), "longer than" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Unrepresentable_points_are_rejected_with_a_clear_reason(TimeSeriesPoint point, string reasonPart)
    {
        var error = Assert.Throws<LineProtocolException>(() => LineProtocol.Format(point));
        Assert.Contains(reasonPart, error.Message, System.StringComparison.Ordinal);
        Assert.Equal(error.Message, LineProtocol.Validate(point));
    }

    [Fact]
    public void A_rejected_point_appends_nothing()
    {
        var text = new System.Text.StringBuilder("before\n");
        Assert.Throws<LineProtocolException>(() => LineProtocol.AppendLine(text, P("m", [("k", "v")], ("f", FieldValue.Of(double.NaN)))));
        Assert.Equal("before\n", text.ToString());
    }
}
