using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Tests.Mqtt;

// Shared by the in-process tests and (linked) by the integration tests: in-test implementations of the
// contracts other parts of the gateway implement for real (registry store, ingest, observers).

/// <summary>Bin credentials in a dictionary; secrets are hashed exactly as the registry store does.</summary>
public sealed class DictionaryCredentials : IBinCredentials
{
    private readonly ConcurrentDictionary<string, BinCredential> bins = new(StringComparer.Ordinal);

    /// <summary>Registers (or re-keys) <paramref name="binId"/> with <paramref name="secret"/>.</summary>
    public DictionaryCredentials With(string binId, string secret)
    {
        bins[binId] = new BinCredential(binId, BinSecretHasher.Hash(secret));
        return this;
    }

    /// <summary>Find calls so far.</summary>
    public int Lookups;

    /// <inheritdoc />
    public BinCredential? Find(string binId)
    {
        Interlocked.Increment(ref Lookups);
        return bins.TryGetValue(binId, out var c) ? c : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<BinCredential> All() => bins.Values.OrderBy(b => b.BinId, StringComparer.Ordinal).ToList();
}

/// <summary>An ingest stand-in that records every message; can hold messages to simulate a slow committer.</summary>
public sealed class RecordingSink : IBinMessageSink
{
    private readonly ConcurrentQueue<BinMessage> received = new();
    private volatile Func<BinMessage, bool>? holdWhen;
    private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Messages in arrival order.</summary>
    public IReadOnlyList<BinMessage> Received => received.ToArray();

    /// <summary>Messages that entered <see cref="AcceptAsync"/> and wait for <see cref="Release"/>.</summary>
    public int Holding;

    /// <summary>From now on, messages matching <paramref name="predicate"/> wait in AcceptAsync until <see cref="Release"/>.</summary>
    public void Hold(Func<BinMessage, bool> predicate) => holdWhen = predicate;

    /// <summary>Lets every held message (and all later ones) through.</summary>
    public void Release()
    {
        holdWhen = null;
        release.TrySetResult();
    }

    /// <inheritdoc />
    public async ValueTask AcceptAsync(BinMessage message, CancellationToken cancellationToken)
    {
        var hold = holdWhen;
        if (hold is not null && hold(message))
        {
            received.Enqueue(message);
            Interlocked.Increment(ref Holding);
            await release.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        received.Enqueue(message);
    }

    /// <summary>Waits until some received message matches, or fails after <paramref name="timeoutS"/>.</summary>
    public Task<BinMessage> WaitForAsync(Func<BinMessage, bool> predicate, int timeoutS = 10) =>
        Eventually.ValueAsync(() => Received.FirstOrDefault(predicate), timeoutS, "no matching message reached the sink");
}

/// <summary>Records connection changes.</summary>
public sealed class RecordingObserver : IBinObserver
{
    /// <summary>(bin, connected) in order.</summary>
    public ConcurrentQueue<(string BinId, bool Connected)> Connections { get; } = new();

    /// <inheritdoc />
    public void OnConnection(string binId, bool connected, DateTimeOffset atUtc) => Connections.Enqueue((binId, connected));

    /// <inheritdoc />
    public void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc)
    {
    }

    /// <inheritdoc />
    public void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc)
    {
    }

    /// <inheritdoc />
    public void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc)
    {
    }

    /// <inheritdoc />
    public void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc)
    {
    }
}

/// <summary>Polling with a deadline for outcomes that arrive asynchronously (never a fixed sleep as synchronisation).</summary>
public static class Eventually
{
    private const int PollMs = 20;

    /// <summary>Waits until <paramref name="condition"/> holds; throws with <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<bool> condition, int timeoutS, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutS);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what);
            }
            await Task.Delay(PollMs).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> returns non-null.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> probe, int timeoutS, string what)
        where T : class
    {
        T? value = null;
        await TrueAsync(() => (value = probe()) is not null, timeoutS, what).ConfigureAwait(false);
        return value!;
    }
}
