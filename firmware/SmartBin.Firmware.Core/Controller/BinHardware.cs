using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Controller
{
    /// <summary>Everything the controller reaches outside itself: the device's peripherals or their simulations.</summary>
    public sealed class BinHardware
    {
        /// <summary>Monotonic uptime and UTC.</summary>
        public IClock Clock;

        /// <summary>Load-cell ADC.</summary>
        public IScaleAdc Scale;

        /// <summary>RFID reader.</summary>
        public ICardReader Reader;

        /// <summary>Fill-level sensor, or null on a bin without one.</summary>
        public IDistanceSensor? Distance;

        /// <summary>Flash storage for config and outbox.</summary>
        public IFlashFileSystem Flash;

        /// <summary>MQTT connection.</summary>
        public IMqttTransport Mqtt;

        /// <summary>LED, buzzer, display.</summary>
        public IIndicator Indicator;

        /// <summary>Heap, RSSI, reboot.</summary>
        public IPlatform Platform;

        /// <summary>Creates the set; every part but the distance sensor is required.</summary>
        public BinHardware(IClock clock, IScaleAdc scale, ICardReader reader, IDistanceSensor? distance,
            IFlashFileSystem flash, IMqttTransport mqtt, IIndicator indicator, IPlatform platform)
        {
            Clock = clock;
            Scale = scale;
            Reader = reader;
            Distance = distance;
            Flash = flash;
            Mqtt = mqtt;
            Indicator = indicator;
            Platform = platform;
        }
    }
}
