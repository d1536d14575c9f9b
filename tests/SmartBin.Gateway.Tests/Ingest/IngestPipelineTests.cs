using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Tests.Protocol;
using Xunit;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>Ordering, group commit, dedupe, rejections and acks of the ingest pipeline.</summary>
public sealed class IngestPipelineTests
{
    private static string Ack(long seq, string result, string reason = "", long points = 0, long co2e = 0) =>
        $"{{\"v\":1,\"seq\":{seq},\"result\":\"{result}\",\"reason\":\"{reason}\",\"points\":{points},\"co2eG\":{co2e}}}";

    [Fact]
    public async Task Acks_observers_and_completions_follow_arrival_order()
    {
        await using var h = new PipelineHarness();
        await h.StartAsync();
        var seqs = Enumerable.Range(1, 60).Select(i => (long)(i * 7 % 61)).ToArray(); // a permutation, not sorted
        foreach (var seq in seqs)
        {
            await h.AcceptAsync(h.DropOffMessage(seq, netGrams: (int)seq * 10));
        }
        await h.WaitForCompletions(seqs.Length);

        Assert.Equal(seqs.Select(s => Ack(s, "credited", "", s, s * 10)), h.AckJson());
        Assert.Equal(seqs.Select(s => $"dropoff {PipelineHarness.Bin} {s} credited"), h.Observer.Calls);
        Assert.Equal(Enumerable.Range(1, seqs.Length), h.Completed.Select(c => c.Number));
    }

    [Fact]
    public async Task Messages_queued_before_start_are_committed_in_one_batch()
    {
        await using var h = new PipelineHarness();
        for (var seq = 1; seq <= 200; seq++)
        {
            await h.AcceptAsync(h.DropOffMessage(seq));
        }
        await h.StartAsync();
        await h.WaitForCompletions(200);

        Assert.Equal(1, h.Store.CommitCalls);
        Assert.Equal([200], h.Store.BatchSizes);
        Assert.Equal(200, h.Publisher.Published.Count);
    }

    [Fact]
    public async Task Batches_are_capped_at_batch_max()
    {
        await using var h = new PipelineHarness(new IngestOptions { BatchMax = 7 });
        for (var seq = 1; seq <= 20; seq++)
        {
            await h.AcceptAsync(h.DropOffMessage(seq));
        }
        await h.StartAsync();
        await h.WaitForCompletions(20);

        Assert.Equal([7, 7, 6], h.Store.BatchSizes);
    }

    [Fact]
    public async Task A_resend_is_acked_duplicate_and_credited_once()
    {
        await using var h = new PipelineHarness();
        await h.AcceptAsync(h.DropOffMessage(5));
        await h.AcceptAsync(h.DropOffMessage(5)); // same batch
        await h.StartAsync();
        await h.WaitForCompletions(2);
        await h.AcceptAsync(h.DropOffMessage(5)); // a later batch
        await h.WaitForCompletions(3);

        Assert.Equal([Ack(5, "credited", "", 75, 750), Ack(5, "duplicate"), Ack(5, "duplicate")], h.AckJson());
        Assert.Equal(75, h.Store.Balances()["04A1B2C3"]);
        Assert.Equal([$"dropoff {PipelineHarness.Bin} 5 credited"], h.Observer.Calls);
        Assert.Equal(2, h.Metrics.Value("smartbin_ingest_verdicts_total", ("result", "duplicate")));
        Assert.Equal(75, h.Metrics.Total("smartbin_ingest_credited_points_total"));
    }

    [Fact]
    public async Task Rejections_are_acked_when_seq_is_readable_and_counted_either_way()
    {
        await using var h = new PipelineHarness();
        await h.StartAsync();
        await h.AcceptAsync(h.Message(BinLeaves.DropOff, Payloads.Edit("dropoff", "v=2|seq=9|id=\"x\"")));
        await h.AcceptAsync(h.Message(BinLeaves.Event, Payloads.Edit("event", "kind=\"exploded\"")));
        await h.AcceptAsync(h.Message(BinLeaves.DropOff, Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"baiyun-0007:1")));
        await h.AcceptAsync(h.Message(BinLeaves.Telemetry, Payloads.Edit("telemetry", "fillPct=400")));
        await h.AcceptAsync(h.Message("dropoff/extra", ProtocolDoc.Bytes("dropoff")));
        await h.AcceptAsync(h.DropOffMessage(11));
        await h.WaitForCompletions(6);

