using System;
using System.Text.Json;
using System.Text.Unicode;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// Reads one JSON object into <see cref="FieldValues"/> against a <see cref="FieldTable"/> with
/// <see cref="Utf8JsonReader"/>: structure problems end the read (bad-json), wrong types are noted and reading
/// goes on, so the version is still known when a later field is malformed. Unknown keys are skipped.
/// </summary>
internal static class FieldReader
{
    private const int TimeBytesMax = 64; // far longer than any valid time, so a longer one is simply invalid

    private static readonly JsonReaderOptions Options = new()
    {
        MaxDepth = ProtocolLimits.NestingDepthMax,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Reads <paramref name="payload"/>; false (with <see cref="FieldValues.JsonProblem"/>) when it is not acceptable JSON.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, FieldTable table, FieldValues values)
    {
        // Utf8JsonReader checks UTF-8 only where it transcodes; checking the whole payload first is cheap and total.
        if (!Utf8.IsValid(payload))
        {
            values.JsonProblem = "payload is not valid UTF-8";
            return false;
        }
        var reader = new Utf8JsonReader(payload, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                values.JsonProblem = "payload is not a JSON object";
                return false;
            }
            // Read() past the end throws on trailing data, since a payload holds exactly one value.
            return ReadObject(ref reader, table, values) && !reader.Read();
        }
        catch (JsonException e)
        {
            values.JsonProblem = "invalid JSON: " + e.Message;
            return false;
        }
        catch (InvalidOperationException e)
        {
            // GetString throws this for escapes that are not valid UTF-16 (a lone surrogate).
            values.JsonProblem = "invalid string: " + e.Message;
            return false;
        }
    }

    /// <summary>True for an integer literal (optional minus, digits), i.e. a number that is integral but did not fit.</summary>
    public static bool IsIntegerLiteral(ReadOnlySpan<byte> number)
    {
        var digits = number.Length > 0 && number[0] == '-' ? number[1..] : number;
        return !digits.IsEmpty && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private static bool ReadObject(ref Utf8JsonReader reader, FieldTable table, FieldValues values)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Find(ref reader, table);
            if (field is null)
            {
                if (!values.MarkUnknown(reader.GetString()!))
                {
                    values.JsonProblem = $"duplicate key '{reader.GetString()}'";
                    return false;
                }
                reader.Read();
                reader.Skip();
                continue;
            }
            if (!values.MarkPresent(field))
            {
                values.JsonProblem = $"duplicate key '{field.Path}'";
                return false;
            }
            reader.Read();
            if (!ReadValue(ref reader, field, values))
            {
                return false;
            }
        }
        // With the whole payload in hand the reader throws on an unterminated object, so only '}' ends the loop.
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static FieldSpec? Find(ref Utf8JsonReader reader, FieldTable table)
    {
        if (!reader.ValueIsEscaped)
        {
            return table.Find(reader.ValueSpan);
        }
        Span<byte> name = stackalloc byte[ProtocolLimits.PayloadBytesMax];
        return reader.ValueSpan.Length <= name.Length ? table.Find(name[..reader.CopyString(name)]) : null;
    }

    private static bool ReadValue(ref Utf8JsonReader reader, FieldSpec field, FieldValues values)
    {
        switch (field.Type)
        {
            case FieldType.Int when reader.TokenType == JsonTokenType.Number:
                ReadInt(ref reader, field, values);
                return true;
            case FieldType.Bool when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                values.SetInt(field, reader.TokenType == JsonTokenType.True ? 1 : 0);
                return true;
            case FieldType.String when reader.TokenType == JsonTokenType.String:
                values.SetStr(field, WordOrString(ref reader, field));
                return true;
            case FieldType.Time when reader.TokenType == JsonTokenType.String:
                ReadTime(ref reader, field, values);
                return true;
            case FieldType.Object when reader.TokenType == JsonTokenType.StartObject:
                return ReadObject(ref reader, field.Children!, values);
            default:
                values.NoteTypeProblem($"'{field.Path}' must be {Describe(field.Type)}, not {Describe(reader.TokenType)}");
                reader.Skip();
                return true;
        }
    }

    private static void ReadInt(ref Utf8JsonReader reader, FieldSpec field, FieldValues values)
    {
        if (reader.TryGetInt64(out var number))
        {
            values.SetInt(field, number);
        }
        else if (IsIntegerLiteral(reader.ValueSpan))
        {
            values.SetTooBig(field);
        }
        else
        {
            values.NoteTypeProblem($"'{field.Path}' must be an integer (no fraction or exponent)");
        }
    }

    private static string WordOrString(ref Utf8JsonReader reader, FieldSpec field)
    {
        var words = field.WordsUtf8;
        for (var i = 0; i < words.Length; i++)
        {
            if (reader.ValueTextEquals(words[i]))
            {
                return field.Words[i];
            }
        }
        return reader.GetString()!;
    }

    private static void ReadTime(ref Utf8JsonReader reader, FieldSpec field, FieldValues values)
    {
        Span<byte> buffer = stackalloc byte[TimeBytesMax];
        var text = reader.ValueIsEscaped
            ? (reader.ValueSpan.Length <= TimeBytesMax ? buffer[..reader.CopyString(buffer)] : ReadOnlySpan<byte>.Empty)
            : reader.ValueSpan;
        if (IsoUtcTime.TryParse(text, out var utc))
        {
            values.SetInt(field, utc.UtcTicks);
        }
        else
        {
            values.NoteTypeProblem($"'{field.Path}' must be a UTC time like 2026-11-23T00:15:02.100Z");
        }
    }

    private static string Describe(FieldType type) => type switch
    {
        FieldType.Int => "an integer",
        FieldType.Bool => "true or false",
        FieldType.String => "a string",
        FieldType.Time => "a time string",
        _ => "an object",
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}
