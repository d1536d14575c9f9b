using System;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Ingest;

/// <summary>What a message turned out to be.</summary>
internal enum EntryKind
{
    /// <summary>A valid drop-off or event, to be committed.</summary>
    Item,

    /// <summary>Refused by validation (or an unknown leaf).</summary>
    Rejected,

    /// <summary>Valid telemetry.</summary>
    Telemetry,

    /// <summary>Valid status.</summary>
    Status,

    /// <summary>Valid command result.</summary>
    CommandResult,
}

/// <summary>One message of a batch and what became of it, kept in arrival order.</summary>
internal sealed class IngestEntry
{
    private IngestEntry(BinMessage message, EntryKind kind) => (Message, Kind) = (message, kind);

    /// <summary>The message as received.</summary>
    public BinMessage Message { get; }

    /// <summary>What it is.</summary>
    public EntryKind Kind { get; }

    /// <summary>The item to commit (Kind = Item).</summary>
    public IngestItem? Item { get; private init; }

    /// <summary>Telemetry, status or command result (the other kinds).</summary>
    public object? Report { get; private init; }

    /// <summary>Rejection reason code.</summary>
    public string Reason { get; private init; } = "";

    /// <summary>Rejection detail.</summary>
    public string Detail { get; private init; } = "";

    /// <summary>Seq of the item, or the readable seq of a rejected payload (0 when none).</summary>
    public long Seq { get; private init; }

    /// <summary>The committed verdict (Kind = Item, after the commit).</summary>
    public IngestVerdict? Verdict { get; set; }

    /// <summary>A rejection the bin is answered for: a drop-off or event whose seq could be read.</summary>
    public bool IsAnsweredRejection =>
        Kind == EntryKind.Rejected && Seq > 0 && Message.Leaf is BinLeaves.DropOff or BinLeaves.Event;

    public static IngestEntry ForItem(BinMessage message, IngestItem item) => new(message, EntryKind.Item) { Item = item, Seq = item.Seq };

    public static IngestEntry ForReport(BinMessage message, EntryKind kind, object report) => new(message, kind) { Report = report };

    public static IngestEntry ForRejection(BinMessage message, string reason, string detail, long seq) =>
        new(message, EntryKind.Rejected) { Reason = reason, Detail = detail, Seq = seq };
}

/// <summary>Parses a message by its leaf into an <see cref="IngestEntry"/>.</summary>
internal sealed class MessageClassifier(BinMessageParser parser)
{
    private const int LeafCharsInDetailMax = 64;

    /// <summary>Classifies <paramref name="m"/>; throws only on a parser defect.</summary>
    public IngestEntry Classify(BinMessage m)
    {
        var payload = m.Payload.Span;
        switch (m.Leaf)
        {
            case BinLeaves.DropOff:
                var dropOff = parser.ParseDropOff(m.BinId, payload, m.ReceivedUtc);
                return dropOff.IsAccepted
                    ? IngestEntry.ForItem(m, new IngestItem(m.BinId, m.ReceivedUtc, dropOff.Message, null))
                    : IngestEntry.ForRejection(m, dropOff.Reason, dropOff.Detail, dropOff.Seq);
            case BinLeaves.Event:
                var binEvent = parser.ParseEvent(m.BinId, payload, m.ReceivedUtc);
                return binEvent.IsAccepted
                    ? IngestEntry.ForItem(m, new IngestItem(m.BinId, m.ReceivedUtc, null, binEvent.Message))
                    : IngestEntry.ForRejection(m, binEvent.Reason, binEvent.Detail, binEvent.Seq);
            case BinLeaves.Telemetry:
                return Report(m, EntryKind.Telemetry, parser.ParseTelemetry(payload));
            case BinLeaves.Status:
                return Report(m, EntryKind.Status, parser.ParseStatus(payload));
            case BinLeaves.CommandResult:
                return Report(m, EntryKind.CommandResult, parser.ParseCommandResult(payload));
            default:
                var leaf = m.Leaf.Length <= LeafCharsInDetailMax ? m.Leaf : m.Leaf[..LeafCharsInDetailMax] + "…";
                return IngestEntry.ForRejection(m, RejectionReasons.UnknownTopic, $"leaf '{leaf}' is not one bins publish to", 0);
        }
    }

    private static IngestEntry Report<T>(BinMessage m, EntryKind kind, ParseResult<T> result)
        where T : class =>
        result.IsAccepted ? IngestEntry.ForReport(m, kind, result.Message) : IngestEntry.ForRejection(m, result.Reason, result.Detail, 0);
}
