using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Ingest;

/// <summary>What follows a successful commit: acks, audit of rejections, observers, completions.</summary>
public sealed partial class IngestPipeline
{
    private const string AckFailedWarningKey = "ack-publish-failed";

    /// <summary>Acks in arrival order. A failed publish is not retried: the bin resends and is answered duplicate.</summary>
    private async Task PublishAcksAsync(IngestEntry[] entries)
    {
        var sender = publisher ?? throw new InvalidOperationException("the pipeline has not started");
        foreach (var entry in entries)
        {
            if (entry.Verdict is null && !entry.IsAnsweredRejection)
            {
                continue;
            }
            try
            {
                // Encoding sits inside the try: a store reason that is not a code must cost one ack, not the loop.
                var ack = entry.Verdict is { } v
                    ? AckEncoder.Encode(v.Seq, v.Result, v.Reason, v.Points, v.GramsCo2e)
                    : AckEncoder.Encode(entry.Seq, AckResult.Rejected, entry.Reason, 0, 0);
                await sender.PublishToBinAsync(entry.Message.BinId, BinLeaves.Ack, ack, hardStop.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                metrics.AckFailed();
                if (warnings.TryPass(AckFailedWarningKey, out var suppressed))
                {
                    IngestLog.AckFailed(logger, entry.Message.BinId, entry.Seq, suppressed, e);
                }
            }
        }
    }

    /// <summary>Writes the audit rows of this batch's rejections; false (counted, logged) if that failed.</summary>
    private bool RecordRejections(IngestEntry[] entries)
    {
        List<RejectedMessage>? rejected = null;
        foreach (var entry in entries)
        {
            if (entry.Kind == EntryKind.Rejected)
            {
                var m = entry.Message;
                var kept = m.Payload.Length <= ProtocolLimits.PayloadBytesMax ? m.Payload : m.Payload[..ProtocolLimits.PayloadBytesMax];
                (rejected ??= []).Add(new RejectedMessage(m.BinId, m.Leaf, entry.Seq, entry.Reason, entry.Detail, m.ReceivedUtc, kept.ToArray()));
            }
        }
        if (rejected is null)
        {
            return true;
        }
        try
        {
            store.RecordRejectedMessages(rejected);
            return true;
        }
        catch (Exception e)
        {
            metrics.RejectRecordFailure();
            IngestLog.RejectRecordFailed(logger, rejected.Count, e);
            return false;
        }
    }

    private void NotifyObservers(IngestEntry[] entries)
    {
        foreach (var entry in entries)
        {
            var m = entry.Message;
            Action<IBinObserver>? call = entry.Report switch
            {
                TelemetryMessage t => o => o.OnTelemetry(m.BinId, t, m.ReceivedUtc),
                StatusMessage s => o => o.OnStatus(m.BinId, s, m.ReceivedUtc),
                _ => null,
            };
            if (entry.Verdict is { Result: not (AckResult.Duplicate or AckResult.Rejected) } verdict)
            {
                call = entry.Item!.DropOff is { } d
                    ? o => o.OnDropOff(m.BinId, d, verdict, m.ReceivedUtc)
                    : o => o.OnEvent(m.BinId, entry.Item.Event!, m.ReceivedUtc);
            }
            if (call is not null)
            {
                Notify(call, m);
            }
        }
    }

    private void Notify(Action<IBinObserver> call, BinMessage m)
    {
        foreach (var observer in observers)
        {
            try
            {
                call(observer);
            }
            catch (Exception e)
            {
                metrics.ObserverFailure();
                IngestLog.ObserverFailed(logger, observer.GetType().Name, BinLeaves.MetricLabel(m.Leaf), m.BinId, e);
            }
        }
    }

    private async Task CompleteAsync(IngestEntry[] entries)
    {
        foreach (var entry in entries)
        {
            try
            {
                await entry.Message.Completion.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The contract says completions never throw; one that does must not stop ingest for every bin.
                IngestLog.CompletionFailed(logger, entry.Message.BinId, BinLeaves.MetricLabel(entry.Message.Leaf), e);
            }
        }
    }
}