        Assert.Equal([Ack(9, "rejected", "bad-version"), Ack(1043, "rejected", "unknown-kind"), Ack(11, "credited", "", 75, 750)], h.AckJson());
        Assert.Equal(5, h.Metrics.Total("smartbin_ingest_rejected_total"));
        Assert.Equal(1, h.Metrics.Value("smartbin_ingest_rejected_total", ("reason", "bad-json"), ("leaf", "dropoff")));
        Assert.Equal(1, h.Metrics.Value("smartbin_ingest_rejected_total", ("reason", "out-of-range"), ("leaf", "telemetry")));
        Assert.Equal(1, h.Metrics.Value("smartbin_ingest_rejected_total", ("reason", "unknown-topic"), ("leaf", "other")));
        var audit = h.Store.Rejected();
        Assert.Equal(["bad-version", "unknown-kind", "bad-json", "out-of-range", "unknown-topic"], audit.Select(r => r.Reason));
        Assert.Equal([9L, 1043, 0, 0, 0], audit.Select(r => r.Seq));
        Assert.All(audit, r => Assert.NotEqual("", r.Detail));
    }

    [Fact]
    public async Task Telemetry_and_status_reach_observers_and_are_not_acked()
    {
        await using var h = new PipelineHarness(null, null, new ThrowingObserver());
        await h.StartAsync();
        await h.AcceptAsync(h.Message(BinLeaves.Telemetry, ProtocolDoc.Bytes("telemetry")));
        await h.AcceptAsync(h.Message(BinLeaves.Status, ProtocolDoc.Bytes("status-offline")));
        await h.AcceptAsync(h.Message(BinLeaves.CommandResult, ProtocolDoc.Bytes("cmd-result")));
        await h.AcceptAsync(h.Message(BinLeaves.Event, ProtocolDoc.Bytes("event"), 1043));
        await h.WaitForCompletions(4);

        Assert.Equal([$"telemetry {PipelineHarness.Bin} 42", $"status {PipelineHarness.Bin} False", $"event {PipelineHarness.Bin} 1043"], h.Observer.Calls);
        Assert.Equal([Ack(1043, "recorded")], h.AckJson());
        Assert.Equal(3, h.Metrics.Total("smartbin_ingest_observer_failed_total"));
        Assert.Equal(1, h.Metrics.Value("smartbin_ingest_messages_total", ("leaf", "cmd/result")));
    }

    [Fact]
    public async Task A_failed_ack_is_counted_and_the_rest_go_on()
    {
        await using var h = new PipelineHarness();
        h.Publisher.OfflineBin = "xiahang-0002";
        await h.StartAsync();
        await h.AcceptAsync(new BinMessage("xiahang-0002", BinLeaves.Event,
            Encoding.UTF8.GetBytes(ProtocolDoc.Examples["event"].Replace("baiyun-0007", "xiahang-0002", StringComparison.Ordinal)),
            Payloads.ReceivedUtc, new RecordingCompletion(100, h.Completed, () => h.Store.IsCommitted("xiahang-0002", 1043))));
        await h.AcceptAsync(h.DropOffMessage(12));
        await h.WaitForCompletions(2);

        Assert.Equal([Ack(12, "credited", "", 75, 750)], h.AckJson());
        Assert.Equal(1, h.Metrics.Total("smartbin_ingest_ack_publish_failed_total"));
        Assert.All(h.Completed, c => Assert.True(c.Committed));
    }

    [Fact]
    public async Task Metrics_cover_batches_commits_and_the_queue()
    {
        await using var h = new PipelineHarness();
        await h.StartAsync();
        await h.AcceptAsync(h.DropOffMessage(1));
        await h.AcceptAsync(h.DropOffMessage(2, card: ""));
        await h.WaitForCompletions(2);

        var text = h.Metrics.Render();
        Assert.Contains("smartbin_ledger_commit_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains("smartbin_ingest_batch_size_count", text, StringComparison.Ordinal);
        Assert.Contains("smartbin_ingest_queue_depth", text, StringComparison.Ordinal);
        Assert.Equal(2, h.Metrics.Value("smartbin_ingest_messages_total", ("leaf", "dropoff")));
        Assert.Equal(1, h.Metrics.Value("smartbin_ingest_verdicts_total", ("result", "recorded")));
        Assert.Equal(Ack(2, "recorded", "unattributed"), h.AckJson()[1]);
    }
}
