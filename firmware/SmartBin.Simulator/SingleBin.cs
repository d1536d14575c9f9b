using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Firmware.Virtual;
using SmartBin.Simulator.Fleet;
using SmartBin.Simulator.Serial;

namespace SmartBin.Simulator
{
    /// <summary>
    /// One interactive bin. Its console (docs/console.md) is either standard input/output, where lines starting with
    /// <c>!</c> act on the simulated hardware (<c>!tap UID</c>, <c>!untap</c>, <c>!drop GRAMS</c>, <c>!take GRAMS</c>,
    /// <c>!empty</c>, <c>!unplug</c>, <c>!plug</c>), or a serial device (<c>--serial</c>, a pty in tests) with a
    /// loopback TCP control channel (<c>--control PORT</c>, <see cref="ControlCommands"/>) standing in for the hands
    /// of the operator. The bin connects to the broker from its own saved settings; <c>--unprovisioned</c> starts it
    /// with a fresh flash, without the demo identity.
    /// </summary>
    internal static class SingleBin
    {
        public static async Task<int> RunAsync(Options options, CancellationToken stop)
        {
            (string host, int port) = options.Broker();
            string binId = options.Text("bin-id", "baiyun-0001");
            int speed = options.Int("speed", 1, 1, 1000);
            int seed = options.Int("seed", 1, 0, ResidentModel.SeedMax);
            string serialPath = options.Text("serial", string.Empty);
            SimulatedLoadCellOptions loadCell = new()
            {
                Seed = seed,
                CountsPerGram = options.Number("counts-per-gram", 115.4, 1, 10_000),
                NoiseSigmaGrams = options.Number("noise-grams", 2.0, 0, 1000),
            };

            using SerialConsolePort? serialPort = serialPath.Length > 0 ? new SerialConsolePort(serialPath, options.Int("baud", 115200, 300, 4_000_000), Program.Log) : null;
            Action<string> consoleOut = serialPort is null ? WriteStdout : serialPort.WriteLine;
            await using var bin = new ConsoleBin(Program.Flash(options, binId), seed, loadCell, options.Flag("chip-level"), Program.Log, consoleOut);
            SerialSession? serial = serialPort is null ? null : new SerialSession(serialPort, bin);
            using ControlServer? control = options.Flag("control") ? new ControlServer(options.Int("control", 0, 0, 65535), Program.Log) : null;
            await bin.StartAsync(options.Flag("unprovisioned") ? null : binId, host, port);
            ConcurrentQueue<string>? stdin = serial is null ? StartStdinReader() : null;
            Program.Log(serial is null
                ? $"bin ready: type console commands (help), or !tap UID, !drop GRAMS, !take GRAMS, !empty, !untap"
                : $"bin ready: console on {serialPath}");

            var wall = Stopwatch.StartNew();
            long simulatedMs = 0;
            while (!stop.IsCancellationRequested)
            {
                // One stdin line per tick, so that scripted input (!tap then !untap) gives the bin time to see each step.
                if (stdin is not null && stdin.TryDequeue(out string? line))
                {
                    if (line == "!quit")
                    {
                        return 0;
                    }

                    await HandleStdinLineAsync(bin, line);
                }

                while (control is not null && control.TryTake(out ControlRequest? request) && request is not null)
                {
                    request.Reply.SetResult(await ControlCommands.RunAsync(request.Line, bin, serial));
                }

                if (serial is not null)
                {
                    await serial.PumpAsync();
                }

                await bin.TickAsync();
                simulatedMs += VirtualBin.TickMs;
                long aheadMs = (simulatedMs / speed) - wall.ElapsedMilliseconds;
                if (aheadMs > 0)
                {
                    await Task.Delay((int)aheadMs, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }

            return 0;
        }

        private static void WriteStdout(string reply)
        {
            Console.Out.WriteLine(reply);
            Console.Out.Flush();
        }

        private static ConcurrentQueue<string> StartStdinReader()
        {
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
            return lines;
        }

        private static async Task HandleStdinLineAsync(ConsoleBin consoleBin, string line)
        {
            VirtualBin bin = consoleBin.Bin;
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || !line.StartsWith('!'))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
                await consoleBin.FeedAsync(bytes, bytes.Length);
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
