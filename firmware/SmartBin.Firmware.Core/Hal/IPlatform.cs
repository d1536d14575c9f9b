namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>The few things the controller asks of the device itself.</summary>
    public interface IPlatform
    {
        /// <summary>Free managed heap, bytes (reported in telemetry; falls before the device runs out).</summary>
        int FreeHeapBytes { get; }

        /// <summary>
        /// The controller's own identity, fixed at manufacture (<c>esp32-</c> and the factory MAC in hex on the device):
        /// the provisioning tool records it, so a bin id can be traced to the board that carried it.
        /// </summary>
        string HardwareId { get; }

        /// <summary>Wi-Fi signal strength, dBm, or 0 when not associated.</summary>
        int WifiRssiDbm { get; }

        /// <summary>
        /// Asks for a restart. The controller calls this only after its reply has been sent and the outbox is
        /// consistent on flash; the platform restarts at its next opportunity (never inside the call).
        /// </summary>
        void RequestReboot();
    }
}
