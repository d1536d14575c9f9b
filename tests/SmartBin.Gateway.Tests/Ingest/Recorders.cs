using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>An ack as published, decoded.</summary>
internal sealed record PublishedAck(string BinId, string Leaf, string Json, bool StoreHadCommitted);

/// <summary>Records what ingest publishes; can refuse a bin (offline) to exercise failures.</summary>
internal sealed class RecordingPublisher(MemoryIngestStore store) : IBinPublisher
{
    private readonly ConcurrentQueue<PublishedAck> published = new();

    /// <summary>Publishing to this bin throws, as for a bin that is offline.</summary>
    public string OfflineBin { get; set; } = "";

    /// <summary>Acks in publishing order.</summary>
    public IReadOnlyList<PublishedAck> Published => [.. published];

    /// <inheritdoc />
    public ValueTask PublishToBinAsync(string binId, string leaf, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (binId == OfflineBin)
        {
            throw new InvalidOperationException($"{binId} is not connected");
        }
        published.Enqueue(new PublishedAck(binId, leaf, Encoding.UTF8.GetString(payload.Span), store.SuccessfulCommits > 0));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records observer calls as short strings, in order.</summary>
internal sealed class RecordingObserver : IBinObserver
{
    private readonly ConcurrentQueue<string> calls = new();

    /// <summary>Calls so far.</summary>
    public IReadOnlyList<string> Calls => [.. calls];

    public void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc) => calls.Enqueue($"telemetry {binId} {message.FillPct}");

    public void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc) => calls.Enqueue($"status {binId} {message.Online}");

    public void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc) => calls.Enqueue($"event {binId} {message.Seq}");

    public void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc) =>
        calls.Enqueue($"dropoff {binId} {message.Seq} {AckResults.ToWire(verdict.Result)}");

    public void OnConnection(string binId, bool connected, DateTimeOffset atUtc) => calls.Enqueue($"connection {binId} {connected}");
}

/// <summary>An observer that always throws, to prove one bad observer harms nobody else.</summary>
internal sealed class ThrowingObserver : IBinObserver
{
    public void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc) => throw new InvalidOperationException("observer bug");

    public void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc) => throw new InvalidOperationException("observer bug");

    public void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc) => throw new InvalidOperationException("observer bug");

    public void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc) => throw new InvalidOperationException("observer bug");

    public void OnConnection(string binId, bool connected, DateTimeOffset atUtc) => throw new InvalidOperationException("observer bug");
}

/// <summary>A completion that notes its message's number and whether the store had committed the message by then.</summary>
internal sealed class RecordingCompletion(int number, ConcurrentQueue<(int Number, bool Committed)> log, Func<bool> committed) : IMessageCompletion
{
    public ValueTask CompleteAsync()
    {
        log.Enqueue((number, committed()));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Keeps log entries (level, event id, text) for assertions on what was logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, int EventId, string Text)> entries = new();

    public IReadOnlyList<(LogLevel Level, int EventId, string Text)> Entries => [.. entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
