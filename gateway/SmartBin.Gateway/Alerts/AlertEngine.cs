using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Alerts;

/// <summary>
/// Raises and clears alerts from what bins report (rules in Alerts/README.md). As an <see cref="IBinObserver"/> it
/// only queues (bounded, never blocks ingest); <see cref="ProcessPending"/> applies the rules and <see cref="CheckNow"/>
/// looks for silence, both called by <see cref="AlertService"/> (tests call them directly with a fake clock).
/// Each change is stored first (<see cref="AlertStore"/>), then counted, logged and handed to the webhook; if the
/// store fails, memory is left as it was so the next message retries. At most one open alert per (bin, kind).
/// </summary>
public sealed partial class AlertEngine : IBinObserver
{
    /// <summary>Observations waiting to be judged; beyond this the engine is far behind and new ones are dropped (counted).</summary>
    public const int QueueCapacity = 65_536;

    /// <summary>Most bins tracked; bin ids come from authenticated connections, so this only guards against a bug.</summary>
    public const int TrackedBinsMax = 100_000;

    /// <summary>How often the bin registry (per-bin fill thresholds, communities) is re-read.</summary>
    public static readonly TimeSpan RegistryRefreshInterval = TimeSpan.FromSeconds(60);

    private readonly AlertOptions options;
    private readonly AlertStore store;
    private readonly AlertWebhook webhook;
    private readonly GatewayMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<AlertEngine> log;
    private readonly IGatewayReadModel? registrySource;
    private readonly Channel<Observation> queue = Channel.CreateBounded<Observation>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock gate = new();
    private readonly Dictionary<string, BinTrack> tracks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string BinId, string Kind), Alert> open = [];
    private Dictionary<string, BinSummary> registry = new(StringComparer.Ordinal);
    private DateTimeOffset registryReadUtc = DateTimeOffset.MinValue;
    private bool started;

    /// <summary>Creates the engine; call <see cref="Start"/> before use. <paramref name="registry"/> may be null (no store yet).</summary>
    public AlertEngine(GatewayOptions options, AlertStore store, AlertWebhook webhook, GatewayMetrics metrics, TimeProvider time,
        ILogger<AlertEngine> log, IGatewayReadModel? registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Alerts;
        this.store = store;
        this.webhook = webhook;
        this.metrics = metrics;
        this.time = time;
        this.log = log;
        registrySource = registry;
    }

    /// <summary>
    /// Opens the store, reloads the alerts still open (so a restart neither loses nor duplicates them) and starts the
    /// silence clock for every registered bin, so a bin that never comes back still goes offline.
    /// </summary>
    public void Start()
    {
        store.Initialize();
        lock (gate)
        {
            if (started)
            {
                return;
            }
            foreach (var alert in store.LoadOpen())
            {
                open[(alert.BinId, alert.Kind)] = alert;
            }
            RefreshRegistry(time.GetUtcNow());
            SetOpenGauges();
            started = true;
        }
        log.LogInformation("alert engine started: {Open} open alert(s), {Bins} registered bin(s)", open.Count, registry.Count);
    }

    /// <inheritdoc />
    public void OnTelemetry(string binId, TelemetryMessage message, DateTimeOffset receivedUtc) => Post(new(binId, receivedUtc, message));

    /// <inheritdoc />
    public void OnStatus(string binId, StatusMessage message, DateTimeOffset receivedUtc) => Post(new(binId, receivedUtc, message));

    /// <inheritdoc />
    public void OnEvent(string binId, EventMessage message, DateTimeOffset receivedUtc) => Post(new(binId, receivedUtc, message));

    /// <inheritdoc />
    public void OnDropOff(string binId, DropOffMessage message, IngestVerdict verdict, DateTimeOffset receivedUtc) => Post(new(binId, receivedUtc, message));

    /// <inheritdoc />
    public void OnConnection(string binId, bool connected, DateTimeOffset atUtc) => Post(new(binId, atUtc, connected));

    /// <summary>Judges every queued observation; returns how many. Called from one loop (or a test).</summary>
    public int ProcessPending()
    {
        if (!started)
        {
            throw new InvalidOperationException("alert engine not started");
        }
        var count = 0;
        while (queue.Reader.TryRead(out var observation))
        {
            try
            {
                lock (gate)
                {
                    Judge(observation);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A broken invariant or a store error (disk, lock) for one observation must not stop the engine judging
                // the rest, nor (escaping the loop) stop the gateway.
                metrics.Increment("smartbin_alerts_errors_total", "Observations the alert engine failed to judge.");
                log.LogError(e, "alert engine failed on an observation from {Bin}", observation.BinId);
            }
            count++;
        }
        return count;
    }

    /// <summary>Waits until an observation is queued (false when the queue is closed).</summary>
    public ValueTask<bool> WaitForObservationsAsync(CancellationToken cancellationToken) => queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>The periodic check: opens <c>offline</c> for silent bins and <c>fill</c> for runs that lasted long enough.</summary>
    public void CheckNow()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (now - registryReadUtc >= RegistryRefreshInterval)
            {
                RefreshRegistry(now);
            }
            var offlineAfter = TimeSpan.FromSeconds(options.OfflineAfterS);
            var persistence = TimeSpan.FromSeconds(options.FillPersistenceS);
            foreach (var (binId, track) in tracks)
            {
                Apply(binId, AlertRules.Tick(track, now, offlineAfter, persistence, ThresholdPct(binId)), now);
            }
        }
    }

    /// <summary>Alerts open now, oldest first.</summary>
    public IReadOnlyList<Alert> OpenAlerts()
    {
        lock (gate)
        {
            return open.Values.OrderBy(a => a.Id).ToList();
        }
    }

    /// <summary>Alert changes, newest first; one bin's when <paramref name="binId"/> is set.</summary>
    public IReadOnlyList<AlertChange> History(string? binId, int limit) => store.History(binId, limit);

    private void Post(Observation observation)
    {
        if (!queue.Writer.TryWrite(observation))
        {
            metrics.Increment("smartbin_alerts_observations_dropped_total", "Bin observations the alert engine had no room to queue.");
        }
    }

    private void Judge(Observation o)
    {
        var track = TrackFor(o.BinId, o.AtUtc);
        if (track is null)
        {
            return;
        }
        var decisions = o switch
        {
            { Telemetry: { } t } => AlertRules.Telemetry(track, t, o.AtUtc, ThresholdPct(o.BinId), TimeSpan.FromSeconds(options.FillPersistenceS), IsOpen(o.BinId, AlertKinds.Fill)),
            { Status: { } s } => AlertRules.Status(track, s, o.AtUtc),
            { Event: { } e } => AlertRules.Event(track, e, o.AtUtc),
            { DropOff: { } d } => AlertRules.DropOff(track, d, o.AtUtc),
            { Connected: { } c } => AlertRules.Connection(track, c, o.AtUtc),
            _ => throw new InvalidOperationException("empty observation"),
        };
        Apply(o.BinId, decisions, o.AtUtc);
    }

    private void Apply(string binId, List<AlertDecision> decisions, DateTimeOffset atUtc)
    {
        foreach (var d in decisions)
        {
            var key = (binId, d.Kind);
            var isOpen = open.TryGetValue(key, out var current);
            if (d.Open == isOpen)
            {
                continue; // at most one open alert per (bin, kind); clearing a closed one is nothing
            }
            AlertChange change;
            try
            {
                change = d.Open
                    ? store.Open(binId, registry.GetValueOrDefault(binId)?.CommunityId, d.Kind, d.Code, d.Detail, atUtc)
                    : store.Clear(current!, d.Detail, atUtc);
            }
            catch (SqliteException e)
            {
                metrics.Increment("smartbin_alerts_store_errors_total", "Alert changes the store could not write (retried on the next message).");
                log.LogError(e, "alert store failed for {Kind} on {Bin}; change not recorded", d.Kind, binId);
                continue;
            }
            if (d.Open)
            {
                open[key] = change.Alert;
            }
            else
            {
                open.Remove(key);
            }
            Publish(change);
        }
    }

    private void Publish(AlertChange change)
    {
        var a = change.Alert;
        metrics.Increment("smartbin_alert_changes_total", "Alert changes (opened, cleared) by kind.", 1, ("kind", a.Kind), ("change", change.Change));
        SetOpenGauges();
        log.LogInformation("alert {Change} id={Id} bin={Bin} kind={Kind} code={Code} detail={Detail}", change.Change, a.Id, a.BinId, a.Kind, a.Code, a.Detail);
        webhook.Enqueue(change);
    }

    private void SetOpenGauges()
    {
        foreach (var kind in AlertKinds.All)
        {
            metrics.Set("smartbin_alerts_open", "Alerts open now, by kind.", open.Keys.Count(k => k.Kind == kind), ("kind", kind));
        }
    }

    private BinTrack? TrackFor(string binId, DateTimeOffset firstHeardUtc)
    {
        if (tracks.TryGetValue(binId, out var track))
        {
            return track;
        }
        if (tracks.Count >= TrackedBinsMax)
        {
            metrics.Increment("smartbin_alerts_untracked_total", "Observations for bins beyond the tracked-bin limit.");
            return null;
        }
        track = new BinTrack(firstHeardUtc);
        tracks.Add(binId, track);
        return track;
    }

    private bool IsOpen(string binId, string kind) => open.ContainsKey((binId, kind));

    private int ThresholdPct(string binId) =>
        registry.TryGetValue(binId, out var bin) && bin.FillAlertPct is >= 1 and <= 100 ? bin.FillAlertPct : options.FillThresholdPct;

    private void RefreshRegistry(DateTimeOffset nowUtc)
    {
        registryReadUtc = nowUtc;
        if (registrySource is null)
        {
            return;
        }
        try
        {
            registry = registrySource.Bins().ToDictionary(b => b.BinId, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Keep the last good copy: thresholds fall back to the default for bins never seen in the registry.
            log.LogWarning(e, "bin registry unavailable to the alert engine; keeping {Count} known bin(s)", registry.Count);
            return;
        }
        foreach (var binId in registry.Keys)
        {
            // The silence clock starts when a bin is first known, heard or registered (at start, or provisioned
            // later), so a registered bin that never reports still goes offline.
            TrackFor(binId, nowUtc);
        }
    }

    /// <summary>One queued observation; exactly one payload is set.</summary>
    private sealed record Observation(string BinId, DateTimeOffset AtUtc)
    {
        public Observation(string binId, DateTimeOffset atUtc, TelemetryMessage telemetry) : this(binId, atUtc) => Telemetry = telemetry;

        public Observation(string binId, DateTimeOffset atUtc, StatusMessage status) : this(binId, atUtc) => Status = status;

        public Observation(string binId, DateTimeOffset atUtc, EventMessage @event) : this(binId, atUtc) => Event = @event;

        public Observation(string binId, DateTimeOffset atUtc, DropOffMessage dropOff) : this(binId, atUtc) => DropOff = dropOff;

        public Observation(string binId, DateTimeOffset atUtc, bool connected) : this(binId, atUtc) => Connected = connected;

        public TelemetryMessage? Telemetry { get; }

        public StatusMessage? Status { get; }

        public EventMessage? Event { get; }

        public DropOffMessage? DropOff { get; }

        public bool? Connected { get; }
    }
}
