namespace SmartBin.Gateway.Protocol;

/// <summary>The bounds the gateway holds bin messages to (docs/protocol.md, "Rejections").</summary>
public static class ProtocolLimits
{
    /// <summary>Largest payload accepted, bytes; unknown extra fields count toward it.</summary>
    public const int PayloadBytesMax = 1024;

    /// <summary>Deepest JSON nesting accepted (the top-level object is depth 1, telemetry's counters depth 2).</summary>
    public const int NestingDepthMax = 4;

    /// <summary>Largest <c>seq</c>: 2^53 − 1, the largest integer every JSON implementation reads exactly.</summary>
    public const long SeqMax = (1L << 53) - 1;

    /// <summary>Largest weight in any gram field; far above any bin's scale (Max ≈ 30 kg), so only nonsense fails.</summary>
    public const int GramsMax = 1_000_000;

    /// <summary>Most stable rises one drop-off may report.</summary>
    public const int ItemsMax = 10_000;

    /// <summary>Every drop-off flag bit defined by the protocol (1 … 32).</summary>
    public const int DropOffFlagsAll = 63;

    /// <summary>Largest calibration version.</summary>
    public const int CalibrationVersionMax = 1_000_000;

    /// <summary>Longest firmware version string, characters.</summary>
    public const int FirmwareVersionCharsMax = 32;

    /// <summary>Longest short code (event code, scale fault, session state), characters.</summary>
    public const int CodeCharsMax = 32;

    /// <summary>Longest command id, characters (docs: 1–36).</summary>
    public const int CommandIdCharsMax = 36;

    /// <summary>Longest free text in a command result (error, message, value), characters.</summary>
    public const int CommandTextCharsMax = 256;

    /// <summary>Longest count in telemetry's counters and uptime (2^53 − 1, exact in JSON).</summary>
    public const long CounterMax = (1L << 53) - 1;

    /// <summary>Longest distance-sensor reading, mm.</summary>
    public const int DistanceMmMax = 100_000;

    /// <summary>Weakest Wi-Fi signal reported, dBm.</summary>
    public const int RssiDbmMin = -128;

    /// <summary>Largest outbox depth or capacity, entries.</summary>
    public const int OutboxEntriesMax = 1_000_000;

    /// <summary>How much of an oversized payload is searched for its <c>seq</c>, so a too-large message can still be answered.</summary>
    public const int SeqPeekBytesMax = 64 * 1024;
}
