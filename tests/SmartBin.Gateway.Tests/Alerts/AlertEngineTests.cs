using System;
using System.Linq;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Tests.Web;
using Xunit;

namespace SmartBin.Gateway.Tests.Alerts;

/// <summary>Each rule opens and clears as Alerts/README.md says, on a real SQLite file with a fake clock.</summary>
public sealed class AlertEngineTests
{
    [Fact]
    public void Fill_opens_exactly_when_the_persistence_window_is_reached()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        rig.Time.Advance(TimeSpan.FromSeconds(599));
        rig.Telemetry(Msg.Telemetry(fillPct: 90));
        Assert.Null(rig.OpenAlert(AlertKinds.Fill));
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Telemetry(Msg.Telemetry(fillPct: 80));
        var fill = rig.OpenAlert(AlertKinds.Fill);
        Assert.NotNull(fill);
        Assert.Equal(Msg.Start.AddSeconds(600), fill.OpenedUtc);
    }

    [Fact]
    public void A_reading_below_the_threshold_restarts_the_persistence_window()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        rig.Time.Advance(TimeSpan.FromSeconds(300));
        rig.Telemetry(Msg.Telemetry(fillPct: 79));
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        rig.Time.Advance(TimeSpan.FromSeconds(400));
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        Assert.Null(rig.OpenAlert(AlertKinds.Fill)); // 701 s since the first reading, but only 400 s unbroken
        rig.Time.Advance(TimeSpan.FromSeconds(200));
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        Assert.NotNull(rig.OpenAlert(AlertKinds.Fill));
    }

    [Fact]
    public void Fill_clears_only_below_threshold_minus_hysteresis()
    {
        using var rig = new AlertRig(o => o.FillPersistenceS = 0);
        rig.Telemetry(Msg.Telemetry(fillPct: 80));
        Assert.NotNull(rig.OpenAlert(AlertKinds.Fill));
        rig.Telemetry(Msg.Telemetry(fillPct: 79));
        rig.Telemetry(Msg.Telemetry(fillPct: 75)); // threshold − 5: still open
        Assert.NotNull(rig.OpenAlert(AlertKinds.Fill));
        rig.Telemetry(Msg.Telemetry(fillPct: 74));
        Assert.Null(rig.OpenAlert(AlertKinds.Fill));
        Assert.Equal(2, rig.Engine.History(AlertRig.Bin, 500).Count);
    }

    [Fact]
    public void Fill_clears_on_emptied_and_ignores_bins_without_a_distance_sensor()
    {
        using var rig = new AlertRig(o => o.FillPersistenceS = 0);
        rig.Telemetry(Msg.Telemetry(fillPct: 95));
        rig.Telemetry(Msg.Telemetry(fillPct: -1));
        Assert.NotNull(rig.OpenAlert(AlertKinds.Fill));
        rig.Event(Msg.Event(1, "emptied", grams: 41_250));
        Assert.Null(rig.OpenAlert(AlertKinds.Fill));
    }

    [Fact]
    public void Fill_uses_the_registered_bins_threshold_and_the_default_for_others()
    {
        var registry = FixedReadModel.Pilot(); // baiyun-0001 at 70 %
        using var rig = new AlertRig(o => o.FillPersistenceS = 0, registry);
        rig.Telemetry(Msg.Telemetry(fillPct: 72), "baiyun-0001");
        rig.Telemetry(Msg.Telemetry(fillPct: 72), "unregistered-1");
        var fill = rig.OpenAlert(AlertKinds.Fill, "baiyun-0001");
        Assert.NotNull(fill);
        Assert.Equal("baiyun", fill.CommunityId);
        Assert.Null(rig.OpenAlert(AlertKinds.Fill, "unregistered-1"));
    }

    [Fact]
    public void The_periodic_check_opens_fill_when_the_window_passes_without_a_new_reading()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        rig.Time.Advance(TimeSpan.FromSeconds(290));
        rig.Telemetry(Msg.Telemetry(fillPct: 85)); // keeps the bin from going silent
        rig.Time.Advance(TimeSpan.FromSeconds(290));
        rig.Telemetry(Msg.Telemetry(fillPct: 85));
        rig.Time.Advance(TimeSpan.FromSeconds(19));
        rig.Engine.CheckNow();
        Assert.Null(rig.OpenAlert(AlertKinds.Fill));
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Engine.CheckNow();
        Assert.NotNull(rig.OpenAlert(AlertKinds.Fill));
    }

    [Fact]
    public void Offline_by_silence_opens_at_the_limit_and_any_message_clears_it()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry());
        rig.Time.Advance(TimeSpan.FromSeconds(299));
        rig.Engine.CheckNow();
        Assert.Null(rig.OpenAlert(AlertKinds.Offline));
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Engine.CheckNow();
        Assert.Equal("silent", rig.OpenAlert(AlertKinds.Offline)?.Code);
        rig.Event(Msg.Event(5, "session-cancelled", "no-drop"));
        Assert.Null(rig.OpenAlert(AlertKinds.Offline));
    }

    [Fact]
    public void Offline_by_will_clears_on_birth()
    {
        using var rig = new AlertRig();
        rig.Status(Msg.Online);
        rig.Status(Msg.Offline);
        Assert.Equal("will", rig.OpenAlert(AlertKinds.Offline)?.Code);
        rig.Status(Msg.Online);
        Assert.Null(rig.OpenAlert(AlertKinds.Offline));
    }

    [Fact]
    public void Offline_by_closed_connection_is_one_alert_even_when_the_will_follows()
    {
        using var rig = new AlertRig();
        rig.Connection(true);
        rig.Connection(false);
        rig.Status(Msg.Offline);
        rig.Time.Advance(TimeSpan.FromSeconds(600));
        rig.Engine.CheckNow();
        var offline = rig.OpenAlert(AlertKinds.Offline);
        Assert.Equal("connection-closed", offline?.Code);
        Assert.Single(rig.Engine.History(AlertRig.Bin, 500));
        rig.DropOff(Msg.DropOff(9));
        Assert.Null(rig.OpenAlert(AlertKinds.Offline));
    }

    [Fact]
    public void A_registered_bin_never_heard_from_goes_offline_after_the_limit()
    {
        using var rig = new AlertRig(registry: FixedReadModel.Pilot());
        rig.Time.Advance(TimeSpan.FromSeconds(300));
        rig.Engine.CheckNow();
        Assert.NotNull(rig.OpenAlert(AlertKinds.Offline, "baiyun-0001"));
        Assert.NotNull(rig.OpenAlert(AlertKinds.Offline, "xiahang-0001"));
    }

    [Fact]
    public void A_registry_unavailable_at_start_is_read_later_and_its_bins_watched_from_then()
    {
        var registry = new FlakyRegistry(FixedReadModel.Pilot());
        using var rig = new AlertRig(registry: registry);
        rig.Time.Advance(TimeSpan.FromSeconds(60));
        rig.Engine.CheckNow(); // registry still down: nothing known, nothing opened
        registry.Up = true;
        rig.Time.Advance(TimeSpan.FromSeconds(60));
        rig.Engine.CheckNow(); // 120 s after start: the refresh finds the bins, their silence clock starts now
        rig.Time.Advance(TimeSpan.FromSeconds(299));
        rig.Engine.CheckNow();
        Assert.Null(rig.OpenAlert(AlertKinds.Offline, "baiyun-0001"));
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Engine.CheckNow();
        Assert.Equal("baiyun", rig.OpenAlert(AlertKinds.Offline, "baiyun-0001")?.CommunityId);
    }

    [Fact]
    public void Scale_fault_opens_from_telemetry_or_event_with_its_code_and_clears()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry(scaleFault: "scale-saturated"));
        rig.Telemetry(Msg.Telemetry(scaleFault: "scale-saturated"));
        Assert.Equal("scale-saturated", rig.OpenAlert(AlertKinds.ScaleFault)?.Code);
        rig.Telemetry(Msg.Telemetry(scaleFault: ""));
        Assert.Null(rig.OpenAlert(AlertKinds.ScaleFault));
        rig.Event(Msg.Event(3, "fault", "scale-no-samples"));
        Assert.Equal("scale-no-samples", rig.OpenAlert(AlertKinds.ScaleFault)?.Code);
        rig.Event(Msg.Event(4, "recovered", "reader-down")); // a different part recovering changes nothing
        Assert.NotNull(rig.OpenAlert(AlertKinds.ScaleFault));
        rig.Event(Msg.Event(5, "recovered", "scale-no-samples"));
        Assert.Null(rig.OpenAlert(AlertKinds.ScaleFault));
        Assert.Equal(4, rig.Engine.History(AlertRig.Bin, 500).Count);
    }

    [Fact]
    public void Reader_fault_opens_from_telemetry_or_event_and_clears()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry(readerOk: false));
        Assert.Equal("reader-down", rig.OpenAlert(AlertKinds.ReaderFault)?.Code);
        rig.Telemetry(Msg.Telemetry(readerOk: true));
        Assert.Null(rig.OpenAlert(AlertKinds.ReaderFault));
        rig.Event(Msg.Event(3, "fault", "reader-down"));
        Assert.NotNull(rig.OpenAlert(AlertKinds.ReaderFault));
        rig.Event(Msg.Event(4, "recovered", "reader-down"));
        Assert.Null(rig.OpenAlert(AlertKinds.ReaderFault));
    }

    [Fact]
    public void Tamper_opens_on_event_or_flag_and_clears_on_a_normal_drop_off_or_emptied()
    {
        using var rig = new AlertRig();
        rig.Event(Msg.Event(1, "tamper", grams: 900));
        rig.DropOff(Msg.DropOff(2, flags: 8));
        Assert.Equal("tamper", rig.OpenAlert(AlertKinds.Tamper)?.Code);
        rig.DropOff(Msg.DropOff(3, flags: 1)); // belowMin, no tamper flag: a normal session
        Assert.Null(rig.OpenAlert(AlertKinds.Tamper));
        rig.DropOff(Msg.DropOff(4, flags: 8 | 2));
        Assert.Equal("tamper-seen", rig.OpenAlert(AlertKinds.Tamper)?.Code);
        rig.Event(Msg.Event(5, "emptied"));
        Assert.Null(rig.OpenAlert(AlertKinds.Tamper));
    }

    [Fact]
    public void Every_change_is_a_history_row_is_counted_and_the_open_gauge_follows()
    {
        using var rig = new AlertRig();
        rig.Telemetry(Msg.Telemetry(scaleFault: "scale-zero-range", readerOk: false));
        Assert.Equal(1, rig.Metrics.Value("smartbin_alerts_open", ("kind", "scale-fault")));
        Assert.Equal(1, rig.Metrics.Value("smartbin_alerts_open", ("kind", "reader-fault")));
        rig.Telemetry(Msg.Telemetry());
        Assert.Equal(0, rig.Metrics.Value("smartbin_alerts_open", ("kind", "scale-fault")));
        Assert.Equal(1, rig.Metrics.Value("smartbin_alert_changes_total", ("kind", "scale-fault"), ("change", "opened")));
        Assert.Equal(1, rig.Metrics.Value("smartbin_alert_changes_total", ("kind", "reader-fault"), ("change", "cleared")));
        Assert.Contains("smartbin_alerts_open{kind=\"tamper\"} 0", rig.Metrics.Render(), StringComparison.Ordinal);

        var history = rig.Engine.History(AlertRig.Bin, 500);
        Assert.Equal(["cleared", "cleared", "opened", "opened"], history.Select(h => h.Change).ToArray());
        Assert.All(history.Where(h => h.Change == "cleared"), h => Assert.NotNull(h.Alert.ClearedUtc));
        var scale = history.Where(h => h.Alert.Kind == AlertKinds.ScaleFault).ToList();
        Assert.Single(scale.Select(h => h.Alert.Id).Distinct()); // opened and cleared share the alert id
        Assert.Equal(4, CountRows(rig.DatabasePath, "alert_changes"));
        Assert.Equal(2, CountRows(rig.DatabasePath, "alerts"));
    }

    [Fact]
    public void A_restarted_engine_keeps_open_alerts_and_does_not_duplicate_them()
    {
        using var first = new AlertRig();
        first.Telemetry(Msg.Telemetry(scaleFault: "scale-saturated"));
        first.Status(Msg.Offline);
        var before = first.Engine.OpenAlerts();
        Assert.Equal(2, before.Count);

        using var second = first.Restart();
        Assert.Equal(before, second.Engine.OpenAlerts());
        Assert.Equal(1, second.Metrics.Value("smartbin_alerts_open", ("kind", "scale-fault")));
        second.Engine.OnTelemetry(AlertRig.Bin, Msg.Telemetry(scaleFault: "scale-saturated"), second.Now);
        second.Run();
        Assert.Equal(3, second.Engine.History(AlertRig.Bin, 500).Count); // 2 opened + offline cleared by the telemetry
        Assert.Null(second.OpenAlert(AlertKinds.Offline));
        var scale = Assert.Single(second.Engine.OpenAlerts());
        Assert.Equal(before.Single(a => a.Kind == AlertKinds.ScaleFault), scale);
        second.Engine.OnTelemetry(AlertRig.Bin, Msg.Telemetry(), second.Now);
        second.Run();
        var cleared = second.Engine.History(AlertRig.Bin, 1).Single();
        Assert.Equal((scale.Id, "cleared"), (cleared.Alert.Id, cleared.Change));
    }

    [Fact]
    public void Observations_before_processing_do_not_change_state()
    {
        using var rig = new AlertRig(o => o.FillPersistenceS = 0);
        rig.Engine.OnTelemetry(AlertRig.Bin, Msg.Telemetry(fillPct: 99), rig.Now);
        Assert.Empty(rig.Engine.OpenAlerts()); // queued only: the observer call never does the work itself
        Assert.Equal(1, rig.Engine.ProcessPending());
        Assert.NotNull(rig.OpenAlert(AlertKinds.Fill));
    }

    private sealed class FlakyRegistry(FixedReadModel inner) : SmartBin.Gateway.Storage.IGatewayReadModel
    {
        public bool Up { get; set; }

        public System.Collections.Generic.IReadOnlyList<SmartBin.Gateway.Storage.BinSummary> Bins() =>
            Up ? inner.Bins() : throw new InvalidOperationException("store not migrated yet");

        public System.Collections.Generic.IReadOnlyList<SmartBin.Gateway.Storage.CommunitySummary> Communities() => inner.Communities();

        public System.Collections.Generic.IReadOnlyList<SmartBin.Gateway.Storage.DropOffRow> RecentDropOffs(int limit, string? binId = null) => inner.RecentDropOffs(limit, binId);

        public System.Collections.Generic.IReadOnlyList<SmartBin.Gateway.Storage.BalanceRow> TopBalances(int limit) => inner.TopBalances(limit);

        public SmartBin.Gateway.Storage.BalanceRow? Balance(string householdId) => inner.Balance(householdId);
    }

    private static long CountRows(string databasePath, string table)
    {
        using var c = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
