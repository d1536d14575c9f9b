using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Chaos
{
    /// <summary>Finds the Debian server programs and free loopback ports.</summary>
    internal static class Host
    {
        private static readonly string[] SearchDirectories = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin" };

        public static string Require(string program, string debianPackage) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(SearchDirectories)
                .Select(dir => Path.Combine(dir, program))
                .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"'{program}' is not installed. Run ./test.sh, or: apt-get install {debianPackage}");

        /// <summary>A loopback port nobody listens on, handed out once per process (<see cref="FreeLoopbackPort"/>).</summary>
        public static int FreePort() => FreeLoopbackPort.Next();

        /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds (true) or the time is up (false).</summary>
        public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit)
        {
            DateTime deadline = DateTime.UtcNow + limit;
            while (true)
            {
                if (await condition().ConfigureAwait(false))
                {
                    return true;
                }

                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        public static bool Listening(int port)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Debian's mosquitto with a password file, an ACL and persistence in its folder, on a fixed loopback port, so it
    /// can be restarted (SIGTERM, which writes the persistence file; then started again on the same port and data)
    /// with the gateway's persistent session and its queued QoS 1 messages intact.
    /// </summary>
    internal sealed class MosquittoServer : IDisposable
    {
        private readonly string _binary = Host.Require("mosquitto", "mosquitto");
        private readonly string _configPath;
        private ChildProcess? _process;

        public MosquittoServer(string directory, string passwordFile, string aclFile)
        {
            Port = Host.FreePort();
            string data = Path.Combine(directory, "data");
            Directory.CreateDirectory(data);
            _configPath = Path.Combine(directory, "mosquitto.conf");
            var lines = new List<string>
            {
                "per_listener_settings false", $"listener {Port} 127.0.0.1", "allow_anonymous false",
                $"password_file {passwordFile}", $"acl_file {aclFile}", "persistence true",
                $"persistence_location {data}{Path.DirectorySeparatorChar}", "max_queued_messages 100000",
                "log_dest stdout", "log_type error", "log_type warning", "log_type notice",
            };
            if (Environment.UserName == "root")
            {
                lines.Add("user root"); // as root, mosquitto would drop to 'mosquitto', which cannot read our files
            }

            File.WriteAllText(_configPath, string.Join('\n', lines) + "\n");
        }

        public int Port { get; }

        public string Tail => _process?.Tail ?? string.Empty;

        public async Task StartAsync()
        {
            _process?.Dispose();
            _process = ChildProcess.Start("mosquitto", _binary, new[] { "-c", _configPath });
            if (!await Host.EventuallyAsync(() => Task.FromResult(Host.Listening(Port) || _process.HasExited), TimeSpan.FromSeconds(15)).ConfigureAwait(false)
                || _process.HasExited)
            {
                throw new InvalidOperationException("mosquitto did not start:\n" + _process.Tail);
            }
        }

        /// <summary>A clean stop (SIGTERM): mosquitto saves its persistence file on the way out.</summary>
        public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(15)) ?? Task.CompletedTask;

        public void Dispose() => _process?.Dispose();
    }

    /// <summary>Debian's influxd 1.x on free loopback ports with its data in a folder; killed and started again for an outage.</summary>
    internal sealed class InfluxServer : IDisposable
    {
        public const string Database = "smartbin";
        private readonly string _binary = Host.Require("influxd", "influxdb");
        private readonly string _configPath;
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
        private ChildProcess? _process;

        public InfluxServer(string directory)
        {
            HttpPort = Host.FreePort();
            int rpcPort = Host.FreePort();
            _configPath = Path.Combine(directory, "influxdb.conf");
            File.WriteAllText(_configPath, string.Join('\n',
                "reporting-disabled = true", $"bind-address = \"127.0.0.1:{rpcPort}\"",
                "[meta]", $"  dir = \"{Path.Combine(directory, "meta")}\"",
                "[data]", $"  dir = \"{Path.Combine(directory, "data")}\"", $"  wal-dir = \"{Path.Combine(directory, "wal")}\"",
                "  query-log-enabled = false",
                "[http]", $"  bind-address = \"127.0.0.1:{HttpPort}\"", "  log-enabled = false",
                "[monitor]", "  store-enabled = false", "[continuous_queries]", "  enabled = false",
                "[subscriber]", "  enabled = false", string.Empty));
        }

        public int HttpPort { get; }

        public string Url => $"http://127.0.0.1:{HttpPort}";

        public string Tail => _process?.Tail ?? string.Empty;

        public async Task StartAsync()
        {
            _process?.Dispose();
            _process = ChildProcess.Start("influxd", _binary, new[] { "-config", _configPath });
            bool up = await Host.EventuallyAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("influxd exited at start-up:\n" + _process.Tail);
                }

                try
                {
                    using HttpResponseMessage ping = await _http.GetAsync(new Uri(Url + "/ping")).ConfigureAwait(false);
                    return ping.StatusCode == HttpStatusCode.NoContent;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (!up)
            {
                throw new TimeoutException("influxd did not answer /ping:\n" + _process.Tail);
            }

            await QueryAsync("CREATE DATABASE " + Database, post: true).ConfigureAwait(false);
        }

        /// <summary>SIGKILL: an outage with no clean shutdown.</summary>
        public void Kill()
        {
            _process?.Dispose();
            _process = null;
        }

        public async Task<string> QueryAsync(string influxQl, bool post = false)
        {
            string uri = $"{Url}/query?db={Database}&q={Uri.EscapeDataString(influxQl)}";
            using var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, new Uri(uri));
            using HttpResponseMessage response = await _http.SendAsync(request).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"influx '{influxQl}' answered {(int)response.StatusCode}: {body}");
            }

            return body;
        }

        public void Dispose()
        {
            Kill();
            _http.Dispose();
        }
    }
}
