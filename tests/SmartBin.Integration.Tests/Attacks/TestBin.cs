using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>One ack as the bin received it, with the time from publish to ack.</summary>
    public sealed record Ack(long Seq, string Result, string Reason, long Points, TimeSpan Latency);

    /// <summary>
    /// A well-behaved bin as an MQTTnet 5 client (client id = user = bin id, subscribed to its own ack): publishes
    /// valid drop-offs and waits for their acks. Also the "honest bin" whose service an attack must not interrupt.
    /// </summary>
    public sealed class TestBin : IAsyncDisposable
    {
        /// <summary>Net grams of each honest drop-off (3 points of PP; a card reaches the 10 kg cap after 200).</summary>
        public const int HonestGrams = 50;

        private const int HonestPauseMs = 25;
        private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(20);
        private readonly IMqttClient _client;
        private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
        private long _nextSeq;
        private long _served;

        private TestBin(IMqttClient client, string binId, string material, long firstSeq)
        {
            _client = client;
            BinId = binId;
            Material = material;
            _nextSeq = firstSeq;
            client.ApplicationMessageReceivedAsync += e =>
            {
                var ack = JsonDocument.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray())).RootElement.Clone();
                if (_pending.TryRemove(ack.GetProperty("seq").GetInt64(), out var waiting))
                {
                    waiting.TrySetResult(ack);
                }

                return Task.CompletedTask;
            };
        }

        public string BinId { get; }

        public string Material { get; }

        /// <summary>Acks received so far.</summary>
        public long Served => Interlocked.Read(ref _served);

        /// <summary>Connects and subscribes to the bin's ack; <paramref name="localAddress"/> picks the source address.</summary>
        public static async Task<TestBin> ConnectAsync(int port, string binId, string material, long firstSeq = 1, string secret = "", string localAddress = "127.0.0.1")
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var options = new MqttClientOptionsBuilder()
                .WithEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(binId)
                .WithCredentials(binId, secret.Length > 0 ? secret : "sim-" + binId)
                .WithTimeout(TimeSpan.FromSeconds(10))
                .Build();
            // The source address: the flood test's attacker and honest bins come from different loopback addresses.
            ((MqttClientTcpOptions)options.ChannelOptions).LocalEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(localAddress), 0);
            var result = await client.ConnectAsync(options);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                client.Dispose();
                throw new InvalidOperationException($"{binId} was refused: {result.ResultCode}");
            }

            var bin = new TestBin(client, binId, material, firstSeq);
            await client.SubscribeAsync("smartbin/v1/" + binId + "/ack", MqttQualityOfServiceLevel.AtLeastOnce);
            return bin;
        }

        /// <summary>The next unused sequence number (and reserves it).</summary>
        public long TakeSeq() => Interlocked.Increment(ref _nextSeq) - 1;

        /// <summary>Publishes a drop-off and waits for its ack.</summary>
        public async Task<Ack> DropOffAsync(string card, int netGrams, long? seq = null, DateTime? endUtc = null, string? material = null)
        {
            long s = seq ?? TakeSeq();
            return await PublishAndWaitAsync(s, DropOffJson(BinId, s, card, material ?? Material, netGrams, endUtc ?? DateTime.UtcNow.AddSeconds(-5)));
        }

        /// <summary>Publishes <paramref name="payload"/> (naming <paramref name="seq"/>) to the bin's dropoff and waits for its ack.</summary>
        public async Task<Ack> PublishAndWaitAsync(long seq, string payload)
        {
            var waiting = _pending.GetOrAdd(seq, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
            var clock = Stopwatch.StartNew();
            await _client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic("smartbin/v1/" + BinId + "/dropoff")
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
            JsonElement ack = await waiting.Task.WaitAsync(AckTimeout);
            Interlocked.Increment(ref _served);
            return new Ack(seq, ack.GetProperty("result").GetString()!, ack.GetProperty("reason").GetString()!,
                ack.GetProperty("points").GetInt64(), clock.Elapsed);
        }

        /// <summary>
        /// Drops off small amounts with its residents' cards, one after another, until <paramref name="stop"/> is
        /// cancelled; returns every ack.
        /// </summary>
        public async Task<IReadOnlyList<Ack>> KeepDroppingOffAsync(IReadOnlyList<string> cards, CancellationToken stop)
        {
            var acks = new List<Ack>();
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                acks.Add(await DropOffAsync(cards[i % cards.Count], HonestGrams));
                try
                {
                    // Paced like a busy collection point (not a load test): keeps every card far below its daily caps.
                    await Task.Delay(HonestPauseMs, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return acks;
        }

        public static string DropOffJson(string binId, long seq, string card, string material, int netGrams, DateTime endUtc, int grossBefore = 12_480)
        {
            string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            string s = seq.ToString(CultureInfo.InvariantCulture);
            return "{\"v\":1,\"id\":\"" + binId + ":" + s + "\",\"seq\":" + s + ",\"card\":\"" + card + "\"," +
                   "\"start\":\"" + Time(endUtc.AddSeconds(-29)) + "\",\"end\":\"" + Time(endUtc) + "\"," +
                   "\"grossBeforeG\":" + grossBefore + ",\"grossAfterG\":" + (grossBefore + netGrams) + ",\"netG\":" + netGrams +
                   ",\"items\":3,\"material\":\"" + material + "\",\"flags\":0,\"calVersion\":2,\"fw\":\"1.0.0\"}";
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Already disconnected (e.g. by the broker): nothing to close.
            }

            _client.Dispose();
        }
    }

    /// <summary>The honest bin's service before and during an attack: every ack credited, and it kept being served.</summary>
    public sealed record ServiceWindow(IReadOnlyList<Ack> Before, IReadOnlyList<Ack> During)
    {
        public static double Median(IReadOnlyList<Ack> acks) =>
            acks.Count == 0 ? double.NaN : acks.Select(a => a.Latency.TotalMilliseconds).OrderBy(x => x).ElementAt(acks.Count / 2);

        public static double Max(IReadOnlyList<Ack> acks) => acks.Count == 0 ? double.NaN : acks.Max(a => a.Latency.TotalMilliseconds);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"honest bin: before {Before.Count} acks, median {Median(Before):F1} ms, max {Max(Before):F1} ms; " +
            $"during {During.Count} acks, median {Median(During):F1} ms, max {Max(During):F1} ms");

        /// <summary>Runs <paramref name="attack"/> while the honest bin keeps dropping off; measures a baseline first.</summary>
        public static async Task<ServiceWindow> AroundAsync(TestBin honest, IReadOnlyList<string> cards, Func<Task> attack)
        {
            var before = new List<Ack>();
            for (int i = 0; i < 5; i++)
            {
                before.Add(await honest.DropOffAsync(cards[i % cards.Count], TestBin.HonestGrams));
            }

            long servedBefore = honest.Served;

            using var stop = new CancellationTokenSource();
            Task<IReadOnlyList<Ack>> during = Task.Run(() => honest.KeepDroppingOffAsync(cards, stop.Token));
            try
            {
                await attack();
            }
            finally
            {
                // At least three honest drop-offs during the window, and two acked after the attack returned: the
                // second was published after it, so anything the attack got into the ingest queue is committed by then.
                long servedAtEnd = honest.Served;
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (!during.IsCompleted && DateTime.UtcNow < deadline &&
                       (honest.Served - servedBefore < 3 || honest.Served - servedAtEnd < 2))
                {
                    await Task.Delay(20);
                }

                stop.Cancel();
            }

            return new ServiceWindow(before, await during);
        }
    }

}
