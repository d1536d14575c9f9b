using System;
using Microsoft.Extensions.Logging;

namespace SmartBin.Gateway.Ingest;

/// <summary>Ingest's log lines (message templates, source-generated).</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Ingest {BinId} {Leaf} seq {Seq}: {Outcome}")]
    public static partial void Handled(ILogger logger, string binId, string leaf, long seq, string outcome);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Rejected {Leaf} from {BinId} (seq {Seq}): {Reason}: {Detail} ({Suppressed} similar lines suppressed)")]
    public static partial void Rejected(ILogger logger, string leaf, string binId, long seq, string reason, string detail, long suppressed);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Batch of {Messages} messages, {Items} items committed in {CommitMs:0.0} ms")]
    public static partial void Batch(ILogger logger, int messages, int items, double commitMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information,
        Message = "Ingest in the last {Seconds:0} s: {Messages} messages, {Items} committed, {Rejected} rejected, {Batches} batches; {Queued} queued")]
    public static partial void Summary(ILogger logger, double seconds, long messages, long items, long rejected, long batches, int queued);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Commit of a batch of {Items} items failed (attempt {Attempt}); retrying the same batch in {DelayMs} ms")]
    public static partial void CommitFailed(ILogger logger, int items, int attempt, int delayMs, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "Ack to {BinId} for seq {Seq} not published; the bin will resend and get duplicate ({Suppressed} similar lines suppressed)")]
    public static partial void AckFailed(ILogger logger, string binId, long seq, long suppressed, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Observer {Observer} threw on {Leaf} from {BinId}")]
    public static partial void ObserverFailed(ILogger logger, string observer, string leaf, string binId, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Recording {Count} rejected messages for audit failed")]
    public static partial void RejectRecordFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "Parsing {Leaf} from {BinId} threw: a gateway defect; the message is not answered")]
    public static partial void ParserDefect(ILogger logger, string leaf, string binId, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information,
        Message = "Ingest started: queue {QueueCapacity}, batches of up to {BatchMax}, {Observers} observers")]
    public static partial void Started(ILogger logger, int queueCapacity, int batchMax, int observers);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Ingest stopped; {Queued} messages left queued (not completed: they will be redelivered or resent)")]
    public static partial void Stopped(ILogger logger, int queued);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning,
        Message = "Ingest:TestDelayBeforeCommitMs = {DelayMs}: fault injection for tests is on; never set it in production")]
    public static partial void TestDelayOn(ILogger logger, int delayMs);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning,
        Message = "Ingest:TestDelayAfterCommitMs = {DelayMs}: fault injection for tests is on (acks held after each commit); never set it in production")]
    public static partial void TestDelayAfterCommitOn(ILogger logger, int delayMs);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Stopped while a batch of {Messages} messages was uncommitted; it is left for redelivery")]
    public static partial void BatchAbandoned(ILogger logger, int messages);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Completing a {Leaf} message from {BinId} threw")]
    public static partial void CompletionFailed(ILogger logger, string binId, string leaf, Exception exception);
}
