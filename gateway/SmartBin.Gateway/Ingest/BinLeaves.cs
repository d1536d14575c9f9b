namespace SmartBin.Gateway.Ingest;

/// <summary>Topic leaves under <c>{root}/{binId}/</c> (docs/protocol.md, "Topics").</summary>
public static class BinLeaves
{
    /// <summary>Bin → gateway: a drop-off (acked).</summary>
    public const string DropOff = "dropoff";

    /// <summary>Bin → gateway: an event (acked).</summary>
    public const string Event = "event";

    /// <summary>Bin → gateway: periodic telemetry.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>Bin → gateway: retained online/offline status.</summary>
    public const string Status = "status";

    /// <summary>Bin → gateway: a command's result.</summary>
    public const string CommandResult = "cmd/result";

    /// <summary>Gateway → bin: the ack of a drop-off or event.</summary>
    public const string Ack = "ack";

    /// <summary>Gateway → bin: a command.</summary>
    public const string Command = "cmd";

    /// <summary>Metric label for any leaf bins do not publish to, so a misbehaving client cannot mint label values.</summary>
    public const string OtherLabel = "other";

    /// <summary>The leaf itself when bins publish to it, else <see cref="OtherLabel"/>.</summary>
    public static string MetricLabel(string leaf) => leaf switch
    {
        DropOff or Event or Telemetry or Status or CommandResult => leaf,
        _ => OtherLabel,
    };
}
