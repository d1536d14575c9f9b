using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Firmware.Virtual;
using SmartBin.Simulator.Fleet;

namespace SmartBin.Simulator
{
    /// <summary>
    /// One interactive bin: standard input is its serial console (docs/console.md), and lines starting with
    /// <c>!</c> act on the simulated hardware: <c>!tap UID</c>, <c>!untap</c>, <c>!drop GRAMS</c>, <c>!take GRAMS</c>,
    /// <c>!empty</c>, <c>!unplug</c>, <c>!plug</c>. Replies go to standard output, one line each.
    /// </summary>
    internal static class SingleBin
    {
        public static async Task<int> RunAsync(Options options, CancellationToken stop)
        {
            (string host, int port) = options.Broker();
            string binId = options.Text("bin-id", "baiyun-0001");
            int speed = options.Int("speed", 1, 1, 1000);
            var runner = new BinRunnerForConsole(binId, host, port, options.Int("seed", 1, 0, ResidentModel.SeedMax), Program.Flash(options, binId), options.Flag("chip-level"));
            var lines = new ConcurrentQueue<string>();
            _ = Task.Run(() =>
            {
                string? line;
                while ((line = Console.In.ReadLine()) is not null)
                {
                    lines.Enqueue(line);
                }

                lines.Enqueue("!quit");
            }, CancellationToken.None);

            Program.Log($"bin {binId} ready: type console commands (help), or !tap UID, !drop GRAMS, !take GRAMS, !empty, !untap");
            var wall = Stopwatch.StartNew();
            long simulatedMs = 0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    // One line per tick, so that scripted input (!tap then !untap) gives the bin time to see each step.
                    if (lines.TryDequeue(out string? line))
                    {
                        if (line == "!quit")
                        {
                            return 0;
                        }

                        runner.Handle(line);
                    }

                    runner.Runner.Tick();
                    simulatedMs += VirtualBin.TickMs;
                    long aheadMs = (simulatedMs / speed) - wall.ElapsedMilliseconds;
                    if (aheadMs > 0)
                    {
                        await Task.Delay((int)aheadMs, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                    }
                }
            }
            finally
            {
                await runner.Runner.DisposeAsync();
            }

            return 0;
        }

        /// <summary>A fleet bin whose residents stay home: the person at the keyboard is the resident.</summary>
        private sealed class BinRunnerForConsole
        {
            public BinRunnerForConsole(string binId, string host, int port, int seed, SmartBin.Firmware.Core.Hal.IFlashFileSystem flash, bool chipLevel)
            {
                var options = new BinRunnerOptions { ChipLevel = chipLevel, ResidentsActive = false };
                Runner = new BinRunner(binId, binId.Split('-')[0], "PET", host, port, seed, flash, Program.Log, options);
                Runner.Bin.ConsoleReply += reply =>
                {
                    Console.Out.WriteLine(reply);
                    Console.Out.Flush();
                };
            }

            public BinRunner Runner { get; }

            public void Handle(string line)
            {
                VirtualBin bin = Runner.Bin;
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0 || !line.StartsWith('!'))
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
                    bin.Console.Feed(bytes, 0, bytes.Length);
                    return;
                }

                int grams = words.Length > 1 && int.TryParse(words[1], out int g) ? g : 0;
                switch (words[0])
                {
                    case "!tap" when words.Length > 1: bin.Cards.Present(words[1]); break;
                    case "!untap": bin.Cards.Remove(); break;
                    case "!drop": bin.LoadCell.AddLoadGrams(grams); break;
                    case "!take": bin.LoadCell.AddLoadGrams(-grams); break;
                    case "!empty": bin.LoadCell.SetLoadGrams(0); bin.Distance.Empty(); break;
                    case "!unplug": bin.LoadCell.Unplug(); break;
                    case "!plug": bin.LoadCell.PlugIn(); break;
                    default: Console.Out.WriteLine("error sim-command !tap UID | !untap | !drop G | !take G | !empty | !unplug | !plug"); break;
                }
            }
        }
    }
}
