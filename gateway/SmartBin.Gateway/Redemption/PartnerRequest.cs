using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Redemption;

/// <summary>
/// The parts of a partner POST: its Idempotency-Key and its JSON body, read by hand so every refusal gets a
/// specific code (the framework's binder would answer a bare 400 before the key is even checked). The first problem
/// found is kept in <see cref="Code"/> and <see cref="Detail"/>.
/// </summary>
internal sealed partial class PartnerRequest
{
    /// <summary>Largest body read; partner bodies are a few fields.</summary>
    public const int BodyBytesMax = 8 * 1024;

    /// <summary>Longest reference or household id.</summary>
    public const int TextLengthMax = 64;

    private JsonElement body;

    private PartnerRequest(string key) => Key = key;

    public string Key { get; }

    public int Status { get; private set; }

    public string Code { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public bool Failed => Code.Length > 0;

    /// <summary>Reads the key and the body (an empty body counts as <c>{}</c>); then check <see cref="Failed"/>.</summary>
    public static async Task<PartnerRequest> ReadAsync(HttpRequest request, params string[] fields)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        var read = new PartnerRequest(key);
        if (key.Length == 0)
        {
            return read.Fail(400, RedemptionCodes.IdempotencyKeyMissing,
                "Every POST needs an Idempotency-Key header: a new random value (e.g. a UUID) per request, the same one when you retry it.");
        }
        if (!KeyPattern().IsMatch(key))
        {
            return read.Fail(400, RedemptionCodes.IdempotencyKeyInvalid, "Idempotency-Key must be 1..64 of A-Z, a-z, 0-9, '.', '_' and '-' (a UUID fits).");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int n;
        while ((n = await request.Body.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > BodyBytesMax)
            {
                return read.Fail(400, RedemptionCodes.BodyInvalid, $"The body is larger than {BodyBytesMax} bytes.");
            }
        }
        try
        {
            // Deserialize (not JsonDocument.Parse) gives an element that owns its memory: nothing to dispose.
            read.body = JsonSerializer.Deserialize<JsonElement>(buffer.Length == 0 ? "{}"u8 : buffer.ToArray());
        }
        catch (JsonException)
        {
            return read.Fail(400, RedemptionCodes.BodyInvalid, "The body is not JSON; send a JSON object (Content-Type: application/json).");
        }
        if (read.body.ValueKind != JsonValueKind.Object)
        {
            return read.Fail(400, RedemptionCodes.BodyInvalid, "The body must be a JSON object.");
        }
        var unknown = read.body.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => Array.IndexOf(fields, name) < 0 && name != "unit");
        return unknown is null
            ? read.CheckUnit()
            : read.Fail(400, RedemptionCodes.BodyInvalid, $"Unknown field '{unknown}'; this endpoint takes: {string.Join(", ", fields)}.");
    }

    /// <summary>A whole number of points in 1..<paramref name="max"/>; null when optional and absent.</summary>
    public long? Points(string name, bool required, long max)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return required ? Missing<long?>(name, RedemptionCodes.PointsInvalid) : null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var points) && points >= 1 && points <= max)
        {
            return points;
        }
        Fail(400, RedemptionCodes.PointsInvalid, $"'{name}' must be a whole number of points from 1 to {max}.");
        return null;
    }

    /// <summary>A whole number in <paramref name="min"/>..<paramref name="max"/>, or null when absent.</summary>
    public int? Int(string name, int min, int max)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }
        Fail(400, RedemptionCodes.BodyInvalid, $"'{name}' must be a whole number from {min} to {max}.");
        return null;
    }

    /// <summary>A string of 1..64 printable characters; null when optional and absent.</summary>
    public string? Text(string name, bool required)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return required ? Missing<string?>(name, RedemptionCodes.BodyInvalid) : null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        if (text.Length is >= 1 and <= TextLengthMax && !text.Any(char.IsControl))
        {
            return text;
        }
        Fail(400, RedemptionCodes.BodyInvalid, $"'{name}' must be a string of 1 to {TextLengthMax} printable characters.");
        return null;
    }

    /// <summary>Exactly one of <c>cardUid</c> (hex, upper-cased) and <c>householdId</c>.</summary>
    public ResidentRef? Resident(bool householdAllowed)
    {
        var card = body.TryGetProperty("cardUid", out _) ? Text("cardUid", true)?.ToUpperInvariant() : null;
        var household = householdAllowed ? Text("householdId", false) : null;
        if (Failed)
        {
            return null;
        }
        if (card is not null && !IsHex(card))
        {
            Fail(400, RedemptionCodes.BodyInvalid, "'cardUid' must be the card's UID as 2 to 32 hex digits, e.g. 0A000001.");
            return null;
        }
        if ((card is null) == (household is null))
        {
            Fail(400, RedemptionCodes.BodyInvalid, householdAllowed ? "Send exactly one of 'cardUid' and 'householdId'." : "'cardUid' is required.");
            return null;
        }
        return new ResidentRef(card, household);
    }

    /// <summary>Records a refusal found by the caller's own checks.</summary>
    public PartnerRequest Fail(int status, string code, string detail)
    {
        if (!Failed)
        {
            (Status, Code, Detail) = (status, code, detail);
        }
        return this;
    }

    private T Missing<T>(string name, string code)
    {
        Fail(400, code, $"'{name}' is required.");
        return default!;
    }

    /// <summary>Only points are redeemable: a request naming the carbon unit is refused for what it is.</summary>
    private PartnerRequest CheckUnit()
    {
        if (!body.TryGetProperty("unit", out var unit))
        {
            return this;
        }
        var name = unit.ValueKind == JsonValueKind.String ? unit.GetString() : null;
        return name switch
        {
            LedgerUnits.Points => this,
            LedgerUnits.GramsCo2e => Fail(422, RedemptionCodes.CarbonNotRedeemable,
                "Carbon points (gco2e) record avoided emissions and are never redeemable; charge points instead (omit 'unit')."),
            _ => Fail(400, RedemptionCodes.BodyInvalid, "'unit' may only be 'points' (or be omitted)."),
        };
    }

    private static bool IsHex(string s) => s.Length is >= 2 and <= 32 && s.All(char.IsAsciiHexDigit);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyPattern();
}
