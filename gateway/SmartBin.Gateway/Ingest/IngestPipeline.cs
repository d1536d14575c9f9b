using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Ingest;

/// <summary>
/// The ingest pipeline: a bounded queue the MQTT side writes to (<see cref="IBinMessageSink"/>; a full queue makes
/// it wait, nothing is dropped) and one consumer loop that takes up to <c>Ingest:BatchMax</c> messages at a time,
/// validates them, commits the drop-offs and events in one store transaction (group commit), and only then acks
/// the bins, tells the observers and completes the messages, in arrival order. A failed commit is retried with
/// backoff, never skipped; on stop the batch in hand is finished and the rest is left uncompleted for redelivery.
/// </summary>
public sealed partial class IngestPipeline : BackgroundService, IBinMessageSink
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(60);

    private readonly Channel<BinMessage> queue;
    private readonly IngestOptions options;
    private readonly IIngestStore store;
    private readonly Func<IBinPublisher> publisherFactory;
    private readonly IBinObserver[] observers;
    private readonly IngestMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly MessageClassifier classifier;
    private readonly WarningGate warnings;
    private readonly CancellationTokenSource hardStop = new();
    private IBinPublisher? publisher;
    private Totals sinceSummary;
    private long summaryTimestamp;

    /// <summary>Creates the pipeline (not started).</summary>
    /// <param name="options">Ingest options (queue, batch, limits, test delay).</param>
    /// <param name="store">The system of record's write side.</param>
    /// <param name="publisherFactory">
    /// Gives the publisher at start: the MQTT side both publishes for ingest and writes to it, so resolving it late
    /// keeps the two singletons from needing each other at construction.
    /// </param>
    /// <param name="observers">Every registered observer.</param>
    /// <param name="metrics">Metrics registry.</param>
    /// <param name="time">Clock for delays and rate limits.</param>
    /// <param name="logger">Logger.</param>
    public IngestPipeline(
        IngestOptions options, IIngestStore store, Func<IBinPublisher> publisherFactory, IEnumerable<IBinObserver> observers,
        GatewayMetrics metrics, TimeProvider time, ILogger<IngestPipeline> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchMax, 1);
        this.options = options;
        this.store = store;
        this.publisherFactory = publisherFactory;
        this.observers = observers.ToArray();
        this.metrics = new IngestMetrics(metrics);
        this.time = time;
        this.logger = logger;
        classifier = new MessageClassifier(BinMessageParser.FromOptions(options));
        warnings = new WarningGate(time, WarningInterval);
        queue = Channel.CreateBounded<BinMessage>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Messages waiting in the queue.</summary>
    public int QueuedCount => queue.Reader.Count;

    /// <inheritdoc />
    public ValueTask AcceptAsync(BinMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return queue.Writer.WriteAsync(message, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // stoppingToken ends the loop after the batch in hand; this token (the host's shutdown deadline) also
        // cuts that batch's ack publishing short.
        using var deadline = cancellationToken.Register(hardStop.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        hardStop.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting; this loop runs for the host's lifetime
        publisher = publisherFactory();
        IngestLog.Started(logger, options.QueueCapacity, options.BatchMax, observers.Length);
        if (options.TestDelayBeforeCommitMs > 0)
        {
            IngestLog.TestDelayOn(logger, options.TestDelayBeforeCommitMs);
        }
        if (options.TestDelayAfterCommitMs > 0)
        {
            IngestLog.TestDelayAfterCommitOn(logger, options.TestDelayAfterCommitMs);
        }
        summaryTimestamp = time.GetTimestamp();
        var batch = new List<BinMessage>(Math.Min(options.BatchMax, options.QueueCapacity));
        try
        {
            while (!stoppingToken.IsCancellationRequested && await queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < options.BatchMax && queue.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }
                metrics.Depth(queue.Reader.Count);
                await ProcessBatchAsync(batch, stoppingToken).ConfigureAwait(false);
                LogSummaryWhenDue();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing in hand.
        }
        IngestLog.Stopped(logger, queue.Reader.Count);
    }

    private void LogSummaryWhenDue()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(summaryTimestamp, now);
        if (elapsed < SummaryInterval)
        {
            return;
        }
        var t = sinceSummary;
        IngestLog.Summary(logger, elapsed.TotalSeconds, t.Messages, t.Items, t.Rejected, t.Batches, queue.Reader.Count);
        sinceSummary = default;
        summaryTimestamp = now;
    }

    /// <summary>Counts for the periodic summary line.</summary>
    private struct Totals
    {
        public long Messages;
        public long Items;
        public long Rejected;
        public long Batches;
    }
}
