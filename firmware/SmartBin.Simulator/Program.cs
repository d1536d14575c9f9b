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
    ///   bin   --broker host:port [--bin-id ID] [--speed X] [--seed N] [--data DIR]   (console on stdin/stdout)
    ///   bin   --serial /dev/pts/N [--baud 115200] [--control PORT] [--unprovisioned] [--counts-per-gram X] [--noise-grams X]
    ///         (console on a serial device; control channel on a loopback TCP port; see SingleBin)
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Known = { "broker", "bins", "speed", "seed", "duration", "max-dropoffs", "data", "bin-id", "serial", "baud", "control", "unprovisioned", "counts-per-gram", "noise-grams" };
        private static readonly string[] Communities = { "baiyun", "xiahang" };
        private static readonly string[] Materials = { "PET", "HDPE", "PP", "MIXED" };
        private static readonly object ConsoleLock = new();

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
                Console.Error.WriteLine("usage: smartbin-sim fleet|bin --broker host:port [--bins N] [--speed X] [--seed N] [--duration S] [--max-dropoffs N] [--data DIR] [--bin-id ID]");
                Console.Error.WriteLine("       smartbin-sim bin --serial DEVICE [--baud 115200] [--control PORT] [--unprovisioned] [--counts-per-gram X] [--noise-grams X] [--broker host:port] [--bin-id ID] [--speed X] [--seed N] [--data DIR]");
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
            Log($"fleet: {binCount} bins -> mqtt://{host}:{port}, simulated time x{speed}. Ctrl-C stops.");

            var runners = new List<BinRunner>();
            for (int i = 0; i < binCount; i++)
            {
                string community = Communities[i % Communities.Length];
                string binId = $"{community}-{(i / Communities.Length) + 1:D4}";
                runners.Add(new BinRunner(binId, community, Materials[i % Materials.Length], host, port, seed + i, Flash(options, binId), Log));
            }

            var wall = Stopwatch.StartNew();
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
                foreach (BinRunner runner in runners)
                {
                    await runner.DisposeAsync();
                }
            }

            return 0;
        }
    }
}
