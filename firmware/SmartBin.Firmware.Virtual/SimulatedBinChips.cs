using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// A bin's three sensor chips on the host, behind the real drivers: an HX711 whose channel A is the load cell's
    /// bridge signal (the same physics, so a test still knows the true weight), an MFRC522 with an RF field for cards,
    /// and a UART ultrasonic module aimed at the bin's contents. The chips live as long as the bin; the drivers are
    /// built again at every boot, as the device's Program does: from the stored settings, before the controller.
    /// </summary>
    public sealed class SimulatedBinChips
    {
        /// <summary>Bytes the adapter takes from COM3 per loop pass (a 50 ms pass receives about 48).</summary>
        public const int UartReadBytes = 64;

        private readonly SimulatedClock _clock;
        private readonly SimulatedLoadCell _loadCell;
        private readonly byte[] _uart = new byte[UartReadBytes];
        private bool _cellUnplugged;

        /// <summary>Creates the chips over the bin's physics; call <see cref="BuildDrivers"/> before use.</summary>
        public SimulatedBinChips(SimulatedClock clock, SimulatedLoadCell loadCell, int cellSamplesPerSecond, SimulatedDistanceSensor contents, int seed)
        {
            System.ArgumentNullException.ThrowIfNull(loadCell);
            _clock = clock;
            _loadCell = loadCell;
            Hx711Chip = new SimulatedHx711Chip(clock, cellSamplesPerSecond, Hx711.SpiClockHz, seed);
            Hx711Chip.ChannelASource = ChannelAMillivoltsAt;
            Mfrc522Chip = new SimulatedMfrc522Chip(clock);
            Field = new SimulatedRfidField(Mfrc522Chip);
            Ultrasonic = new SimulatedUltrasonicModule(clock, contents, seed);
            Scale = null!;
            Reader = null!;
            Distance = null!;
        }

        /// <summary>The HX711 on the load cell (its RATE pin fixed at construction).</summary>
        public SimulatedHx711Chip Hx711Chip { get; }

        /// <summary>The MFRC522 behind the lid.</summary>
        public SimulatedMfrc522Chip Mfrc522Chip { get; }

        /// <summary>Where residents hold their cards: a fresh ISO 14443 card in the MFRC522's field per tap.</summary>
        public SimulatedRfidField Field { get; }

        /// <summary>The ultrasonic module on COM3.</summary>
        public SimulatedUltrasonicModule Ultrasonic { get; }

        /// <summary>The HX711 driver of the current boot.</summary>
        public Hx711 Scale { get; private set; }

        /// <summary>The MFRC522 driver of the current boot.</summary>
        public Mfrc522 Reader { get; private set; }

        /// <summary>The ultrasonic frame parser of the current boot.</summary>
        public UltrasonicFrameParser Distance { get; private set; }

        /// <summary>
        /// Builds the drivers from the settings in flash, as the device does at boot before it creates the controller.
        /// Pins choose GPIOs, which the host does not have; the HX711 rate is the one the weighing pipeline uses,
        /// taken to the chip's nearest RATE setting (10 or 80 SPS).
        /// </summary>
        public void BuildDrivers(ConfigStore config)
        {
            System.ArgumentNullException.ThrowIfNull(config);
            int samplesPerSecond = ControllerSettings.Weighing(config).SampleRatePerSecond >= 80 ? 80 : 10;
            Scale = new Hx711(Hx711Chip, _clock, samplesPerSecond, Hx711Gain.ChannelA128);
            Reader = new Mfrc522(Mfrc522Chip, Mfrc522Chip.ResetPin, _clock);
            Distance = new UltrasonicFrameParser();
        }

        /// <summary>
        /// The device loop's work outside the controller, once per pass before its tick: COM3's bytes into the parser,
        /// and the load cell's cable state onto the HX711's DOUT line (pulled high when unplugged).
        /// </summary>
        public void Pump()
        {
            if (_loadCell.IsUnplugged != _cellUnplugged)
            {
                _cellUnplugged = _loadCell.IsUnplugged;
                Hx711Chip.Fault = _cellUnplugged ? Hx711LineFault.DoutStuckHigh : Hx711LineFault.None;
            }

            int count = Ultrasonic.Read(_uart, 0, _uart.Length);
            Distance.Feed(_uart, count);
        }

        private double ChannelAMillivoltsAt(long chipNs) =>
            SimulatedHx711Chip.MillivoltsForCounts(_loadCell.AnalogCountsAt(chipNs / 1_000_000), Hx711Chip.AvddMillivolts);
    }
}
