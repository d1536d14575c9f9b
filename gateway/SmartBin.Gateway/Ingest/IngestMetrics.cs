using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Ingest;

/// <summary>The ingest metric names and the one place that records them.</summary>
internal sealed class IngestMetrics(GatewayMetrics metrics)
{
    public const string Messages = "smartbin_ingest_messages_total";
    public const string Rejected = "smartbin_ingest_rejected_total";
    public const string Verdicts = "smartbin_ingest_verdicts_total";
    public const string StoreRejected = "smartbin_ingest_store_rejected_total";
    public const string CreditedPoints = "smartbin_ingest_credited_points_total";
    public const string CommitSeconds = "smartbin_ledger_commit_seconds";
    public const string BatchSize = "smartbin_ingest_batch_size";
    public const string QueueDepth = "smartbin_ingest_queue_depth";
    public const string AckPublishFailed = "smartbin_ingest_ack_publish_failed_total";
    public const string CommitFailed = "smartbin_ingest_commit_failed_total";
    public const string ObserverFailed = "smartbin_ingest_observer_failed_total";
    public const string RejectRecordFailed = "smartbin_ingest_reject_record_failed_total";

    private static readonly double[] CommitBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] BatchBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000];

    public void Message(string leaf) =>
        metrics.Increment(Messages, "Messages ingest took from the queue, by topic leaf.", 1, ("leaf", BinLeaves.MetricLabel(leaf)));

    public void Rejection(string reason, string leaf) =>
        metrics.Increment(Rejected, "Messages refused by validation, by reason code and topic leaf.", 1,
            ("reason", reason), ("leaf", BinLeaves.MetricLabel(leaf)));

    public void Verdict(AckResult result, long points)
    {
        metrics.Increment(Verdicts, "Committed drop-offs and events, by ack result.", 1, ("result", AckResults.ToWire(result)));
        if (points > 0)
        {
            metrics.Increment(CreditedPoints, "Points credited to residents by ingest.", points);
        }
    }

    public void StoreRejection(string reason, string leaf) =>
        metrics.Increment(StoreRejected, "Valid drop-offs and events the store answered rejected (unknown-bin, inactive-bin, seq-conflict, crediting rules), by reason and topic leaf.", 1,
            ("reason", reason), ("leaf", BinLeaves.MetricLabel(leaf)));

    public void Commit(double seconds) =>
        metrics.Observe(CommitSeconds, "Time to commit one batch to the system of record (one transaction), s.", seconds, CommitBuckets);

    public void Batch(int messages) =>
        metrics.Observe(BatchSize, "Messages handled per batch (one commit).", messages, BatchBuckets);

    public void Depth(int queued) => metrics.Set(QueueDepth, "Messages waiting in the ingest queue.", queued);

    public void AckFailed() => metrics.Increment(AckPublishFailed, "Acks that could not be published (the bin resends and gets duplicate).");

    public void CommitFailure() => metrics.Increment(CommitFailed, "Batch commits that threw and were retried.");

    public void ObserverFailure() => metrics.Increment(ObserverFailed, "Exceptions thrown by bin observers (time series, alerts, live state).");

    public void RejectRecordFailure() => metrics.Increment(RejectRecordFailed, "Failed attempts to record rejected messages for audit.");
}
