using System;

namespace SmartBin.Gateway.Crediting;

/// <summary>The drop-off message's <c>flags</c> bit set (docs/protocol.md).</summary>
[Flags]
public enum DropOffFlags
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>Net under Min = 20 e: recorded but not a legal-for-trade weighing.</summary>
    BelowMin = 1,

    /// <summary>No card: counts for the fill level, credits nobody.</summary>
    Unattributed = 2,

    /// <summary>The bin's clock was not set; its times are guesses, so the receive time is used.</summary>
    ClockUnset = 4,

    /// <summary>The weight fell during the session.</summary>
    TamperSeen = 8,

    /// <summary>The session was closed by another card.</summary>
    EndedByOtherCard = 16,

    /// <summary>The weight never settled; the last stable reading was used.</summary>
    Unsettled = 32,
}
