using System.Net.NetworkInformation;
using nanoFramework.Runtime.Native;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Platform;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// <see cref="IPlatform"/> on the ESP32. The reboot the controller asks for is carried out by the control loop
    /// after the current tick (<see cref="RebootIfRequested"/>), never inside the controller's call.
    /// </summary>
    public sealed class DevicePlatform : IPlatform
    {
        private readonly string _hardwareId;
        private bool _rebootRequested;

        /// <summary>Reads the hardware id once: the first interface is the Wi-Fi station, whose MAC is the factory one.</summary>
        public DevicePlatform()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            _hardwareId = HardwareIdentity.FromMac(interfaces.Length > 0 ? interfaces[0].PhysicalAddress : null);
        }

        /// <inheritdoc />
        public string HardwareId
        {
            get { return _hardwareId; }
        }

        /// <summary>
        /// Free managed heap after a collection. GC.Run is nanoFramework's only heap figure; it collects, which costs
        /// a few ms, so the controller reads it only when it sends telemetry.
        /// </summary>
        public int FreeHeapBytes
        {
            get { return (int)GC.Run(false); }
        }

        /// <summary>
        /// Always 0 ("unknown"): nanoFramework 1.x reports RSSI only from a Wi-Fi scan (WifiAvailableNetwork), and a
        /// scan would interrupt the bin's connection.
        /// </summary>
        public int WifiRssiDbm
        {
            get { return 0; }
        }

        /// <inheritdoc />
        public void RequestReboot()
        {
            _rebootRequested = true;
        }

        /// <summary>Reboots the device if the controller asked for it; called between ticks.</summary>
        public void RebootIfRequested()
        {
            if (_rebootRequested)
            {
                Power.RebootDevice(RebootOption.NormalReboot);
            }
        }
    }
}
