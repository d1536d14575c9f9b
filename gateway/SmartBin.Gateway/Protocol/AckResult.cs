namespace SmartBin.Gateway.Protocol;

/// <summary>The <c>result</c> of an <c>ack</c> (docs/protocol.md).</summary>
public enum AckResult
{
    /// <summary>Points and carbon booked to a resident.</summary>
    Credited = 1,

    /// <summary>Accepted with nothing to credit: an event, or an unattributed drop-off.</summary>
    Recorded = 2,

    /// <summary>Already committed earlier; nothing booked again.</summary>
    Duplicate = 3,

    /// <summary>Recorded and held (staff review, unknown card, daily cap).</summary>
    Held = 4,

    /// <summary>Refused; the reason says why.</summary>
    Rejected = 5,
}

/// <summary>Wire names of <see cref="AckResult"/>.</summary>
public static class AckResults
{
    /// <summary>The wire name.</summary>
    public static string ToWire(AckResult result) => result switch
    {
        AckResult.Credited => "credited",
        AckResult.Recorded => "recorded",
        AckResult.Duplicate => "duplicate",
        AckResult.Held => "held",
        AckResult.Rejected => "rejected",
        _ => throw new System.ArgumentOutOfRangeException(nameof(result), result, "not an ack result"),
    };
}
