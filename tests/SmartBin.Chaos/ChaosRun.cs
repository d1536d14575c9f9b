using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace SmartBin.Chaos
{
    /// <summary>The outcome of a run: the checks' result and the figures.</summary>
    public sealed record ChaosReport(ChaosOptions Options, FaultSchedule Schedule, CheckResult Check, IReadOnlyDictionary<FaultKind, int> Injected,
        IReadOnlyDictionary<string, double> Figures, IReadOnlyList<string> Problems)
    {
        /// <summary>The bins' last log lines at the end of the run.</summary>
        public string FleetLogTail { get; init; } = string.Empty;

        /// <summary>The running gateway's last log lines at the end of the run.</summary>
        public string GatewayLogTail { get; init; } = string.Empty;

        /// <summary>True when every check held.</summary>
        public bool Passed => Problems.Count == 0;

        /// <summary>The figures table (Markdown).</summary>
        public string Table()
        {
            var lines = new List<string> { "| figure | value |", "|---|---|" };
            lines.Add($"| mode, seed | {Options.Mode}, {Options.Seed} |");
            lines.Add($"| bins | {Options.Bins} ({Math.Min(Options.ChipLevelBins, Options.Bins)} chip-level) |");
            lines.Add($"| drop-offs (ground truth) | {Check.DropOffs:N0} ({Check.Credited:N0} credited) |");
            lines.Add($"| events | {Check.Events:N0} |");
            lines.Add($"| faults injected | {string.Join(", ", Injected.Where(k => k.Value > 0).Select(k => $"{k.Key} {k.Value}"))} |");
            foreach (var (name, value) in Figures)
            {
                lines.Add($"| {name} | {value:N0} |");
            }

            lines.Add($"| households checked | {Check.Households:N0} ({Check.HouseholdMismatches} mismatched) |");
            lines.Add($"| credited in all | {Check.CreditedTotals.Grams:N0} g, {Check.CreditedTotals.Points:N0} points, {Check.CreditedTotals.Co2eG:N0} g CO2e |");
            lines.Add($"| duplicates | {Check.Duplicates} |");
            lines.Add($"| losses | {Check.Losses} |");
            lines.Add($"| wrong credits / visit mismatches | {Check.WrongCredits} / {Check.VisitMismatches} |");
            lines.Add($"| unattributed weighing noise (not a failure) | {Check.UnattributedNoise} |");
            return string.Join('\n', lines);
        }
    }

    /// <summary>
    /// One whole-system run: influxd (behind a latency proxy), mosquitto or the embedded broker, the gateway process,
    /// the fleet behind the network proxy; the seeded fault schedule while the residents make drop-offs; the drain; the
    /// checks. Every server is killed and every folder deleted at the end, whatever happens.
    /// </summary>
    public static class ChaosRun
    {
        /// <summary>Runs <paramref name="options"/>, writing progress to <paramref name="log"/>.</summary>
        public static async Task<ChaosReport> RunAsync(ChaosOptions options, Action<string> log)
        {
            string root = Directory.CreateTempSubdirectory("smartbin-chaos-").FullName;
            try
            {
                await using var rig = await ChaosRig.StartAsync(options, root, log).ConfigureAwait(false);
                return await rig.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is harmless.
                }
            }
        }
    }

    /// <summary>The servers, proxies and fleet of one run, and the schedule's execution.</summary>
    internal sealed partial class ChaosRig : IAsyncDisposable
    {
        private readonly ChaosOptions _options;
        private readonly Action<string> _log;
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly Dictionary<FaultKind, int> _injected = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);
        private readonly Dictionary<string, double> _figures = new();
        private readonly List<string> _unexpected = new();
        private readonly InfluxServer _influx;
        private readonly TcpFaultProxy _influxProxy;
        private readonly GatewayProcess _gateway;
        private MosquittoServer? _mosquitto;
        private TcpFaultProxy? _binProxy;
        private ChaosFleet? _fleet;

        private ChaosRig(ChaosOptions options, string root, Action<string> log)
        {
            _options = options;
            _log = line => log($"[{_wall.Elapsed.TotalSeconds,6:F1} s] {line}");
            _influx = new InfluxServer(Directory.CreateDirectory(Path.Combine(root, "influx")).FullName);
            _influxProxy = new TcpFaultProxy("127.0.0.1", _influx.HttpPort);
            _gateway = new GatewayProcess(options, Directory.CreateDirectory(Path.Combine(root, "gateway")).FullName,
                $"http://127.0.0.1:{_influxProxy.Port}");
            Root = root;
        }

        private string Root { get; }

        private ChaosFleet Fleet => _fleet ?? throw new InvalidOperationException("no fleet yet");

        private TcpFaultProxy BinProxy => _binProxy ?? throw new InvalidOperationException("no proxy yet");

        public static async Task<ChaosRig> StartAsync(ChaosOptions options, string root, Action<string> log)
        {
            var rig = new ChaosRig(options, root, log);
            try
            {
                await rig.StartServersAsync().ConfigureAwait(false);
                return rig;
            }
            catch
            {
                await rig.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_fleet is not null)
            {
                await _fleet.DisposeAsync().ConfigureAwait(false);
            }

            _gateway.Dispose();
            _mosquitto?.Dispose();
            _influx.Dispose();
            if (_binProxy is not null)
            {
                await _binProxy.DisposeAsync().ConfigureAwait(false);
            }

            await _influxProxy.DisposeAsync().ConfigureAwait(false);
        }

        private async Task StartServersAsync()
        {
            await _influx.StartAsync().ConfigureAwait(false);
            _log($"influxd on {_influx.HttpPort}, behind the latency proxy on {_influxProxy.Port}");
            int brokerPort = _gateway.EmbeddedPort;
            if (_options.Mode == BrokerMode.External)
            {
                string folder = Directory.CreateDirectory(Path.Combine(Root, "mosquitto")).FullName;
                string passwords = Path.Combine(folder, "passwd");
                string acl = Path.Combine(folder, "acl");
                await _gateway.WriteMosquittoFilesAsync(passwords, acl).ConfigureAwait(false);
                _mosquitto = new MosquittoServer(folder, passwords, acl);
                await _mosquitto.StartAsync().ConfigureAwait(false);
                _gateway.ExternalBrokerPort = brokerPort = _mosquitto.Port;
                _log($"mosquitto on {_mosquitto.Port} (persistence on)");
            }

            await _gateway.StartAsync().ConfigureAwait(false);
            _log($"gateway ready (http {_gateway.HttpPort}, {_options.Mode} broker)");
            _binProxy = new TcpFaultProxy("127.0.0.1", brokerPort);
            _fleet = new ChaosFleet(_options, _binProxy.Port);
            _log($"{_options.Bins} bins ({Math.Min(_options.ChipLevelBins, _options.Bins)} chip-level) connect through the proxy on {_binProxy.Port}");
        }
    }
}
