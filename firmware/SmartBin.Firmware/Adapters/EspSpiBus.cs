using System.Device.Spi;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// <see cref="ISpiBus"/> over nanoFramework's <see cref="SpiDevice"/>: one call per transfer, the driver's own
    /// buffers (byte[] converts to SpanByte without copying), so a read allocates nothing.
    /// </summary>
    public sealed class EspSpiBus : ISpiBus
    {
        /// <summary>MFRC522 clock: well under its 10 MHz maximum, safe on jumper wires and a few cm of cable.</summary>
        public const int ReaderClockHz = 4000000;

        private const int NoChipSelect = -1;
        private const int BitsPerWord = 8;

        private readonly SpiDevice _device;

        private EspSpiBus(SpiDevice device)
        {
            _device = device;
        }

        /// <summary>The MFRC522's bus: SPI1, mode 0, MSB first, chip select by the SPI device (active low).</summary>
        public static EspSpiBus OpenReader(int chipSelectPin)
        {
            var settings = new SpiConnectionSettings(PinSetup.ReaderSpiBus, chipSelectPin);
            settings.ClockFrequency = ReaderClockHz;
            settings.Mode = SpiMode.Mode0;
            settings.DataFlow = DataFlow.MsbFirst;
            settings.DataBitLength = BitsPerWord;
            return new EspSpiBus(SpiDevice.Create(settings));
        }

        /// <summary>
        /// The HX711's bus: SPI2, mode 0, MSB first, 1 MHz (the pulse scheme of Drivers/README.md assumes exactly
        /// this rate), no chip select.
        /// </summary>
        public static EspSpiBus OpenScale()
        {
            var settings = new SpiConnectionSettings(PinSetup.ScaleSpiBus, NoChipSelect);
            settings.ClockFrequency = Hx711.SpiClockHz;
            settings.Mode = SpiMode.Mode0;
            settings.DataFlow = DataFlow.MsbFirst;
            settings.DataBitLength = BitsPerWord;
            return new EspSpiBus(SpiDevice.Create(settings));
        }

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] write, byte[] read)
        {
            _device.TransferFullDuplex(write, read);
        }
    }
}
