using System;
using System.Text.Json;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// Reads <c>seq</c> and <c>id</c> from a payload that failed validation, so the bin can be answered
/// <c>rejected</c> for that seq and delete it from its outbox (resending could not change the answer).
/// Lenient by design: it reads tokens until the first error and uses what it saw.
/// </summary>
internal static class SeqPeek
{
    private const int IdCharsMax = 80;

    /// <summary>The one top-level <c>seq</c> in 1…2^53−1, else 0; <paramref name="id"/> gets a top-level string <c>id</c> or empty.</summary>
    public static long Read(ReadOnlySpan<byte> payload, out string id)
    {
        id = "";
        var window = payload.Length > ProtocolLimits.SeqPeekBytesMax ? payload[..ProtocolLimits.SeqPeekBytesMax] : payload;
        // Not the final block: a payload cut at the window still yields the keys before the cut.
        var reader = new Utf8JsonReader(window, isFinalBlock: false, state: default);
        long seq = 0;
        var seqKeys = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }
                if (reader.ValueTextEquals("seq"u8) && reader.Read())
                {
                    seqKeys++;
                    seq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value is >= 1 and <= ProtocolLimits.SeqMax ? value : 0;
                }
                else if (reader.ValueTextEquals("id"u8) && reader.Read() && reader.TokenType == JsonTokenType.String && id.Length == 0)
                {
                    var text = reader.GetString() ?? "";
                    id = text.Length <= IdCharsMax ? text : text[..IdCharsMax];
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed from here on: keep what was read before.
        }
        return seqKeys == 1 ? seq : 0;
    }
}
