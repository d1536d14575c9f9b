using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace SmartBin.Chaos
{
    /// <summary>
    /// The gateway as a real process (<c>dotnet SmartBin.Gateway.dll</c>) with its own data folder, the demo fleet seeded
    /// to match the virtual bins, crediting caps lifted (so every clean card drop-off is credited and the expected
    /// figures follow from the engine alone), InfluxDB time series, and either the embedded broker or mosquitto.
    /// </summary>
    internal sealed class GatewayProcess : IDisposable
    {
        public const string GatewayUser = "smartbin-gateway";
        public const string GatewayPassword = "chaos-gateway-secret";
        public const int NoCapGrams = 10_000_000;
        private static readonly string[] FleetMaterials = { "PET", "HDPE", "PP", "MIXED" };
        private readonly ChaosOptions _options;
        private readonly string _dataDirectory;
        private readonly string _influxUrl;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
        private ChildProcess? _process;

        public GatewayProcess(ChaosOptions options, string dataDirectory, string influxUrl)
        {
            _options = options;
            _dataDirectory = dataDirectory;
            _influxUrl = influxUrl;
            HttpPort = Host.FreePort();
            EmbeddedPort = Host.FreePort();
        }

        public static string Dll => Path.Combine(AppContext.BaseDirectory, "SmartBin.Gateway.dll");

        public int HttpPort { get; }

        /// <summary>The embedded broker's port (embedded mode).</summary>
        public int EmbeddedPort { get; }

        /// <summary>mosquitto's port (external mode), set before the first start.</summary>
        public int ExternalBrokerPort { get; set; }

        public string DatabasePath => Path.Combine(_dataDirectory, "smartbin.db");

        public string Tail => _process?.Tail ?? string.Empty;

        /// <summary>True when the gateway process has exited (killed or on its own).</summary>
        public bool HasExited => _process?.HasExited ?? false;

        /// <summary>The exit code once exited, else null.</summary>
        public int? ExitCode => _process?.ExitCode;

        /// <summary>Starts the gateway and waits until it is live and connected to its broker. <paramref name="delayAfterCommitMs"/> &gt; 0 turns on the test-only hold between commit and ack.</summary>
        public async Task StartAsync(int delayAfterCommitMs = 0)
        {
            _process?.Dispose();
            var arguments = new List<string> { Dll, $"--Urls=http://127.0.0.1:{HttpPort}" };
            arguments.AddRange(HostArguments());
            arguments.AddRange(MqttArguments());
            arguments.AddRange(new[]
            {
                "--SmartBin:TimeSeries:Backend=Influx", $"--SmartBin:TimeSeries:Influx:Url={_influxUrl}",
                "--SmartBin:TimeSeries:Influx:RetryMaxMs=2000", "--SmartBin:TimeSeries:Influx:TimeoutMs=5000",
            });
            if (delayAfterCommitMs > 0)
            {
                arguments.Add("--SmartBin:Ingest:TestFaultInjection=true");
                arguments.Add($"--SmartBin:Ingest:TestDelayAfterCommitMs={delayAfterCommitMs}");
            }

            _process = ChildProcess.Start("gateway", "dotnet", arguments);
            bool ready = await Host.EventuallyAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("the gateway exited at start-up:\n" + _process.Tail);
                }

                // Live and connected, not /health/ready: ready also asks for a short ingest queue, and after an outage
                // the queue is long on purpose (the backlog arriving).
                return await IsLiveAsync().ConfigureAwait(false) &&
                    (_options.Mode == BrokerMode.Embedded
                        ? _process.WaitFor(l => l.Contains($"MQTT broker listening on 127.0.0.1:{EmbeddedPort}", StringComparison.Ordinal))
                        : _process.WaitFor(l => l.Contains("MQTT client subscribed", StringComparison.Ordinal)));
            }, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (!ready)
            {
                throw new TimeoutException("the gateway was not ready within 60 s:\n" + _process.Tail);
            }
        }

        /// <summary>SIGKILL.</summary>
        public void Kill() => _process?.Kill();

        /// <summary>A clean stop (SIGTERM).</summary>
        public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

        /// <summary>Writes mosquitto's password and ACL files with the gateway's own verb, from the same seeded database.</summary>
        public async Task WriteMosquittoFilesAsync(string passwordFile, string aclFile)
        {
            var arguments = new List<string>
            {
                Dll, "mosquitto-files", "--password-file", passwordFile, "--acl-file", aclFile,
                "--gateway-user", GatewayUser, "--gateway-password", GatewayPassword,
            };
            arguments.AddRange(HostArguments());
            using var verb = ChildProcess.Start("mosquitto-files", "dotnet", arguments);
            if (!await Host.EventuallyAsync(() => Task.FromResult(verb.HasExited), TimeSpan.FromSeconds(120)).ConfigureAwait(false))
            {
                throw new TimeoutException("mosquitto-files did not finish:\n" + verb.Tail);
            }

            if (!File.Exists(passwordFile) || !File.Exists(aclFile))
            {
                throw new InvalidOperationException("mosquitto-files wrote no files:\n" + verb.Tail);
            }
        }

        /// <summary>The metrics page, or null when the gateway does not answer.</summary>
        public async Task<string?> MetricsAsync()
        {
            try
            {
                return await _http.GetStringAsync(new Uri($"http://127.0.0.1:{HttpPort}/metrics")).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return null;
            }
        }

        /// <summary>Sum of every sample of <paramref name="metric"/> (all label sets), or null when the gateway does not answer.</summary>
        public async Task<double?> MetricAsync(string metric)
        {
            string? page = await MetricsAsync().ConfigureAwait(false);
            return page is null ? null : Sum(page, metric);
        }

        public static double Sum(string page, string metric)
        {
            double sum = 0;
            var pattern = new Regex("^" + Regex.Escape(metric) + @"(\{[^}]*\})? (\S+)$", RegexOptions.Multiline);
            foreach (Match m in pattern.Matches(page))
            {
                sum += double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            return sum;
        }

        public void Dispose()
        {
            _process?.Dispose();
            _http.Dispose();
        }

        private async Task<bool> IsLiveAsync()
        {
            try
            {
                using HttpResponseMessage response = await _http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health/live")).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }

        private IEnumerable<string> HostArguments()
        {
            yield return $"--SmartBin:Storage:DataDirectory={_dataDirectory}";
            yield return "--SmartBin:Seed:DemoFleet=true";
            yield return $"--SmartBin:Seed:DemoBins={_options.Bins}";
            yield return $"--SmartBin:Seed:DemoSeed={_options.Seed}";
            yield return $"--SmartBin:Crediting:DailyCapGrams={NoCapGrams}";
            yield return $"--SmartBin:Crediting:DailyCapPoints={NoCapGrams}";
            foreach (string material in FleetMaterials)
            {
                yield return $"--SmartBin:Crediting:MaxGramsPerDrop:{material}={NoCapGrams}";
            }
        }

        private IEnumerable<string> MqttArguments()
        {
            if (_options.Mode == BrokerMode.External)
            {
                return new[]
                {
                    "--SmartBin:Mqtt:Mode=External", $"--SmartBin:Mqtt:External:Port={ExternalBrokerPort}",
                    $"--SmartBin:Mqtt:External:Username={GatewayUser}", $"--SmartBin:Mqtt:External:Password={GatewayPassword}",
                    "--SmartBin:Mqtt:External:ClientId=chaos-gateway", "--SmartBin:Mqtt:External:ReconnectMaxMs=2000",
                };
            }

            return new[]
            {
                "--SmartBin:Mqtt:Mode=Embedded", "--SmartBin:Mqtt:Embedded:BindAddress=127.0.0.1",
                $"--SmartBin:Mqtt:Embedded:Port={EmbeddedPort}",
            };
        }

        /// <summary>The materials the demo fleet cycles through, in bin order (StorageSeeds.DemoFleet).</summary>
        public static string MaterialOf(int binIndex) => FleetMaterials[binIndex % FleetMaterials.Length];
    }
}
