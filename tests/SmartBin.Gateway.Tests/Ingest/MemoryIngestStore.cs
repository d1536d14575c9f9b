using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>
/// A small honest <see cref="IIngestStore"/> in memory: dedupe on (bin, seq) also within a batch, all-or-nothing
/// batches, a card's drop-off credited at 1 point per 10 g (g CO2e = net g), unattributed drop-offs and events
/// recorded. Faults on request: throw the next N commits, or block inside a commit until released.
/// </summary>
internal sealed class MemoryIngestStore : IIngestStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Bin, long Seq), IngestVerdict> committed = [];
    private readonly Dictionary<string, long> balances = new(StringComparer.Ordinal);
    private readonly List<RejectedMessage> rejected = [];
    private readonly ManualResetEventSlim released = new(initialState: true);
    private readonly ManualResetEventSlim entered = new();
    private int failNext;

    /// <summary>CommitBatch calls, failed ones included.</summary>
    public int CommitCalls { get; private set; }

    /// <summary>Commits that succeeded.</summary>
    public int SuccessfulCommits { get; private set; }

    /// <summary>Items per successful commit, in order.</summary>
    public List<int> BatchSizes { get; } = [];

    /// <summary>Makes the next <paramref name="count"/> commits throw (nothing committed).</summary>
    public void FailNextCommits(int count)
    {
        lock (gate)
        {
            failNext = count;
        }
    }

    /// <summary>Commits block inside CommitBatch until <see cref="Release"/>.</summary>
    public void Block()
    {
        entered.Reset();
        released.Reset();
    }

    /// <summary>Lets blocked and later commits through.</summary>
    public void Release() => released.Set();

    /// <summary>Waits until a commit is blocked inside the store.</summary>
    public bool WaitEntered(TimeSpan timeout) => entered.Wait(timeout);

    /// <inheritdoc />
    public IReadOnlyList<IngestVerdict> CommitBatch(IReadOnlyList<IngestItem> items)
    {
        entered.Set();
        released.Wait();
        lock (gate)
        {
            CommitCalls++;
            if (failNext > 0)
            {
                failNext--;
                throw new IOException("disk I/O error (injected)");
            }
            var verdicts = new List<IngestVerdict>(items.Count);
            var fresh = new Dictionary<(string, long), IngestVerdict>();
            var credits = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var key = (item.BinId, item.Seq);
                if (committed.ContainsKey(key) || fresh.ContainsKey(key))
                {
                    verdicts.Add(new IngestVerdict(item.BinId, item.Seq, AckResult.Duplicate, "", 0, 0));
                    continue;
                }
                var verdict = Decide(item);
                fresh[key] = verdict;
                verdicts.Add(verdict);
                if (verdict.Result == AckResult.Credited)
                {
                    credits[item.DropOff!.CardUid] = credits.GetValueOrDefault(item.DropOff.CardUid) + verdict.Points;
                }
            }
            // Applied only after every item was decided: a batch is all or nothing, like one transaction.
            foreach (var (key, verdict) in fresh)
            {
                committed[key] = verdict;
            }
            foreach (var (card, points) in credits)
            {
                balances[card] = balances.GetValueOrDefault(card) + points;
            }
            SuccessfulCommits++;
            BatchSizes.Add(items.Count);
            return verdicts;
        }
    }

    /// <inheritdoc />
    public void RecordRejectedMessages(IReadOnlyList<RejectedMessage> messages)
    {
        lock (gate)
        {
            if (RejectionRecordsFail)
            {
                throw new System.IO.IOException("disk full (test)");
            }
            rejected.AddRange(messages);
        }
    }

    /// <summary>Set to make <see cref="RecordRejectedMessages"/> throw, as a full disk would.</summary>
    public bool RejectionRecordsFail { get; set; }

    /// <summary>Whether (bin, seq) is committed.</summary>
    public bool IsCommitted(string bin, long seq)
    {
        lock (gate)
        {
            return committed.ContainsKey((bin, seq));
        }
    }

    /// <summary>Every committed verdict.</summary>
    public Dictionary<(string Bin, long Seq), IngestVerdict> Verdicts()
    {
        lock (gate)
        {
            return new(committed);
        }
    }

    /// <summary>Points by card.</summary>
    public Dictionary<string, long> Balances()
    {
        lock (gate)
        {
            return new(balances, StringComparer.Ordinal);
        }
    }

    /// <summary>Rejections recorded for audit.</summary>
    public List<RejectedMessage> Rejected()
    {
        lock (gate)
        {
            return rejected.ToList();
        }
    }

    private static IngestVerdict Decide(IngestItem item)
    {
        if (item.DropOff is { } d)
        {
            return d.CardUid.Length == 0
                ? new IngestVerdict(item.BinId, d.Seq, AckResult.Recorded, "unattributed", 0, 0)
                : new IngestVerdict(item.BinId, d.Seq, AckResult.Credited, "", d.NetGrams / 10, d.NetGrams);
        }
        return new IngestVerdict(item.BinId, item.Seq, AckResult.Recorded, "", 0, 0);
    }
}
