namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>The few things the controller asks of the device itself.</summary>
    public interface IPlatform
    {
        /// <summary>Free managed heap, bytes (reported in telemetry; falls before the device runs out).</summary>
        int FreeHeapBytes { get; }

        /// <summary>Wi-Fi signal strength, dBm, or 0 when not associated.</summary>
        int WifiRssiDbm { get; }

        /// <summary>
        /// Asks for a restart. The controller calls this only after its reply has been sent and the outbox is
        /// consistent on flash; the platform restarts at its next opportunity (never inside the call).
        /// </summary>
        void RequestReboot();
    }
}
