using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Virtual;
using SmartBin.Gateway.Storage;
using SmartBin.Integration.Tests.Fixtures;
using SmartBin.Simulator.Fleet;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.EndToEnd
{
    /// <summary>
    /// Issue 4's acceptance: the simulator in chip-level mode (the real HX711, MFRC522 and ultrasonic drivers over
    /// simulated chips) completes 1,000 drop-offs, and the gateway books each one exactly once with the card the
    /// resident held and the weight they put in. Bins run unpaced in simulated time against the in-process gateway.
    /// </summary>
    public sealed class ChipLevelFleetTests
    {
        private const int Bins = 8;
        private const int Seed = 1;
        private const int DropOffsWanted = 1000;
        private const int LongUidPercent = 25;
        private const long MeanVisitGapMs = 8_000;
        private const int TicksPerBatch = 40;
        private const int NoCapGrams = 10_000_000;
        private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);
        private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(30);
        private readonly ITestOutputHelper _output;

        public ChipLevelFleetTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task A_chip_level_fleet_makes_1000_drop_offs_that_the_gateway_books_once_each_with_the_true_card_and_net()
        {
            await using var gateway = await InProcessGateway.StartAsync(demoBins: Bins, NoCaps());
            IReadOnlyList<DemoBin> demo = StorageSeeds.DemoFleet(Bins, Seed);
            RegisterLongUidCards(gateway.Services.GetRequiredService<SqliteGatewayStore>(), demo);
            var log = new ConcurrentQueue<string>();
            var options = new BinRunnerOptions { ChipLevel = true, LongUidPercent = LongUidPercent, MeanVisitGapMs = MeanVisitGapMs };
            var runners = demo.Select((bin, i) => new BinRunner(bin.BinId, bin.CommunityId, bin.Material, "127.0.0.1", gateway.MqttPort,
                Seed + i, new InMemoryFlashFileSystem(), line => Keep(log, line), options)).ToList();
            try
            {
                var connecting = Stopwatch.StartNew();
                while (!runners.All(r => r.Transport.IsConnected) && connecting.Elapsed < ConnectLimit)
                {
                    await Task.Delay(50);
                }

                var wall = Stopwatch.StartNew();
                bool enough = await RunUntil(runners, () => runners.Sum(r => r.Transport.DropOffsSent) >= DropOffsWanted, RunLimit);
                double runS = wall.Elapsed.TotalSeconds;
                runners.ForEach(r => r.ResidentsActive = false);
                bool drained = await RunUntil(runners, () => runners.All(r => !r.IsBusy && r.Bin.Controller.Outbox.Count == 0), DrainLimit);
                _output.WriteLine($"{runners.Sum(r => r.Transport.DropOffsSent)} drop-offs in {runS:F1} s, drained after {wall.Elapsed.TotalSeconds:F1} s wall");
                Assert.True(enough && drained, $"enough={enough} drained={drained}; last lines:\n{string.Join('\n', log)}");

                var store = gateway.Services.GetRequiredService<IGatewayReadModel>();
                int credited = 0;
                foreach (BinRunner runner in runners)
                {
                    credited += CheckBin(runner, store.RecentDropOffs(100_000, runner.BinId));
                }

                _output.WriteLine($"{credited} credited");
                Assert.True(credited >= DropOffsWanted / 2, $"only {credited} drop-offs credited");
            }
            finally
            {
                foreach (BinRunner runner in runners)
                {
                    await runner.DisposeAsync();
                }
            }
        }

        // Visits ↔ drop-offs the bin sent ↔ rows the gateway committed, one by one. Returns the credited count.
        private int CheckBin(BinRunner runner, IReadOnlyList<DropOffRow> rows)
        {
            TruthComparison truth = runner.CompareWithTruth();
            Assert.True(truth.IsExact, $"{runner.BinId}: missing {string.Join("; ", truth.Missing)}; unexpected {string.Join("; ", truth.Unexpected)}");
            Assert.Equal(0, truth.Pending);
            Assert.Contains(truth.Matched, m => m.Sent.CardUid.Length == 14);

            IReadOnlyList<SentDropOff> sent = runner.Transport.DropOffs;
            Assert.Equal(sent.Count, rows.Count);
            Assert.Equal(rows.Count, rows.Select(r => r.Seq).Distinct().Count());
            var rowBySeq = rows.ToDictionary(r => r.Seq);
            foreach (SentDropOff s in sent)
            {
                Assert.True(rowBySeq.TryGetValue(s.Seq, out DropOffRow? row), $"{runner.BinId}:{s.Seq} never reached the ledger");
                Assert.Equal((runner.BinId, s.CardUid, s.NetGrams), (row!.BinId, row.CardUid, row.NetGrams));
            }

            int credited = 0;
            foreach ((ExpectedDropOff expected, SentDropOff s) in truth.Matched)
            {
                string outcome = rowBySeq[s.Seq].Outcome;
                bool clean = (s.Flags & (DropOffFlags.Unsettled | DropOffFlags.TamperSeen)) == 0;
                bool creditable = expected.Kind == VisitKind.Normal && clean;
                Assert.True(creditable == (outcome == "credited"), $"{runner.BinId}:{s.Seq} {expected.Kind} flags {s.Flags} is {outcome}");
                credited += creditable ? 1 : 0;
            }

            return credited;
        }

        // Every worker steps its bins a batch of ticks at a time, as fast as the CPU allows: simulated time runs free.
        // Between batches the thread pool is handed back, so the bins' MQTT clients and the gateway in this process run.
        private static async Task<bool> RunUntil(List<BinRunner> runners, Func<bool> done, TimeSpan limit)
        {
            var wall = Stopwatch.StartNew();
            while (!done())
            {
                if (wall.Elapsed > limit)
                {
                    return false;
                }

                Parallel.ForEach(runners, runner =>
                {
                    for (int tick = 0; tick < TicksPerBatch; tick++)
                    {
                        runner.Tick();
                    }
                });
                await Task.Delay(1);
            }

            return true;
        }

        // The demo seed registers the residents' 4-byte cards; the 7-byte ones are registered to the same households.
        private static void RegisterLongUidCards(SqliteGatewayStore store, IReadOnlyList<DemoBin> demo)
        {
            for (int i = 0; i < demo.Count; i++)
            {
                var residents = new ResidentModel(Seed + i, demo[i].Material, StorageSeeds.DemoResidentsPerBin, LongUidPercent);
                for (int index = 0; index < residents.Cards.Count; index++)
                {
                    if (residents.Cards[index].Length == 14)
                    {
                        CardRegistrationResult result = store.RegisterCard(residents.Cards[index], demo[i].HouseholdId(index));
                        Assert.True(result.Ok, result.Reason);
                    }
                }
            }
        }

        // Caps and plausibility limits hold drop-offs for staff; lifted here so that every clean card drop-off is credited.
        private static Dictionary<string, string?> NoCaps()
        {
            var settings = new Dictionary<string, string?>
            {
                ["SmartBin:Crediting:DailyCapGrams"] = NoCapGrams.ToString(),
                ["SmartBin:Crediting:DailyCapPoints"] = NoCapGrams.ToString(),
            };
            foreach (string material in new[] { "PET", "HDPE", "PP", "MIXED" })
            {
                settings["SmartBin:Crediting:MaxGramsPerDrop:" + material] = NoCapGrams.ToString();
            }

            return settings;
        }

        private static void Keep(ConcurrentQueue<string> log, string line)
        {
            log.Enqueue(line);
            while (log.Count > 40 && log.TryDequeue(out _))
            {
            }
        }
    }
}
