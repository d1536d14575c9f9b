using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>The device's own facilities, simulated: heap, RSSI, and a reboot the host carries out.</summary>
    public sealed class SimulatedPlatform : IPlatform
    {
        /// <inheritdoc />
        public int FreeHeapBytes { get; set; } = 41_000;

        /// <inheritdoc />
        public string HardwareId { get; set; } = "esp32-sim000001";

        /// <inheritdoc />
        public int WifiRssiDbm { get; set; } = -62;

        /// <summary>True after the controller asked for a reboot, until the host performed it.</summary>
        public bool RebootRequested { get; set; }

        /// <inheritdoc />
        public void RequestReboot() => RebootRequested = true;
    }
}
