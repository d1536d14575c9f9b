using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>The ingest write path: one transaction per batch.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Reason for an item whose bin is not registered.</summary>
    public const string UnknownBinReason = "unknown-bin";

    /// <summary>Most payload bytes kept of a rejected message.</summary>
    public const int RejectedPayloadBytesMax = 1024;

    private const string ClaimDropOff = "dropoff";
    private const string ClaimEvent = "event";

    /// <inheritdoc />
    public IReadOnlyList<IngestVerdict> CommitBatch(IReadOnlyList<IngestItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }
        return Write(w =>
        {
            var verdicts = new IngestVerdict[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                verdicts[i] = CommitItem(w, items[i]);
            }
            return verdicts;
        });
    }

    /// <inheritdoc />
    public void RecordRejectedMessages(IReadOnlyList<RejectedMessage> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (rejected.Count == 0)
        {
            return;
        }
        Write(w =>
        {
            foreach (var r in rejected)
            {
                InsertRejected(w, r);
            }
            return rejected.Count;
        });
    }

    /// <summary>
    /// Deletes rejected messages received before <paramref name="olderThanUtc"/> (their counters stay in the metrics);
    /// returns how many were deleted. Nothing else is ever deleted: drop-offs and the ledger are kept for good.
    /// </summary>
    public int PruneRejectedMessages(DateTimeOffset olderThanUtc) => Write(w =>
        Sql.Execute(w.Connection, w.Transaction, "DELETE FROM rejected_messages WHERE received_utc < $before",
            ("$before", Sql.Utc(olderThanUtc))));

    /// <summary>One <c>rejected_messages</c> row in the writer's transaction; the payload is cut to 1024 bytes.</summary>
    private static void InsertRejected(Writer w, RejectedMessage r)
    {
        var payload = r.Payload.Length <= RejectedPayloadBytesMax ? r.Payload : r.Payload[..RejectedPayloadBytesMax];
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO rejected_messages (bin_id, leaf, seq, reason, detail, received_utc, payload) VALUES ($b, $l, $s, $r, $d, $at, $p)",
            ("$b", r.BinId), ("$l", r.Leaf), ("$s", r.Seq), ("$r", r.Reason), ("$d", r.Detail),
            ("$at", Sql.Utc(r.ReceivedUtc)), ("$p", payload));
    }

    private IngestVerdict CommitItem(Writer w, IngestItem item)
    {
        if (ActiveBin(w, item.BinId, out var refusal) is not { } bin)
        {
            return RejectUnregistered(w, item, refusal);
        }
        if (item.DropOff is { } dropOff)
        {
            // A claimed seq is a resend (duplicate) or a reused seq with other content (rejected seq-conflict).
            return w.TryClaim(bin.BinId, dropOff.Seq, ClaimDropOff)
                ? CommitDropOff(w, bin, item.ReceivedUtc, dropOff)
                : AnswerClaimed(w, bin, item);
        }
        if (item.Event is { } binEvent)
        {
            if (!w.TryClaim(bin.BinId, binEvent.Seq, ClaimEvent))
            {
                return AnswerClaimed(w, bin, item);
            }
            w.InsertEvent(bin.BinId, item.ReceivedUtc, binEvent);
            return new IngestVerdict(bin.BinId, binEvent.Seq, AckResult.Recorded, "", 0, 0);
        }
        throw new ArgumentException($"ingest item {item.BinId} has neither a drop-off nor an event");
    }

    private IngestVerdict CommitDropOff(Writer w, BinInfo bin, DateTimeOffset receivedUtc, DropOffMessage d)
    {
        // An unparseable name becomes the undefined enum value 0, which the engine rejects as unknown-material.
        var material = MaterialNames.TryParse(d.Material, out var parsed) ? parsed : default;
        var facts = new DropOffFacts(bin.BinId, material, d.NetGrams, (DropOffFlags)d.Flags, d.StartUtc, d.EndUtc, d.CardUid, receivedUtc);
        var occurredUtc = facts.OccurredUtc;
        var day = DayKey(occurredUtc);
        var hasCard = d.CardUid.Length > 0;
        string? household = hasCard && w.CardHouseholds.TryGetValue(d.CardUid, out var h) ? h : null;
        var today = household is null ? default : w.Day(household, day);
        var context = new ResidentContext(household, today.Grams, today.Points, bin.Geo, hasCard ? PreviousOf(w, d.CardUid) : null,
            MaterialNames.TryParse(bin.Material, out var registered) ? registered : null);
        var decision = engine.Evaluate(facts, context);

        var (outcome, verdict) = decision.Outcome switch
        {
            CreditOutcome.Credited => (DropOffOutcomes.Credited, Verdict(AckResult.Credited, "", decision.Points, decision.GramsCo2e)),
            CreditOutcome.Suspense => (DropOffOutcomes.Suspense, Verdict(AckResult.Held, decision.Reason, 0, 0)),
            CreditOutcome.Held => (DropOffOutcomes.Held, Verdict(AckResult.Held, decision.Reason, 0, 0)),
            CreditOutcome.Rejected => (DropOffOutcomes.Rejected, Verdict(AckResult.Rejected, decision.Reason, 0, 0)),
            CreditOutcome.NotCredited => (DropOffOutcomes.Recorded, Verdict(AckResult.Recorded, decision.Reason, 0, 0)),
            _ => throw new InvalidOperationException($"crediting outcome {decision.Outcome} is not handled"),
        };
        var dropOffId = DropOffId(bin.BinId, d.Seq);
        w.InsertDropOff(new DropOffAudit(bin.BinId, d.Seq, receivedUtc, occurredUtc, d.StartUtc, d.EndUtc, bin.CommunityId,
            bin.Location, bin.Geo, d.CardUid, household, d.Material, d.GrossBeforeGrams, d.GrossAfterGrams, d.NetGrams, d.Items,
            d.Flags, d.CalibrationVersion, d.FirmwareVersion, outcome, decision.Reason, decision.Points, decision.GramsCo2e,
            decision.Versions, string.Join(',', decision.Notes), dropOffId, day));

        if (decision.Outcome == CreditOutcome.Credited)
        {
            BookDropOff(w, dropOffId, LedgerAccounts.Household(household!), TransferKinds.Credit, decision.Points, decision.GramsCo2e);
            w.AddDay(household!, day, d.NetGrams, decision.Points);
        }
        else if (decision.Outcome == CreditOutcome.Suspense)
        {
            BookDropOff(w, dropOffId, LedgerAccounts.Suspense(d.CardUid), TransferKinds.Suspense, decision.Points, decision.GramsCo2e);
        }
        if (hasCard && decision.Outcome is not (CreditOutcome.Rejected or CreditOutcome.NotCredited))
        {
            w.SeeCard(d.CardUid, new CardLastSeen(bin.BinId, occurredUtc));
        }
        return verdict with { BinId = bin.BinId, Seq = d.Seq };
    }

    private static IngestVerdict Verdict(AckResult result, string reason, long points, long gramsCo2e) =>
        new("", 0, result, reason, points, gramsCo2e);

    /// <summary>Books a drop-off's value from the issuance account; zero amounts book nothing (amounts are &gt; 0).</summary>
    private void BookDropOff(Writer w, string dropOffId, string account, string kind, long points, long gramsCo2e)
    {
        var at = Now;
        if (points > 0)
        {
            var booked = w.Post($"dropoff:{dropOffId}:{LedgerUnits.Points}", LedgerUnits.Points, points, LedgerAccounts.Issuance, account, kind, dropOffId, null, "", at);
            Debug.Assert(booked is not null, "the issuance account cannot refuse");
        }
        if (gramsCo2e > 0)
        {
            var booked = w.Post($"dropoff:{dropOffId}:{LedgerUnits.GramsCo2e}", LedgerUnits.GramsCo2e, gramsCo2e, LedgerAccounts.Issuance, account, kind, dropOffId, null, "", at);
            Debug.Assert(booked is not null, "the issuance account cannot refuse");
        }
    }

    private static PreviousDropOff? PreviousOf(Writer w, string cardUid)
    {
        var last = w.CardLast(cardUid);
        if (last is null || !w.Bins.TryGetValue(last.BinId, out var previousBin) || previousBin.Geo is not { } where)
        {
            return null;
        }
        return new PreviousDropOff(last.BinId, where, last.OccurredUtc);
    }

    /// <summary>The residents' local day of an instant, as stored in <c>household_day</c>.</summary>
    private string DayKey(DateTimeOffset atUtc) => engine.LocalDayOf(atUtc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The drop-off id <c>{binId}:{seq}</c> used as reference and idempotency key.</summary>
    public static string DropOffId(string binId, long seq) => string.Create(CultureInfo.InvariantCulture, $"{binId}:{seq}");
}
