using System;
using System.Collections.Generic;
using System.Text;
using SmartBin.Firmware.Core.Console;
using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// A whole bin on the host: the real controller and console over simulated flash and clock, and either
    /// behavioural sensors (a load cell, card reader and distance sensor that answer the core's interfaces directly)
    /// or, at chip level, the real HX711, MFRC522 and ultrasonic drivers over simulated chips driven by the same
    /// physics (<see cref="Chips"/>). Reboots (asked for by the console) rebuild the controller, and at chip level the
    /// drivers, over the same flash and chips, like a restart of the device.
    /// </summary>
    public sealed class VirtualBin : IConsoleOutput
    {
        /// <summary>Control-loop period, ms (the device runs its loop at about this pace).</summary>
        public const int TickMs = 50;

        /// <summary>Firmware version the virtual bins report.</summary>
        public const string FirmwareVersion = "1.0.0-sim";

        private const string StorageDirectory = "smartbin";
        private readonly List<string> _consoleReplies = new();

        private readonly SimulatedCardReader? _reader;

        /// <summary>
        /// Creates a bin; call <see cref="Boot"/> before stepping it. <paramref name="chipLevel"/> puts the real drivers
        /// over simulated chips between the physics and the controller. <paramref name="loadCell"/> replaces the default
        /// load cell (seeded, 2 g noise) when a test needs a known factor or noise.
        /// </summary>
        public VirtualBin(
            IFlashFileSystem flash, IMqttTransport mqtt, int seed, SimulatedClock? clock = null, bool chipLevel = false,
            SimulatedLoadCellOptions? loadCell = null)
        {
            Clock = clock ?? new SimulatedClock();
            Flash = flash;
            Mqtt = mqtt;
            var cell = loadCell ?? new SimulatedLoadCellOptions { Seed = seed, NoiseSigmaGrams = 2.0 };
            LoadCell = new SimulatedLoadCell(Clock, cell);
            Distance = new SimulatedDistanceSensor(1000, seed);
            if (chipLevel)
            {
                Chips = new SimulatedBinChips(Clock, LoadCell, cell.SampleRatePerSecond, Distance, seed);
                Cards = Chips.Field;
            }
            else
            {
                _reader = new SimulatedCardReader();
                Cards = _reader;
            }

            Controller = null!;
            Console = null!;
        }

        /// <summary>Simulated time.</summary>
        public SimulatedClock Clock { get; }

        /// <summary>Simulated flash.</summary>
        public IFlashFileSystem Flash { get; }

        /// <summary>MQTT link.</summary>
        public IMqttTransport Mqtt { get; }

        /// <summary>The load cell under the bin: the true weight, and what the controller reads (behavioural) or the HX711 converts.</summary>
        public SimulatedLoadCell LoadCell { get; }

        /// <summary>Where residents hold their cards, at either level.</summary>
        public ICardField Cards { get; }

        /// <summary>The behavioural card reader (its health and hang switches); at chip level use <see cref="Chips"/>.</summary>
        public SimulatedCardReader Reader => _reader ?? throw new InvalidOperationException("a chip-level bin has no behavioural reader: use Cards or Chips");

        /// <summary>The distance to the bin's contents: what the controller reads (behavioural) or the ultrasonic module measures.</summary>
        public SimulatedDistanceSensor Distance { get; }

        /// <summary>The simulated chips and their drivers at chip level; null for a behavioural bin.</summary>
        public SimulatedBinChips? Chips { get; }

        /// <summary>True when the controller runs over the real drivers and simulated chips.</summary>
        public bool IsChipLevel => Chips is not null;

        /// <summary>Indicator.</summary>
        public RecordingIndicator Indicator { get; } = new();

        /// <summary>Platform facilities.</summary>
        public SimulatedPlatform Platform { get; } = new();

        /// <summary>The controller (replaced at every reboot).</summary>
        public BinController Controller { get; private set; }

        /// <summary>The console (replaced at every reboot).</summary>
        public CommandConsole Console { get; private set; }

        /// <summary>Reboots so far.</summary>
        public int BootCount { get; private set; }

        /// <summary>Raised with each console reply line.</summary>
        public event Action<string>? ConsoleReply;

        /// <summary>Starts (or restarts) the controller over the same flash.</summary>
        public void Boot()
        {
            BinHardware hardware;
            if (Chips is null)
            {
                hardware = new BinHardware(Clock, LoadCell, Reader, Distance, Flash, Mqtt, Indicator, Platform);
            }
            else
            {
                // The device's order: settings from flash, the drivers they configure, then the controller over them.
                var settings = new ConfigStore(Flash, StorageDirectory);
                settings.Load();
                Chips.BuildDrivers(settings);
                hardware = new BinHardware(Clock, Chips.Scale, Chips.Reader, Chips.Distance, Flash, Mqtt, Indicator, Platform);
            }

            Controller = new BinController(hardware, FirmwareVersion, StorageDirectory);
            Console = new CommandConsole(Controller, this);
            Platform.RebootRequested = false;
            BootCount++;
        }

        /// <summary>Runs the control loop for <paramref name="durationMs"/> of simulated time.</summary>
        public void Run(long durationMs)
        {
            for (long t = 0; t < durationMs; t += TickMs)
            {
                Clock.Advance(TickMs);
                Chips?.Pump();
                Controller.Tick();
                if (Platform.RebootRequested)
                {
                    Boot();
                }
            }
        }

        /// <summary>Types a console line and returns the reply lines it produced.</summary>
        public IReadOnlyList<string> Type(string line)
        {
            _consoleReplies.Clear();
            byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
            Console.Feed(bytes, 0, bytes.Length);
            if (Platform.RebootRequested)
            {
                // The controller starts again over the same flash; simulated time carries on, because the
                // simulated chips keep their own timing across a controller restart.
                Boot();
            }

            return _consoleReplies.ToArray();
        }

        /// <summary>Hands an incoming MQTT message to the controller.</summary>
        public void Deliver(string topic, byte[] payload) => Controller.HandleMessage(topic, payload, payload.Length, Console);

        /// <summary>
        /// Provisions and calibrates the bin through its console as an operator would: identity, broker,
        /// empty-bin point, a 10 kg reference, save, reboot.
        /// </summary>
        public void Provision(string binId, string community, string material, string brokerHost, int brokerPort)
        {
            Expect(Type($"backlog set bin.id {binId}; set bin.community {community}; set bin.material {material}; set mqtt.host {brokerHost}; set mqtt.port {brokerPort}; set mqtt.secret sim-{binId}"), 6);
            LoadCell.SetLoadGrams(0);
            Run(2000);
            Expect(Type("calibrate clear"), 1);
            Expect(Type("calibrate 0"), 1);
            LoadCell.SetLoadGrams(10_000);
            Run(2500);
            Expect(Type("calibrate 10000"), 1);
            LoadCell.SetLoadGrams(0);
            Run(2000);
            Expect(Type("calibrate done"), 1);
            Expect(Type("save"), 1);
            Type("reboot");
            Run(2000);
        }

        /// <inheritdoc />
        void IConsoleOutput.WriteLine(byte[] data, int length)
        {
            string line = Encoding.UTF8.GetString(data, 0, length);
            _consoleReplies.Add(line);
            ConsoleReply?.Invoke(line);
        }

        private static void Expect(IReadOnlyList<string> replies, int count)
        {
            foreach (string reply in replies)
            {
                if (reply.StartsWith("error", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("provisioning step failed: " + reply);
                }
            }

            if (replies.Count != count)
            {
                throw new InvalidOperationException($"expected {count} replies, got {replies.Count}");
            }
        }
    }
}
