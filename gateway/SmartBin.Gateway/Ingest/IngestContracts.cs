using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Ingest;

/// <summary>
/// One message a bin published, as the MQTT side hands it to ingest. <see cref="BinId"/> is the authenticated
/// identity of the connection (embedded broker) or the bin id in a topic the external broker's ACL only lets that
/// bin publish to; it is never taken from the payload.
/// </summary>
/// <param name="BinId">Authenticated bin id.</param>
/// <param name="Leaf">Topic leaf: dropoff, event, telemetry, status, cmd/result.</param>
/// <param name="Payload">Raw payload bytes (not yet validated; may be anything).</param>
/// <param name="ReceivedUtc">Gateway receive time.</param>
/// <param name="Completion">Called once the message's outcome is durable (MQTT ack to an external broker).</param>
public sealed record BinMessage(string BinId, string Leaf, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedUtc, IMessageCompletion Completion);

/// <summary>Tells the MQTT side a message is done with: committed, or rejected and counted.</summary>
public interface IMessageCompletion
{
    /// <summary>Acknowledge the message to the broker (no-op for the embedded broker). Never throws.</summary>
    ValueTask CompleteAsync();
}

/// <summary>A completion with nothing to do (embedded broker, tests).</summary>
public sealed class NoCompletion : IMessageCompletion
{
    /// <summary>The one instance.</summary>
    public static readonly NoCompletion Instance = new();

    private NoCompletion()
    {
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync() => ValueTask.CompletedTask;
}

/// <summary>Where the MQTT side delivers bin messages. Awaiting applies backpressure when ingest is behind.</summary>
public interface IBinMessageSink
{
    /// <summary>Queues a message; waits while the queue is full. Never drops a message.</summary>
    ValueTask AcceptAsync(BinMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends to a bin (ack, cmd) through whichever MQTT side is running.</summary>
public interface IBinPublisher
{
    /// <summary>Publishes <paramref name="payload"/> to <c>{root}/{binId}/{leaf}</c> with QoS 1, not retained.</summary>
    ValueTask PublishToBinAsync(string binId, string leaf, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}

/// <summary>What ingest asks the store to commit: a validated drop-off or event.</summary>
/// <param name="BinId">Authenticated bin id.</param>
/// <param name="ReceivedUtc">Receive time.</param>
/// <param name="DropOff">The drop-off, or null.</param>
/// <param name="Event">The event, or null.</param>
public sealed record IngestItem(string BinId, DateTimeOffset ReceivedUtc, DropOffMessage? DropOff, EventMessage? Event)
{
    /// <summary>Sequence of the drop-off or event.</summary>
    public long Seq => DropOff?.Seq ?? Event?.Seq ?? throw new InvalidOperationException("empty ingest item");
}

/// <summary>The committed outcome of one item, which becomes the bin's ack.</summary>
/// <param name="BinId">Bin.</param>
/// <param name="Seq">Sequence.</param>
/// <param name="Result">Ack result.</param>
/// <param name="Reason">Reason code (held, rejected, unattributed), else empty.</param>
/// <param name="Points">Points credited now (0 unless credited).</param>
/// <param name="GramsCo2e">g CO2e credited now (0 unless credited).</param>
public sealed record IngestVerdict(string BinId, long Seq, AckResult Result, string Reason, long Points, long GramsCo2e);

/// <summary>The system of record's write side used by ingest.</summary>
public interface IIngestStore
{
    /// <summary>
    /// Commits <paramref name="items"/> in one transaction with one fsync: dedupe on (bin, seq), crediting, ledger
    /// entries, audit. Returns one verdict per item, in order. A duplicate (also within the batch) gets
    /// <see cref="AckResult.Duplicate"/>. Throws only if the transaction could not be committed (nothing is then committed).
    /// </summary>
    IReadOnlyList<IngestVerdict> CommitBatch(IReadOnlyList<IngestItem> items);

    /// <summary>
    /// Records messages ingest refused before the store (schema, version…), durably (the bin deletes its copy on the
    /// `rejected` ack, which is sent only after this returns). Throws if the rows could not be written.
    /// </summary>
    void RecordRejectedMessages(IReadOnlyList<RejectedMessage> rejected);
}

/// <summary>A message refused by validation.</summary>
/// <param name="BinId">Bin.</param>
/// <param name="Leaf">Topic leaf.</param>
/// <param name="Seq">Sequence if one could be read, else 0.</param>
/// <param name="Reason">Reason code.</param>
/// <param name="Detail">Human detail (which field, what was wrong).</param>
/// <param name="ReceivedUtc">Receive time.</param>
/// <param name="Payload">The payload (at most 1024 bytes kept).</param>
public sealed record RejectedMessage(string BinId, string Leaf, long Seq, string Reason, string Detail, DateTimeOffset ReceivedUtc, byte[] Payload);

/// <summary>
/// Observes what bins report, after ingest has validated (and for drop-offs and events, committed) it: the time
/// series recorder, the alert engine, the live bin state. Implementations must not block: queue and return.
/// </summary>
public interface IBinObserver
{
    /// <summary>A telemetry message.</summary>
    void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc);

    /// <summary>A status message (birth, or will published by the broker).</summary>
    void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc);

    /// <summary>A committed event (not for duplicates).</summary>
    void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc);

    /// <summary>A committed drop-off and its verdict (not for duplicates).</summary>
    void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc);

    /// <summary>The MQTT side saw the bin's connection open or close (embedded broker only).</summary>
    void OnConnection(string binId, bool connected, DateTimeOffset atUtc);
}
