using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SmartBin.Integration.Tests.Fixtures;
using SmartBin.Integration.Tests.Mqtt;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Security
{
    /// <summary>
    /// Every flow that handles a secret, against the real gateway process and its verbs with every log category at
    /// Trace: operator key creation and use, bin secret issue and rotation over the admin API, a staff account added
    /// with a password on stdin and signed in (right and wrong password), a partner key made and used, the
    /// <c>mosquitto-files</c> verb with a gateway password, MQTT connects with a wrong and a right secret. No secret,
    /// and no stored hash or salt derived from one, appears in any log line of any process or in <c>/metrics</c>.
    /// </summary>
    public sealed partial class SecretsInLogsTests : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
        private readonly ITestOutputHelper _output;
        private readonly string _data = Directory.CreateTempSubdirectory("smartbin-secrets-").FullName;
        private readonly string _dll = Path.Combine(AppContext.BaseDirectory, "SmartBin.Gateway.dll");
        private readonly int _httpPort = FreeTcpPort.Next();
        private readonly int _mqttPort = FreeTcpPort.Next();
        private readonly List<(string What, string Text)> _logs = new();

        public SecretsInLogsTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task No_secret_or_stored_hash_appears_in_any_log_line_or_in_metrics_at_trace_level()
        {
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            using var gateway = ExternalProcess.Start("dotnet", new[] { _dll, $"--Urls=http://127.0.0.1:{_httpPort}" }.Concat(HostArguments()));
            using var http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}/"),
            };
            await WaitForAsync(http, gateway);

            secrets["operator key"] = StdoutKey(await VerbAsync("operator", null, "add", "--name", "alice", "--role", "admin"));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secrets["operator key"]);
            Assert.Equal(HttpStatusCode.Created, (await http.PutAsync("api/admin/v1/bins/baiyun-0009", Json(new { community = "baiyun", material = "PET" }))).StatusCode);
            secrets["bin secret"] = await IssueSecretAsync(http, "baiyun-0009");
            secrets["rotated bin secret"] = await IssueSecretAsync(http, "baiyun-0009");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sbk_0123456789ab_" + new string('Q', 43));
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/admin/v1/whoami")).StatusCode);
            http.DefaultRequestHeaders.Authorization = null;

            secrets["staff password"] = "Staff-pw-" + Guid.NewGuid().ToString("N");
            secrets["mistyped staff password"] = "Mistyped-" + Guid.NewGuid().ToString("N");
            await VerbAsync("staff", secrets["staff password"] + "\n", "add", "--username", "wang.li", "--role", "staff", "--community", "baiyun");
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(http, "wang.li", secrets["mistyped staff password"])).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await LoginAsync(http, "wang.li", secrets["staff password"])).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("staff/bins")).StatusCode);

            secrets["partner key"] = StdoutKey(await VerbAsync("partner", null, "add", "--id", "tea-house", "--kind", "shop", "--name", "Tea", "--community", "baiyun"));
            using (var request = new HttpRequestMessage(HttpMethod.Get, "api/partner/v1/residents/by-card/" + InProcessGateway.DemoCard(0, 0)))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets["partner key"]);
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
            }

            secrets["gateway broker password"] = "Gw-pw-" + Guid.NewGuid().ToString("N");
            string passwd = Path.Combine(_data, "mosq.passwd");
            await VerbAsync("mosquitto-files", null, "--password-file", passwd, "--acl-file", Path.Combine(_data, "mosq.acl"),
                "--gateway-user", "smartbin-gateway", "--gateway-password", secrets["gateway broker password"]);

            secrets["wrong MQTT secret"] = "Wrong-mqtt-" + Guid.NewGuid().ToString("N");
            using (var wrong = await MosquittoClients.PublishAsync(_mqttPort, "baiyun-0009", secrets["wrong MQTT secret"], "smartbin/v1/baiyun-0009/event", "{}"))
            {
                Assert.NotEqual(0, wrong.ExitCode);
                _logs.Add(("mosquitto_pub (wrong secret)", wrong.Output));
            }

            using (var right = await MosquittoClients.PublishAsync(_mqttPort, "baiyun-0009", secrets["rotated bin secret"], "smartbin/v1/baiyun-0009/event",
                       "{\"v\":1,\"id\":\"baiyun-0009:1\",\"seq\":1,\"kind\":\"emptied\"}"))
            {
                Assert.True(right.ExitCode == 0, right.Output);
            }

            string metrics = await http.GetStringAsync("metrics");
            Assert.Contains("smartbin_mqtt_connect_refused_total{reason=\"bad-secret\"} 1", metrics, StringComparison.Ordinal);
            // The last request is logged (Hosting diagnostics at Debug) once everything before it is written out.
            Assert.True(await gateway.WaitForAsync(ls => ls.Any(l => l.Contains("/metrics", StringComparison.Ordinal) && l.Contains("Request finished", StringComparison.Ordinal)), Timeout), gateway.Output);
            _logs.Add(("gateway", gateway.Output));
            _logs.Add(("/metrics", metrics));

            var derived = DerivedValues(passwd);
            _output.WriteLine($"{_logs.Sum(l => l.Text.Split('\n').Length)} log lines checked for {secrets.Count} secrets and {derived.Count} derived values");
            foreach (var (what, text) in _logs)
            {
                foreach (var (name, secret) in secrets.Concat(derived))
                {
                    foreach (var part in Parts(secret))
                    {
                        Assert.False(text.Contains(part, StringComparison.Ordinal), $"{name} appears in the {what} output:\n{Around(text, part)}");
                    }
                }
            }
            Assert.Contains(_logs, l => l.What == "gateway" && l.Text.Contains("dbug:", StringComparison.Ordinal)); // Debug and Trace lines were on
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        private IEnumerable<string> HostArguments() => new[]
        {
            $"--SmartBin:Storage:DataDirectory={_data}", "--SmartBin:Seed:DemoFleet=true", "--SmartBin:Seed:DemoBins=2",
            "--SmartBin:Mqtt:Embedded:BindAddress=127.0.0.1", $"--SmartBin:Mqtt:Embedded:Port={_mqttPort}",
            "--SmartBin:Staff:PasswordIterations=1000",
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
            "--Logging:LogLevel:MQTTnet=Trace", "--Logging:LogLevel:System=Trace",
        };

        /// <summary>Runs a gateway verb to completion (stdin text when given); its whole output is checked later.</summary>
        private async Task<ExternalProcess> VerbAsync(string verb, string? stdin, params string[] args)
        {
            var process = ExternalProcess.Start("dotnet", new[] { _dll, verb }.Concat(args).Concat(HostArguments()));
            if (stdin is not null)
            {
                process.WriteInputAndClose(stdin);
            }

            Assert.True(await process.WaitForExitAsync(Timeout), process.Output);
            Assert.True(process.ExitCode == 0, process.Output);
            // Everything but a printed key (the verb's product, its only stdout line) is checked.
            _logs.Add(("verb " + verb, string.Join("\n", process.Lines.Where(l => !KeyPattern().IsMatch(l)))));
            return process;
        }

        /// <summary>The key a verb printed as its only stdout line; the rest of its output is kept for the check.</summary>
        private string StdoutKey(ExternalProcess verb)
        {
            var keys = verb.Lines.Where(l => KeyPattern().IsMatch(l)).ToList();
            Assert.True(keys.Count == 1, verb.Output);
            return keys[0];
        }

        private static async Task<string> IssueSecretAsync(HttpClient http, string binId)
        {
            using var response = await http.PostAsync($"api/admin/v1/bins/{binId}/secret", null);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!;
        }

        private static async Task<HttpResponseMessage> LoginAsync(HttpClient http, string username, string password)
        {
            string page = await http.GetStringAsync("staff/login");
            string token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            return await http.PostAsync("staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["username"] = username, ["password"] = password,
            }));
        }

        /// <summary>What the gateway stores from the secrets: bin and broker hashes with their salts, staff hash and salt, key hashes.</summary>
        private Dictionary<string, string> DerivedValues(string passwordFile)
        {
            var derived = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(passwordFile).Where(l => l.Contains(":$7$", StringComparison.Ordinal)))
            {
                string user = line[..line.IndexOf(':', StringComparison.Ordinal)];
                string[] parts = line[(user.Length + 1)..].Split('$'); // "", "7", iterations, salt, hash
                derived["$7$ salt of " + user] = parts[3];
                derived["$7$ hash of " + user] = parts[4];
            }

            using var db = new SqliteConnection($"Data Source={Path.Combine(_data, "smartbin.db")};Mode=ReadOnly;Pooling=False");
            db.Open();
            string staffHash = Scalar(db, "SELECT password_hash FROM staff_users WHERE username = 'wang.li'");
            string[] staff = staffHash.Split('$'); // pbkdf2-sha256, iterations, salt, hash
            derived["staff password salt"] = staff[2];
            derived["staff password hash"] = staff[3];
            derived["partner key hash"] = Scalar(db, "SELECT key_hash FROM partners WHERE partner_id = 'tea-house'");
            using var command = db.CreateCommand();
            command.CommandText = "SELECT key_hash FROM operators WHERE name = 'alice'";
            byte[] operatorHash = (byte[])command.ExecuteScalar()!;
            derived["operator key hash (hex)"] = Convert.ToHexString(operatorHash);
            derived["operator key hash (base64)"] = Convert.ToBase64String(operatorHash);
            return derived;
        }

        private static string Scalar(SqliteConnection db, string sql)
        {
            using var command = db.CreateCommand();
            command.CommandText = sql;
            return (string)command.ExecuteScalar()!;
        }

        /// <summary>The secret, and for an API key its secret part alone (the key id is public and may be logged).</summary>
        private static IEnumerable<string> Parts(string secret)
        {
            yield return secret;
            if (KeyPattern().IsMatch(secret))
            {
                yield return secret[17..];
            }

            if (secret.All(char.IsAsciiHexDigit) && secret.Length >= 32)
            {
                yield return secret.ToLowerInvariant();
                yield return secret.ToUpperInvariant();
            }
        }

        private static string Around(string text, string part)
        {
            int at = text.IndexOf(part, StringComparison.Ordinal);
            return text.Substring(Math.Max(0, at - 300), Math.Min(text.Length - Math.Max(0, at - 300), 600));
        }

        private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

        private static async Task WaitForAsync(HttpClient http, ExternalProcess gateway)
        {
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(gateway.HasExited, gateway.Output);
                try
                {
                    if ((await http.GetAsync("health/live")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("gateway did not start:\n" + gateway.Output);
        }

        [GeneratedRegex("^sb[kp]_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")]
        private static partial Regex KeyPattern();
    }
}
