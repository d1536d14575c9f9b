using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;
using SmartBin.Integration.Tests.Fixtures;
using SmartBin.Integration.Tests.Mqtt;
using Xunit;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// The real gateway (demo fleet of 4 bins) for the attack tests, with a monitor account, an honest bin
    /// (baiyun-0002, PP) that keeps being served during each attack, and the attacker's stolen credentials of
    /// baiyun-0001 (PET). Tests assert deltas of counters, so they share one gateway.
    /// </summary>
    public sealed class AttackGateway : IAsyncLifetime
    {
        public const string Monitor = "ops.monitor";
        public const string MonitorPassword = "monitor-secret-1";
        public const string Attacker = "baiyun-0001";
        public const string AttackerSecret = "sim-baiyun-0001";
        public const string Victim = "xiahang-0001";
        public const string HonestId = "baiyun-0002";

        private InProcessGateway? _gateway;
        private TestBin? _honest;

        public InProcessGateway Gateway => _gateway ?? throw new InvalidOperationException("not started");

        public TestBin Honest => _honest ?? throw new InvalidOperationException("not started");

        /// <summary>The honest bin's residents' cards (demo bin index 2).</summary>
        public IReadOnlyList<string> HonestCards { get; } = Enumerable.Range(0, 40).Select(i => InProcessGateway.DemoCard(2, i)).ToArray();

        public int Port => Gateway.MqttPort;

        public GatewayMetrics Metrics => Gateway.Services.GetRequiredService<GatewayMetrics>();

        public IGatewayReadModel Store => Gateway.Services.GetRequiredService<IGatewayReadModel>();

        public static string Topic(string binId, string leaf) => "smartbin/v1/" + binId + "/" + leaf;

        public async Task InitializeAsync()
        {
            _gateway = await InProcessGateway.StartAsync(demoBins: 4, new Dictionary<string, string?>
            {
                ["SmartBin:Mqtt:Embedded:Monitors:0:Username"] = Monitor,
                ["SmartBin:Mqtt:Embedded:Monitors:0:Password"] = MonitorPassword,
            });
            _honest = await TestBin.ConnectAsync(Port, HonestId, "PP");
        }

        public async Task DisposeAsync()
        {
            if (_honest is not null)
            {
                await _honest.DisposeAsync();
            }

            if (_gateway is not null)
            {
                await _gateway.DisposeAsync();
            }
        }

        public double Metric(string name, params (string, string)[] labels) => Metrics.Value(name, labels);

        /// <summary>A monitor's mosquitto_sub on a bin's acks (returns once subscribed).</summary>
        public Task<ExternalProcess> WatchAcksAsync(string binId) =>
            MosquittoClients.SubscribeAsync(Port, Monitor, MonitorPassword, Topic(binId, "ack"));

        /// <summary>Waits for the ack naming <paramref name="seq"/> on a watcher; null when none came in <paramref name="timeoutS"/>.</summary>
        public static async Task<JsonElement?> AckAsync(ExternalProcess watcher, long seq, int timeoutS = 20)
        {
            JsonElement? found = null;
            await watcher.WaitForAsync(lines => (found = Find(lines, seq)) is not null, TimeSpan.FromSeconds(timeoutS));
            return found;
        }

        /// <summary>Every ack naming <paramref name="seq"/> seen so far.</summary>
        public static IReadOnlyList<JsonElement> Acks(ExternalProcess watcher, long seq) =>
            watcher.Lines.Select(Payload).Where(a => a is { } e && e.GetProperty("seq").GetInt64() == seq).Select(a => a!.Value).ToArray();

        /// <summary>Rows of <c>rejected_messages</c> (reason, seq, detail) for a bin, read from the gateway's SQLite file.</summary>
        public IReadOnlyList<(string Reason, long Seq, string Detail)> RejectedMessages(string binId)
        {
            var rows = new List<(string, long, string)>();
            using var connection = new SqliteConnection($"Data Source={System.IO.Path.Combine(Gateway.DataDirectory, "smartbin.db")};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT reason, seq, detail FROM rejected_messages WHERE bin_id = $b ORDER BY id";
            command.Parameters.AddWithValue("$b", binId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }

            return rows;
        }

        private static JsonElement? Find(IReadOnlyList<string> lines, long seq) =>
            lines.Select(Payload).LastOrDefault(a => a is { } e && e.GetProperty("seq").GetInt64() == seq);

        private static JsonElement? Payload(string line)
        {
            int brace = line.IndexOf(" {", StringComparison.Ordinal);
            if (!line.StartsWith("smartbin/", StringComparison.Ordinal) || brace < 0)
            {
                return null;
            }

            return JsonDocument.Parse(line[(brace + 1)..]).RootElement.Clone();
        }
    }
}
