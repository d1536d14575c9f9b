using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SmartBin.Gateway.Admin;

/// <summary>Reading request bodies and fields, each failure a <c>bad-request</c> that names the field.</summary>
internal static class AdminJson
{
    /// <summary>Largest accepted request body, bytes (a provisioning record is well under 2 KiB).</summary>
    public const int BodyBytesMax = 16 * 1024;

    /// <summary>Longest free-text field (label, reason, firmware…), characters.</summary>
    public const int TextCharsMax = 200;

    /// <summary>
    /// Reads the body as one JSON object. <paramref name="optional"/>: an empty body is an empty object. Returns null
    /// and a problem when the body is not a JSON object or too large.
    /// </summary>
    public static async Task<(JsonElement? Body, IResult? Problem)> ReadObjectAsync(HttpContext context, bool optional = false)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = BodyBytesMax;
        }
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            return (null, Bad($"the body is larger than {BodyBytesMax} bytes"));
        }
        if (bytes.Length > BodyBytesMax)
        {
            return (null, Bad($"the body is larger than {BodyBytesMax} bytes"));
        }
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return optional ? (Parse("{}"), null) : (null, Bad("the body is empty; send a JSON object (Content-Type: application/json)"));
        }
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (null, Bad("the body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, Bad($"the body is not valid JSON ({e.Message})"));
        }
    }

    /// <summary>A required or optional string field; problem names the field.</summary>
    public static string? Text(JsonElement body, string field, bool required, ref IResult? problem, int maxChars = TextCharsMax)
    {
        if (problem is not null)
        {
            return null;
        }
        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problem = Bad($"field '{field}' is required (a string)");
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            problem = Bad($"field '{field}' must be a string, got {value.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxChars || text.Any(char.IsControl))
        {
            problem = Bad($"field '{field}' must be at most {maxChars} characters without control characters");
            return null;
        }
        if (required && text.Trim().Length == 0)
        {
            problem = Bad($"field '{field}' must not be empty");
            return null;
        }
        return text;
    }

    /// <summary>A <c>bad-request</c> problem.</summary>
    public static IResult Bad(string detail) => AdminProblems.Result(AdminProblems.BadRequest, detail);

    /// <summary>
    /// The canonical text of a JSON value: object properties sorted by name (ordinal), no whitespace, numbers and
    /// strings as sent. Two bodies that differ only in property order or spacing have the same canonical text.
    /// </summary>
    public static string Canonical(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteCanonical(writer, value);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
