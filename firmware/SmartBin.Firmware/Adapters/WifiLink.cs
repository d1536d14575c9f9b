using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// The Wi-Fi station connection. Connects with <see cref="WifiReconnectionKind.Manual"/>: the bin's own loop
    /// (<see cref="Connectivity"/>) owns reconnecting and its backoff, and Manual does not store the credentials
    /// in the device's configuration block on every boot (they live in the bin's config on <c>I:\</c>).
    /// Used only by the connectivity thread.
    /// </summary>
    public sealed class WifiLink
    {
        /// <summary>How long to wait for a DHCP address after associating, ms.</summary>
        public const int DhcpWaitMs = 15000;

        /// <summary>How often to look for the address while waiting, ms.</summary>
        public const int DhcpPollMs = 250;

        private const string NoAddress = "0.0.0.0";

        private readonly string _ssid;
        private readonly string _password;
        private WifiAdapter? _adapter;

        /// <summary>Creates the link for <paramref name="ssid"/>; an empty <paramref name="password"/> means an open network.</summary>
        public WifiLink(string ssid, string password)
        {
            _ssid = ssid;
            _password = password;
        }

        /// <summary>False until the bin has been given a network name.</summary>
        public bool IsProvisioned
        {
            get { return _ssid.Length > 0; }
        }

        /// <summary>True while associated with an IPv4 address.</summary>
        public bool IsUp
        {
            get { return _adapter != null && HasAddress(_adapter); }
        }

        /// <summary>One connection attempt, bounded by the adapter's own timeout plus <see cref="DhcpWaitMs"/>.</summary>
        public bool TryConnect()
        {
            if (_adapter == null)
            {
                WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
                if (adapters.Length == 0)
                {
                    return false;
                }

                _adapter = adapters[0];
            }

            WifiConnectionResult result = _adapter.Connect(_ssid, WifiReconnectionKind.Manual, _password);
            if (result.ConnectionStatus != WifiConnectionStatus.Success)
            {
                return false;
            }

            for (int waitedMs = 0; waitedMs < DhcpWaitMs; waitedMs += DhcpPollMs)
            {
                if (HasAddress(_adapter))
                {
                    return true;
                }

                Thread.Sleep(DhcpPollMs);
            }

            return false;
        }

        private static bool HasAddress(WifiAdapter adapter)
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            int index = adapter.NetworkInterface;
            if (index < 0 || index >= interfaces.Length)
            {
                return false;
            }

            string address = interfaces[index].IPv4Address;
            return address != null && address.Length > 0 && address != NoAddress;
        }
    }
}
