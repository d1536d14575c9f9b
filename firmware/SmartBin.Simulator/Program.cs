using System;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Virtual;
using SmartBin.Simulator.Fleet;

namespace SmartBin.Simulator
{
    /// <summary>
    /// smartbin-sim: virtual bins running the real controller logic over MQTT.
    ///   fleet --broker host:port [--bins N] [--speed X] [--seed N] [--duration S] [--max-dropoffs N] [--data DIR]
    ///         [--chip-level] [--long-uids PERCENT] [--visit-gap S]
    ///   bin   --broker host:port [--bin-id ID] [--speed X] [--seed N] [--data DIR] [--chip-level]   (console on stdin/stdout)
    ///   bin   --serial /dev/pts/N [--baud 115200] [--control PORT] [--unprovisioned] [--counts-per-gram X] [--noise-grams X]
    ///         (console on a serial device; control channel on a loopback TCP port; see SingleBin)
    /// --chip-level runs the real HX711, MFRC522 and ultrasonic drivers over simulated chips instead of behavioural sensors.
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Known =
        {
            "broker", "bins", "speed", "seed", "duration", "max-dropoffs", "data", "bin-id", "chip-level", "long-uids", "visit-gap",
            "serial", "baud", "control", "unprovisioned", "counts-per-gram", "noise-grams",
        };
        private static readonly string[] Communities = { "baiyun", "xiahang" };
        private static readonly string[] Materials = { "PET", "HDPE", "PP", "MIXED" };
        private static readonly object ConsoleLock = new();

        private const string Usage = """
            usage: smartbin-sim fleet|bin --broker host:port [options]
              --bins N            fleet: number of bins (default 4)
              --speed X           simulated time runs X times the wall clock (default 1)
              --seed N            seed of the residents and the sensors (default 1)
              --duration S        fleet: stop after S wall seconds
              --max-dropoffs N    fleet: stop after N drop-offs
              --data DIR          keep each bin's flash in DIR/<bin id> (default: in memory)
              --bin-id ID         bin: the bin's id (default baiyun-0001)
              --chip-level        the real HX711, MFRC522 and ultrasonic drivers over simulated chips (bit- and
                                  register-level) instead of behavioural sensors; costs more CPU per bin
              --long-uids PCT     fleet: PCT % of residents carry 7-byte card UIDs (not in the gateway's demo seed)
              --visit-gap S       fleet: mean seconds between visits (default: by hour of day, 60-900 s)
              --serial DEVICE     bin: the console on a serial device (e.g. a pty) instead of stdin/stdout
              --baud N            bin: serial baud rate (default 115200)
              --control PORT      bin: loopback TCP control channel for tests (load, card, reboot, unplug, ...)
              --unprovisioned     bin: start with a fresh flash, as a new controller out of the box
              --counts-per-gram X bin: the simulated load cell's factor (default 115.4)
              --noise-grams X     bin: the simulated load cell's noise, grams (default 2)
            """;

