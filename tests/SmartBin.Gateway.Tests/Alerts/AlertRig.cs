using System;
using System.IO;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Tests.Alerts;

/// <summary>Messages as ingest hands them to observers.</summary>
internal static class Msg
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    public static TelemetryMessage Telemetry(int fillPct = 40, string scaleFault = "", bool readerOk = true, int weightGrams = 13_230, string fw = "1.0.0") =>
        new(Start, 86_400, weightGrams, true, fillPct, 640, false, -61, 41_200, 3, 200, scaleFault, readerOk, "idle", 2, fw, new TelemetryCounters(0, 0, 0, 0, 0, 0));

    public static EventMessage Event(long seq, string kind, string code = "", int grams = 0) => new(seq, kind, code, Start, grams, "", false);

    public static DropOffMessage DropOff(long seq, int flags = 0, string card = "04A1B2C3") =>
        new(seq, card, Start, Start, 12_480, 13_230, 750, 3, "PET", flags, 2, "1.0.0");

    public static IngestVerdict Verdict(string binId, long seq) => new(binId, seq, AckResult.Credited, "", 53, 878);

    public static StatusMessage Online => new(true, "1.0.0");

    public static StatusMessage Offline => new(false, "1.0.0");
}

/// <summary>
/// An alert engine on a real SQLite file in a temp folder, with a fake clock. Observations are queued like in
/// production; <see cref="Run"/> judges them (what <see cref="AlertService"/> does in the host).
/// </summary>
internal sealed class AlertRig : IDisposable
{
    public const string Bin = "baiyun-0007";

    private readonly bool ownsFolder;

    public AlertRig(Action<AlertOptions>? configure = null, IGatewayReadModel? registry = null, string? folder = null, FakeTimeProvider? time = null,
        System.Net.Http.HttpMessageHandler? webhookHandler = null)
    {
        ownsFolder = folder is null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "smartbin-alerts-" + Guid.NewGuid().ToString("N"));
        Options = new GatewayOptions { Storage = { DataDirectory = Folder } };
        Options.Alerts.FillThresholdPct = 80;
        Options.Alerts.FillPersistenceS = 600;
        Options.Alerts.OfflineAfterS = 300;
        configure?.Invoke(Options.Alerts);
        Time = time ?? new FakeTimeProvider(Msg.Start);
        Registry = registry;
        Store = new AlertStore(DatabasePath);
        Webhook = webhookHandler is null
            ? new AlertWebhook(Options, Metrics, TimeProvider.System, NullLogger<AlertWebhook>.Instance)
            : new AlertWebhook(Options, Metrics, TimeProvider.System, NullLogger<AlertWebhook>.Instance, webhookHandler);
        Engine = new AlertEngine(Options, Store, Webhook, Metrics, Time, NullLogger<AlertEngine>.Instance, registry);
        Engine.Start();
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, Options.Storage.DatabaseFile);

    public GatewayOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public IGatewayReadModel? Registry { get; }

    public GatewayMetrics Metrics { get; } = new();

    public AlertStore Store { get; }

    public AlertWebhook Webhook { get; }

    public AlertEngine Engine { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Judges what is queued.</summary>
    public void Run() => Engine.ProcessPending();

    public void Telemetry(TelemetryMessage m, string bin = Bin)
    {
        Engine.OnTelemetry(bin, m, Now);
        Run();
    }

    public void Event(EventMessage m, string bin = Bin)
    {
        Engine.OnEvent(bin, m, Now);
        Run();
    }

    public void DropOff(DropOffMessage m, string bin = Bin)
    {
        Engine.OnDropOff(bin, m, Msg.Verdict(bin, m.Seq), Now);
        Run();
    }

    public void Status(StatusMessage m, string bin = Bin)
    {
        Engine.OnStatus(bin, m, Now);
        Run();
    }

    public void Connection(bool connected, string bin = Bin)
    {
        Engine.OnConnection(bin, connected, Now);
        Run();
    }

    public Alert? OpenAlert(string kind, string bin = Bin) =>
        System.Linq.Enumerable.SingleOrDefault(Engine.OpenAlerts(), a => a.BinId == bin && a.Kind == kind);

    /// <summary>A second rig on the same file and clock, as after a gateway restart (this one's store is closed first).</summary>
    public AlertRig Restart()
    {
        Store.Dispose();
        return new AlertRig(o => CopyAlerts(Options.Alerts, o), Registry, Folder, Time);
    }

    public void Dispose()
    {
        Store.Dispose();
        Webhook.Dispose();
        if (ownsFolder && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void CopyAlerts(AlertOptions from, AlertOptions to)
    {
        to.FillThresholdPct = from.FillThresholdPct;
        to.FillPersistenceS = from.FillPersistenceS;
        to.OfflineAfterS = from.OfflineAfterS;
        to.WebhookUrl = from.WebhookUrl;
    }
}
