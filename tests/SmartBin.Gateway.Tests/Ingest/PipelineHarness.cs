using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Tests.Protocol;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>An <see cref="IngestPipeline"/> wired to the in-memory store, a recording publisher and observer.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Bin = Payloads.Bin;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private int nextNumber;

    public PipelineHarness(IngestOptions? options = null, TimeProvider? time = null, params IBinObserver[] extraObservers)
    {
        Options = options ?? new IngestOptions();
        Publisher = new RecordingPublisher(Store);
        Pipeline = new IngestPipeline(
            Options, Store, () => Publisher, [Observer, .. extraObservers], Metrics, time ?? TimeProvider.System, Logger);
    }

    public IngestOptions Options { get; }

    public MemoryIngestStore Store { get; } = new();

    public RecordingPublisher Publisher { get; }

    public RecordingObserver Observer { get; } = new();

    public GatewayMetrics Metrics { get; } = new();

    public ListLogger<IngestPipeline> Logger { get; } = new();

    public IngestPipeline Pipeline { get; }

    /// <summary>Completions in order: message number and whether its item was committed at that moment.</summary>
    public ConcurrentQueue<(int Number, bool Committed)> Completed { get; } = new();

    /// <summary>The docs' drop-off with another seq, card and net weight.</summary>
    public static byte[] DropOff(long seq, string card = "04A1B2C3", int netGrams = 750) => Encoding.UTF8.GetBytes(
        ProtocolDoc.Examples["dropoff"]
            .Replace("1042", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("04A1B2C3", card, StringComparison.Ordinal)
            .Replace("\"grossAfterG\":13230,\"netG\":750", $"\"grossAfterG\":{12480 + netGrams},\"netG\":{netGrams}", StringComparison.Ordinal));

    /// <summary>A message numbered in creation order; its completion checks the store for its seq (if any).</summary>
    public BinMessage Message(string leaf, byte[] payload, long seqForCommitCheck = 0, string bin = Bin)
    {
        var number = Interlocked.Increment(ref nextNumber);
        var completion = new RecordingCompletion(number, Completed, () => seqForCommitCheck > 0 && Store.IsCommitted(bin, seqForCommitCheck));
        return new BinMessage(bin, leaf, payload, Payloads.ReceivedUtc, completion);
    }

    public BinMessage DropOffMessage(long seq, string card = "04A1B2C3", int netGrams = 750) =>
        Message(BinLeaves.DropOff, DropOff(seq, card, netGrams), seq);

    public ValueTask AcceptAsync(BinMessage message) => Pipeline.AcceptAsync(message, CancellationToken.None);

    public Task StartAsync() => Pipeline.StartAsync(CancellationToken.None);

    public Task StopAsync() => Pipeline.StopAsync(CancellationToken.None);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after the deadline.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting until " + what);
            }
            await Task.Delay(5);
        }
    }

    public Task WaitForCompletions(int count) => WaitUntil(() => Completed.Count >= count, $"{count} messages are completed");

    public string[] AckJson() => Publisher.Published.Select(a => a.Json).ToArray();

    public async ValueTask DisposeAsync()
    {
        Store.Release();
        await StopAsync();
        Pipeline.Dispose();
    }
}
