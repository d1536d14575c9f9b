using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace SmartBin.Chaos
{
    /// <summary>The run itself: faults while the residents make drop-offs, then the drain and the checks.</summary>
    internal sealed partial class ChaosRig
    {
        private const int AfterCommitHoldMs = 60_000;
        private const int KillRestartPauseMs = 1_000;

        // Longer than the gateway's time-series flush interval (1 s by default).
        private const int TimeSeriesSettleMs = 2_000;

        public async Task<ChaosReport> RunAsync()
        {
            var problems = new List<string>();
            FaultSchedule schedule = FaultSchedule.Of(_options);
            _log(schedule.ToString().TrimEnd());
            Fleet.Start();
            if (!await Host.EventuallyAsync(() => Task.FromResult(Fleet.Connected == _options.Bins), TimeSpan.FromSeconds(60)).ConfigureAwait(false))
            {
                problems.Add($"only {Fleet.Connected} of {_options.Bins} bins connected:\n{Fleet.LogTail}");
            }

            var run = Stopwatch.StartNew();
            bool enough = await RunScheduleAsync(schedule, run).ConfigureAwait(false);
            _figures["run phase, s"] = Math.Round(run.Elapsed.TotalSeconds);
            if (!enough)
            {
                problems.Add($"only {Fleet.DropOffsSent} of {_options.DropOffs} drop-offs within {_options.RunLimitS} s");
            }

            Fleet.ResidentsActive = false;
            var drain = Stopwatch.StartNew();
            bool drained = await Host.EventuallyAsync(async () => { WatchGateway(); return await DrainedAsync().ConfigureAwait(false); }, TimeSpan.FromSeconds(_options.DrainLimitS)).ConfigureAwait(false);
            _figures["drain, s"] = Math.Round(drain.Elapsed.TotalSeconds);
            await Fleet.PauseAsync().ConfigureAwait(false);
            // Until the pause the bins kept sending (telemetry, status), so the time series took points after the drain
            // saw it empty: give the writer its flush interval, then let the outbox empty before it is judged.
            await Task.Delay(TimeSeriesSettleMs).ConfigureAwait(false);
            await Host.EventuallyAsync(TimeSeriesEmptyAsync, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (!drained)
            {
                problems.Add($"not drained within {_options.DrainLimitS} s: outbox depth {Fleet.OutboxDepth}, busy bins {Fleet.Runners.Count(r => r.IsBusy)}, " +
                    $"tsdb outbox {await _gateway.MetricAsync("smartbin_tsdb_outbox_lines").ConfigureAwait(false)}, open offline alerts {OpenAlerts("offline")}");
            }

            WatchGateway();
            problems.AddRange(_unexpected);
            CheckResult check = GroundTruthCheck.Run(_gateway.DatabasePath, Fleet);
            problems.AddRange(check.Problems);
            if (check.ProblemCount > check.Problems.Count)
            {
                problems.Add($"… and {check.ProblemCount - check.Problems.Count} more");
            }

            await CollectFiguresAsync(problems).ConfigureAwait(false);
            _figures["wall time, s"] = Math.Round(_wall.Elapsed.TotalSeconds);
            return new ChaosReport(_options, schedule, check, _injected, _figures, problems) { FleetLogTail = Fleet.LogTail, GatewayLogTail = _gateway.Tail };
        }

        // Faults at their times; the run goes on until the schedule is done and the residents made enough drop-offs.
        private async Task<bool> RunScheduleAsync(FaultSchedule schedule, Stopwatch run)
        {
            var nextProgress = TimeSpan.FromSeconds(10);
            foreach (Fault fault in schedule.Faults)
            {
                while (run.Elapsed.TotalSeconds < fault.AtS)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                    nextProgress = Progress(run, nextProgress);
                }

                await InjectAsync(fault).ConfigureAwait(false);
                _injected[fault.Kind]++;
            }

            while (Fleet.DropOffsSent < _options.DropOffs)
            {
                if (run.Elapsed.TotalSeconds > _options.RunLimitS)
                {
                    return false;
                }

                await Task.Delay(100).ConfigureAwait(false);
                nextProgress = Progress(run, nextProgress);
            }

            return true;
        }

        private TimeSpan Progress(Stopwatch run, TimeSpan next)
        {
            if (run.Elapsed < next)
            {
                return next;
            }

            _log($"progress: {Fleet.DropOffsSent:N0} drop-offs, {Fleet.Connected} bins connected, outbox depth {Fleet.OutboxDepth}");
            WatchGateway();
            return run.Elapsed + TimeSpan.FromSeconds(10);
        }

        // Only the schedule stops the gateway: an exit of its own is a failure, reported once with its last lines.
        private void WatchGateway()
        {
            if (_unexpected.Count == 0 && _gateway.HasExited)
            {
                string problem = $"the gateway exited on its own (code {_gateway.ExitCode}); its last lines:\n{_gateway.Tail}";
                _unexpected.Add(problem);
                _log(problem);
            }
        }

        private async Task InjectAsync(Fault fault)
        {
            _log($"fault: {fault.Kind}{(fault.DurationS > 0 ? $" for {fault.DurationS} s" : string.Empty)} ({Fleet.DropOffsSent:N0} drop-offs so far)");
            switch (fault.Kind)
            {
                case FaultKind.BrokerRestart when _mosquitto is not null:
                    await _mosquitto.StopAsync().ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(fault.DurationS)).ConfigureAwait(false);
                    await _mosquitto.StartAsync().ConfigureAwait(false);
                    break;
                case FaultKind.BrokerRestart:
                    await _gateway.StopAsync().ConfigureAwait(false); // the embedded broker is the gateway process
                    await Task.Delay(TimeSpan.FromSeconds(fault.DurationS)).ConfigureAwait(false);
                    await _gateway.StartAsync().ConfigureAwait(false);
                    break;
                case FaultKind.GatewayKill:
                    _gateway.Kill();
                    await Task.Delay(KillRestartPauseMs).ConfigureAwait(false);
                    await _gateway.StartAsync().ConfigureAwait(false);
                    break;
                case FaultKind.GatewayKillAfterCommit:
                    await KillAfterCommitAsync().ConfigureAwait(false);
                    break;
                case FaultKind.NetworkCut:
                    BinProxy.Cut();
                    await Task.Delay(TimeSpan.FromSeconds(fault.DurationS)).ConfigureAwait(false);
                    BinProxy.Restore();
                    break;
                case FaultKind.InfluxDown:
                    _influx.Kill();
                    await Task.Delay(TimeSpan.FromSeconds(fault.DurationS)).ConfigureAwait(false);
                    await _influx.StartAsync().ConfigureAwait(false);
                    break;
                case FaultKind.InfluxSlow:
                    _influxProxy.DelayMs = _options.InfluxSlowDelayMs;
                    await Task.Delay(TimeSpan.FromSeconds(fault.DurationS)).ConfigureAwait(false);
                    _influxProxy.DelayMs = 0;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault");
            }

            _log($"recovered from {fault.Kind}");
        }

        // The gateway is restarted with the test-only hold between commit and ack; as soon as its metrics show a commit
        // (counted before the hold), it is SIGKILLed: that batch is in the ledger, and no bin has its ack.
        private async Task KillAfterCommitAsync()
        {
            _gateway.Kill();
            await _gateway.StartAsync(delayAfterCommitMs: AfterCommitHoldMs).ConfigureAwait(false);
            var held = Stopwatch.StartNew();
            double commits = 0;
            bool committed = await Host.EventuallyAsync(async () =>
            {
                commits = await _gateway.MetricAsync("smartbin_ledger_commit_seconds_count").ConfigureAwait(false) ?? 0;
                return commits >= 1;
            }, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            double acked = await _gateway.MetricAsync("smartbin_ingest_verdicts_total").ConfigureAwait(false) ?? 0;
            _gateway.Kill();
            _log($"killed {held.Elapsed.TotalMilliseconds:F0} ms after the restart: {commits} batch(es) committed, {acked} verdicts acked" +
                (committed ? string.Empty : " (no commit seen: the kill fell before any commit)"));
            _figures["batches killed between commit and ack"] = (_figures.TryGetValue("batches killed between commit and ack", out double n) ? n : 0) + commits;
            await Task.Delay(KillRestartPauseMs).ConfigureAwait(false);
            await _gateway.StartAsync().ConfigureAwait(false);
        }

        private async Task<bool> DrainedAsync() =>
            Fleet.IsDrained && Fleet.Connected == _options.Bins && await TimeSeriesEmptyAsync().ConfigureAwait(false) && OpenAlerts("offline") == 0;

        private async Task<bool> TimeSeriesEmptyAsync()
        {
            string? page = await _gateway.MetricsAsync().ConfigureAwait(false);
            return page is not null && GatewayProcess.Sum(page, "smartbin_tsdb_outbox_lines") == 0 &&
                GatewayProcess.Sum(page, "smartbin_tsdb_overflow_points") == 0;
        }

        private async Task CollectFiguresAsync(List<string> problems)
        {
            string page = await _gateway.MetricsAsync().ConfigureAwait(false) ?? string.Empty;
            _figures["duplicate acks since last restart"] = GatewayProcess.Sum(page, "smartbin_ingest_verdicts_total{result=\"duplicate\"}");
            _figures["offline alerts opened"] = AlertChanges("offline", "opened");
            _figures["offline alerts cleared"] = AlertChanges("offline", "cleared");
            _figures["network connections refused by the cut"] = BinProxy.Refused;
            _figures["MQTT connects refused by the gateway's broker since last restart"] = GatewayProcess.Sum(page, "smartbin_mqtt_connect_refused_total");
            double tsdbRejected = GatewayProcess.Sum(page, "smartbin_tsdb_rejected_lines_total");
            _figures["time-series lines rejected"] = tsdbRejected;
            _figures["time-series outbox lines left"] = GatewayProcess.Sum(page, "smartbin_tsdb_outbox_lines");
            int openOffline = OpenAlerts("offline");
            if (openOffline != 0)
            {
                problems.Add($"{openOffline} offline alerts still open after the drain");
            }

            if (_figures["time-series outbox lines left"] != 0 || tsdbRejected != 0 || GatewayProcess.Sum(page, "smartbin_tsdb_overflow_points") != 0)
            {
                problems.Add($"time series: {_figures["time-series outbox lines left"]} lines left in the outbox, {tsdbRejected} rejected");
            }

            // Points still in the recorder's queue or overflow are written within a flush or two: wait for them.
            double points = 0;
            await Host.EventuallyAsync(async () => (points = await InfluxDropOffPointsAsync().ConfigureAwait(false)) >= Count("SELECT COUNT(*) FROM dropoffs"),
                TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            _figures["drop-off points in InfluxDB"] = points;
            _figures["time-series overflow points left"] = GatewayProcess.Sum(page, "smartbin_tsdb_overflow_points");
        }

        private async Task<double> InfluxDropOffPointsAsync()
        {
            string json = await _influx.QueryAsync("SELECT count(\"seq\") FROM \"dropoff\" WHERE \"result\" != 'duplicate'").ConfigureAwait(false);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            foreach (var series in doc.RootElement.GetProperty("results")[0].TryGetProperty("series", out var s) ? s.EnumerateArray() : default)
            {
                return series.GetProperty("values")[0][1].GetDouble();
            }

            return 0;
        }

        private int OpenAlerts(string kind) => Count($"SELECT COUNT(*) FROM alerts WHERE kind = '{kind}' AND cleared_utc IS NULL");

        private int AlertChanges(string kind, string change) => Count($"SELECT COUNT(*) FROM alert_changes WHERE kind = '{kind}' AND change = '{change}'");

        private int Count(string sql)
        {
            using var db = new SqliteConnection($"Data Source={_gateway.DatabasePath};Mode=ReadOnly;Pooling=False");
            db.Open();
            using SqliteCommand command = db.CreateCommand();
            command.CommandText = sql;
            try
            {
                return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            catch (SqliteException)
            {
                return -1; // the alerts tables are not there yet
            }
        }
    }
}
