using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Ingest;

/// <summary>One batch: classify, commit (retrying), then ack, audit, observe and complete, in arrival order.</summary>
public sealed partial class IngestPipeline
{
    private const int RetryDelayMinMs = 100;
    private const int RetryDelayMaxMs = 5_000;

    private async Task ProcessBatchAsync(List<BinMessage> batch, CancellationToken stoppingToken)
    {
        var entries = new IngestEntry[batch.Count];
        var items = new List<IngestItem>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            entries[i] = ClassifyGuarded(batch[i]);
            if (entries[i].Item is { } item)
            {
                items.Add(item);
            }
        }
        if (options.TestDelayBeforeCommitMs > 0 && !await TestDelayAsync(options.TestDelayBeforeCommitMs, stoppingToken).ConfigureAwait(false))
        {
            IngestLog.BatchAbandoned(logger, batch.Count);
            return;
        }
        var verdicts = await CommitAsync(items, stoppingToken).ConfigureAwait(false);
        if (verdicts is null)
        {
            IngestLog.BatchAbandoned(logger, batch.Count);
            return;
        }
        // Test-only (never in production; refused at start-up unless Ingest:TestFaultInjection is on): hold the
        // committed batch before its acks, so a test can kill the gateway between commit and ack.
        if (options.TestDelayAfterCommitMs > 0 && items.Count > 0 &&
            !await TestDelayAsync(options.TestDelayAfterCommitMs, stoppingToken).ConfigureAwait(false))
        {
            IngestLog.BatchAbandoned(logger, batch.Count);
            return;
        }
        AttachVerdicts(entries, verdicts);
        Count(entries, items.Count);
        // A `rejected` ack makes the bin delete its copy, so the audit row must be durable first; if it cannot be
        // written, the rejected messages stay unanswered and uncompleted and come back (resend or redelivery).
        var answerable = RecordRejections(entries) ? entries : Array.FindAll(entries, e => e.Kind != EntryKind.Rejected);
        await PublishAcksAsync(answerable).ConfigureAwait(false);
        NotifyObservers(answerable);
        await CompleteAsync(answerable).ConfigureAwait(false);
    }

    private IngestEntry ClassifyGuarded(BinMessage message)
    {
        try
        {
            return classifier.Classify(message);
        }
        catch (Exception e)
        {
            IngestLog.ParserDefect(logger, BinLeaves.MetricLabel(message.Leaf), message.BinId, e);
            return IngestEntry.ForRejection(message, RejectionReasons.InternalError, e.GetType().Name, 0);
        }
    }

    /// <summary>Test-only fault injection (Ingest:TestDelayBeforeCommitMs, TestDelayAfterCommitMs): false when stopped during the wait.</summary>
    private async Task<bool> TestDelayAsync(int delayMs, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Commits until it succeeds (null if the host stops first). An empty batch needs no transaction.</summary>
    private async Task<IReadOnlyList<IngestVerdict>?> CommitAsync(List<IngestItem> items, CancellationToken stoppingToken)
    {
        if (items.Count == 0)
        {
            return [];
        }
        var delayMs = RetryDelayMinMs;
        for (var attempt = 1; ; attempt++)
        {
            var started = time.GetTimestamp();
            try
            {
                var verdicts = store.CommitBatch(items);
                CheckVerdicts(items, verdicts);
                var elapsed = time.GetElapsedTime(started);
                metrics.Commit(elapsed.TotalSeconds);
                IngestLog.Batch(logger, items.Count, verdicts.Count, elapsed.TotalMilliseconds);
                return verdicts;
            }
            catch (Exception e)
            {
                // Nothing of this batch is acked or completed until a commit succeeds, so a crash here loses nothing.
                metrics.CommitFailure();
                IngestLog.CommitFailed(logger, items.Count, attempt, delayMs, e);
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            delayMs = Math.Min(delayMs * 2, RetryDelayMaxMs);
        }
    }

    private static void CheckVerdicts(List<IngestItem> items, IReadOnlyList<IngestVerdict> verdicts)
    {
        if (verdicts.Count != items.Count)
        {
            throw new InvalidOperationException($"store returned {verdicts.Count} verdicts for {items.Count} items");
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (verdicts[i].Seq != items[i].Seq || !string.Equals(verdicts[i].BinId, items[i].BinId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"verdict {i} is for {verdicts[i].BinId}:{verdicts[i].Seq}, not {items[i].BinId}:{items[i].Seq}");
            }
        }
    }

    private static void AttachVerdicts(IngestEntry[] entries, IReadOnlyList<IngestVerdict> verdicts)
    {
        var next = 0;
        foreach (var entry in entries)
        {
            if (entry.Kind == EntryKind.Item)
            {
                entry.Verdict = verdicts[next++];
            }
        }
    }

    private void Count(IngestEntry[] entries, int itemCount)
    {
        metrics.Batch(entries.Length);
        foreach (var entry in entries)
        {
            var m = entry.Message;
            metrics.Message(m.Leaf);
            if (entry.Verdict is { } verdict)
            {
                metrics.Verdict(verdict.Result, verdict.Result == AckResult.Credited ? verdict.Points : 0);
                if (verdict.Result == AckResult.Rejected)
                {
                    metrics.StoreRejection(verdict.Reason, m.Leaf);
                }
                IngestLog.Handled(logger, m.BinId, m.Leaf, verdict.Seq, AckResults.ToWire(verdict.Result));
            }
            else if (entry.Kind == EntryKind.Rejected)
            {
                sinceSummary.Rejected++;
                metrics.Rejection(entry.Reason, m.Leaf);
                if (warnings.TryPass(entry.Reason, out var suppressed))
                {
                    IngestLog.Rejected(logger, BinLeaves.MetricLabel(m.Leaf), m.BinId, entry.Seq, entry.Reason, entry.Detail, suppressed);
                }
            }
            else
            {
                IngestLog.Handled(logger, m.BinId, m.Leaf, 0, "observed");
            }
        }
        sinceSummary.Messages += entries.Length;
        sinceSummary.Items += itemCount;
        sinceSummary.Batches++;
    }
}