        private static async Task<int> Main(string[] args)
        {
            Options options;
            try
            {
                options = Options.Parse(args, Known);
                if (options.Mode is not ("fleet" or "bin"))
                {
                    throw new ArgumentException("mode must be fleet or bin");
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("smartbin-sim: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            return options.Mode == "fleet" ? await RunFleetAsync(options, stop.Token) : await SingleBin.RunAsync(options, stop.Token);
        }

        internal static void Log(string line)
        {
            lock (ConsoleLock)
            {
                Console.Out.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
                Console.Out.Flush();
            }
        }

        internal static IFlashFileSystem Flash(Options options, string binId)
        {
            string data = options.Text("data", string.Empty);
            return data.Length == 0 ? new InMemoryFlashFileSystem() : new DirectoryFlashFileSystem(Path.Combine(data, binId));
        }

        private static async Task<int> RunFleetAsync(Options options, CancellationToken stop)
        {
            (string host, int port) = options.Broker();
            int binCount = options.Int("bins", 4, 1, 1000);
            int speed = options.Int("speed", 1, 1, 1000);
            int seed = options.Int("seed", 1, 0, ResidentModel.SeedMax);
            int durationS = options.Int("duration", 0, 0, 86_400 * 365);
            int maxDropOffs = options.Int("max-dropoffs", 0, 0, int.MaxValue);
            var binOptions = new BinRunnerOptions
            {
                ChipLevel = options.Flag("chip-level"),
                LongUidPercent = options.Int("long-uids", 0, 0, 100),
                MeanVisitGapMs = options.Int("visit-gap", 0, 0, 86_400) * 1000L,
            };
            string level = binOptions.ChipLevel ? "chip level" : "behavioural";
            Log($"fleet: {binCount} bins ({level}) -> mqtt://{host}:{port}, simulated time x{speed}. Ctrl-C stops.");

            var runners = new List<BinRunner>();
            for (int i = 0; i < binCount; i++)
            {
                string community = Communities[i % Communities.Length];
                string binId = $"{community}-{(i / Communities.Length) + 1:D4}";
                runners.Add(new BinRunner(binId, community, Materials[i % Materials.Length], host, port, seed + i, Flash(options, binId), Log, binOptions));
            }

            var wall = Stopwatch.StartNew();
            TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            long simulatedMs = 0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    foreach (BinRunner runner in runners)
                    {
                        runner.Tick();
                    }

                    simulatedMs += VirtualBin.TickMs;
                    int sent = runners.Sum(r => r.Transport.DropOffsSent);
                    if ((durationS > 0 && wall.Elapsed.TotalSeconds >= durationS) || (maxDropOffs > 0 && sent >= maxDropOffs))
                    {
                        break;
                    }

                    long aheadMs = (simulatedMs / speed) - wall.ElapsedMilliseconds;
                    if (aheadMs > 0)
                    {
                        await Task.Delay((int)aheadMs, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                    }
                }
            }
            finally
            {
                Log($"stopping: {runners.Sum(r => r.Transport.DropOffsSent)} drop-offs sent in {simulatedMs / 1000} simulated seconds");
                LogSummary(runners, level, wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart, simulatedMs);
                foreach (BinRunner runner in runners)
                {
                    try
                    {
                        await runner.DisposeAsync();
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        Log($"{runner.BinId}: MQTT did not close cleanly: {e.Message}");
                    }
                }
            }

            return 0;
        }

        // Throughput and CPU (the chip-level HX711 is simulated bit by bit), and each bin's drop-offs against the
        // visits that made them.
        private static void LogSummary(List<BinRunner> runners, string level, TimeSpan wall, TimeSpan cpu, long simulatedMs)
        {
            int sent = runners.Sum(r => r.Transport.DropOffsSent);
            double wallS = Math.Max(wall.TotalSeconds, 0.001);
            Log($"summary: {runners.Count} bins ({level}): {sent} drop-offs in {wallS:F1} s wall = {sent / wallS:F2} drop-offs/s; " +
                $"simulated time x{simulatedMs / 1000.0 / wallS:F1}; CPU {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / wallS * 100:F0} % of one core), " +
                $"{cpu.TotalMilliseconds / Math.Max(1, sent):F1} ms per drop-off");
            var truth = runners.Select(r => r.CompareWithTruth()).ToList();
            Log($"ground truth: {truth.Sum(t => t.Matched.Count)} drop-offs match their visit's card and net (1 e), " +
                $"{truth.Sum(t => t.Missing.Count)} missing or wrong, {truth.Sum(t => t.Unexpected.Count)} unexpected, " +
                $"{truth.Sum(t => t.Pending)} visits under way");
            foreach ((BinRunner runner, TruthComparison t) in runners.Zip(truth))
            {
                foreach (var (expected, got) in t.Missing.Take(3))
                {
                    Log($"ground truth: {runner.BinId} expected {expected}, got {got?.ToString() ?? "nothing"}");
                }
            }
        }
    }
}
