using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Tests.Protocol;
using Xunit;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>Store failures, backpressure, stopping, fault injection and log rate limits.</summary>
public sealed class IngestFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_rejection_whose_audit_row_cannot_be_written_is_not_acked_so_the_bin_keeps_its_copy()
    {
        await using var h = new PipelineHarness();
        h.Store.RejectionRecordsFail = true;
        await h.AcceptAsync(h.DropOffMessage(1));
        await h.AcceptAsync(h.Message("dropoff", Encoding.UTF8.GetBytes("{\"v\":2,\"seq\":2}")));
        await h.AcceptAsync(h.DropOffMessage(3));
        await h.StartAsync();
        await h.WaitForCompletions(2);
        Assert.Equal(1, h.Metrics.Total("smartbin_ingest_reject_record_failed_total"));

        h.Store.RejectionRecordsFail = false;
        await h.AcceptAsync(h.Message("dropoff", Encoding.UTF8.GetBytes("{\"v\":2,\"seq\":2}"))); // the bin's resend
        await h.WaitForCompletions(3);

        // One consumer, batch after batch: by the time the resend is done, the first batch is completely done, so
        // exactly 3 completions means the first copy of seq 2 was never completed (nor acked).
        Assert.Equal(3, h.Completed.Count);
        var acks = h.AckJson();
        Assert.Equal(3, acks.Length);
        Assert.Single(acks, a => a.Contains("\"seq\":2,\"result\":\"rejected\",\"reason\":\"bad-version\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_fails_twice_gets_the_same_batch_again_and_acks_come_only_after_success()
    {
        await using var h = new PipelineHarness();
        h.Store.FailNextCommits(2);
        for (var seq = 1; seq <= 10; seq++)
        {
            await h.AcceptAsync(h.DropOffMessage(seq));
        }
        await h.StartAsync();
        await h.WaitForCompletions(10);

        Assert.Equal(3, h.Store.CommitCalls);
        Assert.Equal([10], h.Store.BatchSizes);
        Assert.Equal(2, h.Metrics.Total("smartbin_ingest_commit_failed_total"));
        Assert.Equal(10, h.Publisher.Published.Count);
        Assert.All(h.Publisher.Published, a => Assert.True(a.StoreHadCommitted));
        Assert.Equal(Enumerable.Range(1, 10).Select(s => (PipelineHarness.Bin, (long)s)).ToHashSet(), h.Store.Verdicts().Keys.ToHashSet());
        Assert.Equal(750, h.Store.Balances()["04A1B2C3"]);
        Assert.All(h.Completed, c => Assert.True(c.Committed, $"message {c.Number} completed before its commit"));
    }

    [Fact]
    public async Task With_the_store_blocked_the_queue_fills_and_the_next_accept_waits_for_the_store()
    {
        await using var h = new PipelineHarness(new IngestOptions { QueueCapacity = 16 });
        h.Store.Block();
        await h.StartAsync();
        await h.AcceptAsync(h.DropOffMessage(1));
        Assert.True(h.Store.WaitEntered(Wait), "the first batch never reached the store");

        for (var seq = 2; seq <= 17; seq++)
        {
            Assert.True(h.AcceptAsync(h.DropOffMessage(seq)).IsCompleted, $"accept of seq {seq} waited with room in the queue");
        }
        var seventeenth = h.AcceptAsync(h.DropOffMessage(18)).AsTask();
        // The consumer is inside CommitBatch and cannot read, so nothing can make room: no timing involved.
        Assert.False(seventeenth.IsCompleted);
        Assert.Equal(16, h.Pipeline.QueuedCount);

        h.Store.Release();
        await seventeenth.WaitAsync(Wait);
        await h.WaitForCompletions(18);
        Assert.Equal(18, h.Store.Verdicts().Count);
    }

    [Fact]
    public async Task Stopping_finishes_the_batch_in_hand_and_leaves_the_rest_uncompleted()
    {
        var h = new PipelineHarness();
        h.Store.Block();
        await h.StartAsync();
        await h.AcceptAsync(h.DropOffMessage(1));
        Assert.True(h.Store.WaitEntered(Wait));
        await h.AcceptAsync(h.DropOffMessage(2));
        await h.AcceptAsync(h.DropOffMessage(3));

        var stopping = h.StopAsync();
        h.Store.Release();
        await stopping.WaitAsync(Wait);

        Assert.Equal([(1, true)], h.Completed.ToArray());
        Assert.Single(h.Publisher.Published);
        Assert.False(h.Store.IsCommitted(PipelineHarness.Bin, 2));
        Assert.Equal(2, h.Pipeline.QueuedCount);
        h.Pipeline.Dispose();
    }

    [Fact]
    public async Task Stopped_during_the_test_delay_the_batch_is_neither_committed_nor_completed()
    {
        var h = new PipelineHarness(new IngestOptions { TestDelayBeforeCommitMs = 600_000 });
        await h.StartAsync();
        await h.AcceptAsync(h.DropOffMessage(1));
        await PipelineHarness.WaitUntil(() => h.Pipeline.QueuedCount == 0, "the batch is taken");
        await h.StopAsync().WaitAsync(Wait);

        Assert.Equal(0, h.Store.CommitCalls);
        Assert.Empty(h.Completed);
        Assert.Empty(h.Publisher.Published);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("TestDelayBeforeCommitMs", StringComparison.Ordinal));
        h.Pipeline.Dispose();
    }

    [Fact]
    public async Task Rejection_warnings_are_limited_to_one_per_reason_per_second_while_counting_stays_exact()
    {
        var clock = new FakeTimeProvider(Payloads.ReceivedUtc);
        await using var h = new PipelineHarness(null, clock);
        for (var i = 0; i < 50; i++)
        {
            await h.AcceptAsync(h.Message(BinLeaves.DropOff, "not json"u8.ToArray()));
        }
        await h.AcceptAsync(h.Message(BinLeaves.DropOff, Payloads.Edit("dropoff", "v=3")));
        await h.StartAsync();
        await h.WaitForCompletions(51);
        clock.Advance(TimeSpan.FromSeconds(1));
        await h.AcceptAsync(h.Message(BinLeaves.DropOff, "still not json"u8.ToArray()));
        await h.WaitForCompletions(52);

        var warnings = h.Logger.Entries.Where(e => e.EventId == 3002).Select(e => e.Text).ToArray();
        Assert.Equal(3, warnings.Length);
        Assert.Contains("bad-json", warnings[0], StringComparison.Ordinal);
        Assert.Contains("bad-version", warnings[1], StringComparison.Ordinal);
        Assert.Contains("(49 similar lines suppressed)", warnings[2], StringComparison.Ordinal);
        Assert.Equal(51, h.Metrics.Value("smartbin_ingest_rejected_total", ("reason", "bad-json"), ("leaf", "dropoff")));
    }
}
