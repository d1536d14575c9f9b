using nanoFramework.Hardware.Esp32;
using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// Routes the ESP32's SPI and UART peripherals to the GPIOs named in the config (pins.*), once at boot and
    /// before any bus or port is opened: the ESP32 GPIO matrix lets any output-capable pin carry these signals.
    /// COM1 (GPIO 1/3) stays with the nanoFramework debugger.
    /// </summary>
    public static class PinSetup
    {
        /// <summary>Bus id of the MFRC522's SPI (SPI1 in nanoFramework's ESP32 numbering).</summary>
        public const int ReaderSpiBus = 1;

        /// <summary>Bus id of the HX711's SPI: a bus of its own, because the HX711 has no chip select.</summary>
        public const int ScaleSpiBus = 2;

        /// <summary>Serial port of the operator console.</summary>
        public const string ConsolePort = "COM2";

        /// <summary>Serial port of the ultrasonic distance sensor.</summary>
        public const string DistancePort = "COM3";

        /// <summary>Assigns every peripheral pin from <paramref name="config"/>.</summary>
        public static void Apply(ConfigStore config)
        {
            // MFRC522 on SPI1; its chip select is driven by the SPI device (pins.rc522Cs), not routed here.
            Configuration.SetPinFunction(config.GetInt("pins.rc522Mosi"), DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(config.GetInt("pins.rc522Miso"), DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(config.GetInt("pins.rc522Sck"), DeviceFunction.SPI1_CLOCK);

            // HX711 on SPI2: MOSI is the PD_SCK pulse train, MISO reads DOUT. The SPI clock pin must be assigned
            // for the bus to start, but nothing is wired to it (pins.hx711SpiClock).
            Configuration.SetPinFunction(config.GetInt("pins.hx711Sck"), DeviceFunction.SPI2_MOSI);
            Configuration.SetPinFunction(config.GetInt("pins.hx711Dout"), DeviceFunction.SPI2_MISO);
            Configuration.SetPinFunction(config.GetInt("pins.hx711SpiClock"), DeviceFunction.SPI2_CLOCK);

            Configuration.SetPinFunction(config.GetInt("pins.consoleTx"), DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(config.GetInt("pins.consoleRx"), DeviceFunction.COM2_RX);

            Configuration.SetPinFunction(config.GetInt("pins.distanceTx"), DeviceFunction.COM3_TX);
            Configuration.SetPinFunction(config.GetInt("pins.distanceRx"), DeviceFunction.COM3_RX);
        }
    }
}
