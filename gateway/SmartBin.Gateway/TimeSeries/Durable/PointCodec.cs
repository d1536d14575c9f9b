using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace SmartBin.Gateway.TimeSeries.Durable;

/// <summary>
/// A point as compact JSON for the recorder's overflow log: <c>{"m":..,"ts":..,"t":[[k,v]..],"f":[[k,kind,value]..]}</c>
/// with kind i, f, b or s. Lossless for every field type.
/// </summary>
internal static class PointCodec
{
    /// <summary>Encodes one point.</summary>
    public static byte[] Encode(TimeSeriesPoint point)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("m", point.Measurement);
            json.WriteNumber("ts", point.TimestampNs);
            json.WriteStartArray("t");
            foreach (var (key, value) in point.Tags)
            {
                json.WriteStartArray();
                json.WriteStringValue(key);
                json.WriteStringValue(value);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteStartArray("f");
            foreach (var (key, value) in point.Fields)
            {
                WriteField(json, key, value);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Decodes one point; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static TimeSeriesPoint Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes.ToArray());
            var root = doc.RootElement;
            var tags = new List<KeyValuePair<string, string>>();
            foreach (var t in root.GetProperty("t").EnumerateArray())
            {
                tags.Add(new(t[0].GetString()!, t[1].GetString()!));
            }
            var fields = new List<KeyValuePair<string, FieldValue>>();
            foreach (var f in root.GetProperty("f").EnumerateArray())
            {
                fields.Add(new(f[0].GetString()!, ReadValue(f[1].GetString(), f[2])));
            }
            return new TimeSeriesPoint(root.GetProperty("m").GetString()!, tags, fields, root.GetProperty("ts").GetInt64());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            throw new InvalidDataException("not an encoded point: " + e.Message, e);
        }
    }

    private static void WriteField(Utf8JsonWriter json, string key, FieldValue value)
    {
        json.WriteStartArray();
        json.WriteStringValue(key);
        switch (value.Kind)
        {
            case FieldKind.Integer:
                json.WriteStringValue("i");
                json.WriteNumberValue(value.Integer);
                break;
            case FieldKind.Float:
                json.WriteStringValue("f");
                json.WriteNumberValue(value.Float);
                break;
            case FieldKind.Boolean:
                json.WriteStringValue("b");
                json.WriteBooleanValue(value.Boolean);
                break;
            default:
                json.WriteStringValue("s");
                json.WriteStringValue(value.Text);
                break;
        }
        json.WriteEndArray();
    }

    private static FieldValue ReadValue(string? kind, JsonElement value) => kind switch
    {
        "i" => FieldValue.Of(value.GetInt64()),
        "f" => FieldValue.Of(value.GetDouble()),
        "b" => FieldValue.Of(value.GetBoolean()),
        "s" => FieldValue.Of(value.GetString()!),
        _ => throw new FormatException($"unknown field kind '{kind}'"),
    };
}
