using System.Collections.Generic;

namespace SmartBin.Gateway.Protocol;

/// <summary>
/// Reason codes of messages the gateway refuses (docs/protocol.md, "Rejections"). The gateway is the authority on
/// this list; a drop-off or event refused with a readable <c>seq</c> is answered <c>rejected</c> with the code.
/// When a message has several problems, the first in <see cref="InPrecedenceOrder"/> is reported.
/// </summary>
public static class RejectionReasons
{
    /// <summary>Payload over <see cref="ProtocolLimits.PayloadBytesMax"/> bytes.</summary>
    public const string TooLarge = "too-large";

    /// <summary>Not valid UTF-8 JSON, not an object, duplicate key, trailing data, or nested too deep.</summary>
    public const string BadJson = "bad-json";

    /// <summary><c>v</c> missing or not 1.</summary>
    public const string BadVersion = "bad-version";

    /// <summary>A required field missing or of the wrong type (the detail names it).</summary>
    public const string Schema = "schema";

    /// <summary><c>id</c> is not <c>{binId}:{seq}</c> for the connection's bin id.</summary>
    public const string BadId = "bad-id";

    /// <summary>A value outside its documented range (the detail names the field).</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary>A drop-off's material is not one of the protocol's materials.</summary>
    public const string UnknownMaterial = "unknown-material";

    /// <summary>An event's kind is not one of the protocol's kinds.</summary>
    public const string UnknownKind = "unknown-kind";

    /// <summary>A bin time too far in the future, too old, or a session that ends before it starts.</summary>
    public const string ClockSkew = "clock-skew";

    /// <summary>A message on a topic leaf bins do not publish to (ingest only; never acked).</summary>
    public const string UnknownTopic = "unknown-topic";

    /// <summary>
    /// Parsing threw: a gateway defect, logged as an error, never expected (the fuzz tests look for it). Not in
    /// <see cref="InPrecedenceOrder"/>; the bin is not answered, so it resends once the gateway is fixed.
    /// </summary>
    public const string InternalError = "internal-error";

    /// <summary>Every code, in precedence order (the first that applies is reported).</summary>
    public static IReadOnlyList<string> InPrecedenceOrder { get; } =
        [TooLarge, BadJson, BadVersion, Schema, BadId, OutOfRange, UnknownMaterial, UnknownKind, ClockSkew, UnknownTopic];
}
