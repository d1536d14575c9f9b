using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Tests.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>
/// 100,000 seeded mutations of the docs' examples through the parser and the pipeline: nothing throws, every
/// message is committed or rejected with a documented reason, counters add up, and credits already committed
/// never change (new credits only from cases that are valid new drop-offs, as an independent model predicts).
/// </summary>
public sealed class IngestFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 100_000;
    private const int Seed = 20261123;
    private const int SeededDropOffs = 200;
    private static readonly string[] Cards = ["04A1B2C3", "04A1B2C3D4E5F6", "0A0B0C0D"];

    [Fact]
    public async Task Fuzzed_payloads_are_committed_or_rejected_with_a_documented_reason_and_committed_credits_stay()
    {
        await using var h = new PipelineHarness();
        await h.StartAsync();
        for (var seq = 1; seq <= SeededDropOffs; seq++)
        {
            await h.AcceptAsync(h.DropOffMessage(seq, Cards[seq % Cards.Length], 100 + seq));
        }
        await h.WaitForCompletions(SeededDropOffs);
        var verdictsBefore = h.Store.Verdicts();
        var model = new CreditModel(verdictsBefore.Keys, h.Store.Balances());

        var documented = PayloadMutator.DocumentedReasons();
        var expectedRejections = new Dictionary<(string Reason, string Leaf), int>();
        var mutator = new PayloadMutator(Seed);
        var items = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (leaf, payload) = mutator.Next();
            var outcome = ParseByLeaf(leaf, payload);
            if (outcome.Message is null)
            {
                Assert.True(documented.Contains(outcome.Reason), $"case {i}: undocumented reason '{outcome.Reason}'");
                Assert.False(string.IsNullOrEmpty(outcome.Detail), $"case {i}: {outcome.Reason} without detail");
                Assert.InRange(outcome.Seq, 0, ProtocolLimits.SeqMax);
                var key = (outcome.Reason, BinLeaves.MetricLabel(leaf));
                expectedRejections[key] = expectedRejections.GetValueOrDefault(key) + 1;
            }
            else if (outcome.Message is DropOffMessage or EventMessage)
            {
                items++;
                model.Apply(outcome.Message);
            }
            await h.AcceptAsync(h.Message(leaf, payload));
        }
        await h.WaitForCompletions(SeededDropOffs + Cases);
        output.WriteLine($"{items} items; rejections: " + string.Join(", ", expectedRejections.OrderByDescending(p => p.Value).Select(p => $"{p.Key.Reason}/{p.Key.Leaf} {p.Value}")));

        Assert.False(h.Pipeline.ExecuteTask!.IsFaulted);
        Assert.Equal(SeededDropOffs + Cases, h.Completed.Select(c => c.Number).Distinct().Count());
        Assert.Equal(SeededDropOffs + Cases, h.Metrics.Total("smartbin_ingest_messages_total"));
        Assert.Equal(expectedRejections.Values.Sum(), h.Metrics.Total("smartbin_ingest_rejected_total"));
        foreach (var ((reason, leaf), count) in expectedRejections)
        {
            Assert.Equal(count, h.Metrics.Value("smartbin_ingest_rejected_total", ("reason", reason), ("leaf", leaf)));
        }
        Assert.Equal(SeededDropOffs + items, h.Metrics.Total("smartbin_ingest_verdicts_total"));
        Assert.Equal(expectedRejections.Values.Sum(), h.Store.Rejected().Count);

        var verdictsAfter = h.Store.Verdicts();
        Assert.All(verdictsBefore, v => Assert.Equal(v.Value, verdictsAfter[v.Key]));
        Assert.Equal(model.Balances.OrderBy(b => b.Key), h.Store.Balances().OrderBy(b => b.Key));
        Assert.True(items > 1_000 && expectedRejections.Count > 10, $"the generator is too tame: {items} items, {expectedRejections.Count} reason/leaf pairs");
    }

    private static Payloads.Outcome ParseByLeaf(string leaf, byte[] payload) => leaf switch
    {
        BinLeaves.DropOff => Payloads.Parse("dropoff", payload),
        BinLeaves.Event => Payloads.Parse("event", payload),
        BinLeaves.Telemetry => Payloads.Parse("telemetry", payload),
        BinLeaves.Status => Payloads.Parse("status-online", payload),
        BinLeaves.CommandResult => Payloads.Parse("cmd-result", payload),
        _ => new Payloads.Outcome(null, RejectionReasons.UnknownTopic, "leaf", 0),
    };

    /// <summary>What the store should hold: (bin, seq) dedupe across drop-offs and events, 1 point per 10 g to the card.</summary>
    private sealed class CreditModel(IEnumerable<(string Bin, long Seq)> committed, Dictionary<string, long> balances)
    {
        private readonly HashSet<long> seqs = committed.Select(k => k.Seq).ToHashSet();

        public Dictionary<string, long> Balances { get; } = balances;

        public void Apply(object message)
        {
            var seq = message is DropOffMessage d ? d.Seq : ((EventMessage)message).Seq;
            if (!seqs.Add(seq))
            {
                return; // a duplicate: nothing booked again
            }
            if (message is DropOffMessage { CardUid.Length: > 0 } credited)
            {
                Balances[credited.CardUid] = Balances.GetValueOrDefault(credited.CardUid) + (credited.NetGrams / 10);
            }
        }
    }
}
