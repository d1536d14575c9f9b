using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// A real VictoriaMetrics single node (Debian's <c>victoria-metrics</c>) on a free loopback port with its storage
    /// in a temp folder. It accepts InfluxDB line protocol on <c>/api/v2/write</c> and names each series
    /// <c>{measurement}_{field}</c> with the tags as labels.
    /// </summary>
    public sealed class VictoriaMetricsFixture : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
        private readonly ExternalProcess _process;

        public VictoriaMetricsFixture()
        {
            string binary = ServerBinaries.Require("victoria-metrics", "victoria-metrics");
            Directory = System.IO.Directory.CreateTempSubdirectory("smartbin-victoriametrics-").FullName;
            Port = FreeTcpPort.Next();
            _process = ExternalProcess.Start(binary, new[]
            {
                $"-httpListenAddr=127.0.0.1:{Port}",
                $"-storageDataPath={Path.Combine(Directory, "data")}",
                "-loggerLevel=WARN",
            });
            WaitUntilHealthy();
        }

        public int Port { get; }

        public string Url => $"http://127.0.0.1:{Port}";

        public string Directory { get; }

        public string Log => _process.Output;

        /// <summary>Flushes recent rows to searchable storage, then exports series matching <paramref name="selector"/> (JSON lines).</summary>
        public string Export(string selector)
        {
            using (var flush = _http.GetAsync($"{Url}/internal/force_flush").GetAwaiter().GetResult())
            {
                flush.EnsureSuccessStatusCode();
            }

            using var content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("match[]", selector) });
            using var response = _http.PostAsync($"{Url}/api/v1/export", content).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _process.Dispose();
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

        private void WaitUntilHealthy()
        {
            DateTime deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("victoria-metrics exited at start-up:\n" + _process.Output);
                }

                try
                {
                    using var response = _http.GetAsync($"{Url}/health").GetAwaiter().GetResult();
                    if (response.StatusCode == HttpStatusCode.OK)
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

            throw new TimeoutException($"victoria-metrics did not become healthy on {Port} within {StartTimeout}:\n{_process.Output}");
        }
    }
}
