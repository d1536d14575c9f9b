using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// A real InfluxDB 1.x (Debian's <c>influxd</c>) on free loopback ports with its meta, data and WAL in a temp
    /// folder, reporting off. Both ports are moved: HTTP and the RPC bind-address (8088 by default), so parallel runs
    /// never collide. <see cref="Kill"/> and <see cref="Start"/> simulate an outage on the same data and port.
    /// </summary>
    public sealed class InfluxDbFixture : IDisposable
    {
        public const string Database = "smartbin";
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private readonly string _binary;
        private readonly string _configPath;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
        private ExternalProcess? _process;

        public InfluxDbFixture()
        {
            _binary = ServerBinaries.Require("influxd", "influxdb");
            Directory = System.IO.Directory.CreateTempSubdirectory("smartbin-influxdb-").FullName;
            HttpPort = FreeTcpPort.Next();
            int rpcPort = FreeTcpPort.Next();
            _configPath = Path.Combine(Directory, "influxdb.conf");
            File.WriteAllText(_configPath, string.Join('\n',
                "reporting-disabled = true",
                $"bind-address = \"127.0.0.1:{rpcPort}\"",
                "[meta]",
                $"  dir = \"{Path.Combine(Directory, "meta")}\"",
                "[data]",
                $"  dir = \"{Path.Combine(Directory, "data")}\"",
                $"  wal-dir = \"{Path.Combine(Directory, "wal")}\"",
                "  query-log-enabled = false",
                "[http]",
                $"  bind-address = \"127.0.0.1:{HttpPort}\"",
                "  log-enabled = false",
                "[monitor]",
                "  store-enabled = false",
                "[continuous_queries]",
                "  enabled = false",
                "[subscriber]",
                "  enabled = false",
                string.Empty));
            Start();
            Query("CREATE DATABASE " + Database, post: true);
        }

        public int HttpPort { get; }

        public string Url => $"http://127.0.0.1:{HttpPort}";

        public string Directory { get; }

        public string Log => _process?.Output ?? string.Empty;

        /// <summary>Starts influxd (again) on the same config, data and port; returns once /ping answers 204.</summary>
        public void Start()
        {
            _process?.Dispose();
            _process = ExternalProcess.Start(_binary, new[] { "-config", _configPath });
            DateTime deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("influxd exited at start-up:\n" + _process.Output);
                }

                try
                {
                    using var response = _http.GetAsync($"{Url}/ping").GetAwaiter().GetResult();
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                Thread.Sleep(100);
            }

            throw new TimeoutException($"influxd did not answer /ping on {HttpPort} within {StartTimeout}:\n{_process.Output}");
        }

        /// <summary>Kills influxd (SIGKILL, no clean shutdown): an outage.</summary>
        public void Kill()
        {
            _process?.Dispose();
            _process = null;
        }

        /// <summary>Runs InfluxQL against <see cref="Database"/> with epoch=ns and returns the JSON.</summary>
        public string Query(string influxQl, bool post = false)
        {
            string uri = $"{Url}/query?db={Database}&epoch=ns&q={Uri.EscapeDataString(influxQl)}";
            using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, uri);
            using var response = _http.Send(request);
            string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"influx query '{influxQl}' answered {(int)response.StatusCode}: {body}");
            }

            return body;
        }

        public void Dispose()
        {
            Kill();
            _http.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
