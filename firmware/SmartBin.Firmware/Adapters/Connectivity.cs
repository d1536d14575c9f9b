using System.Threading;
using SmartBin.Firmware.Core.Platform;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// The connectivity thread: brings Wi-Fi up, then the MQTT session, and brings each back after a loss, waiting
    /// per <see cref="ReconnectBackoff"/> between failed attempts. Connecting blocks (association, DHCP, TLS
    /// handshake take seconds), which is why it runs here and never on the control loop's thread.
    /// </summary>
    public sealed class Connectivity
    {
        /// <summary>How often a healthy session is checked, ms.</summary>
        public const int CheckPeriodMs = 1000;

        /// <summary>First retry delay, ms.</summary>
        public const int RetryDelayMsMin = 1000;

        /// <summary>
        /// Longest retry delay, ms. Must stay well under the watchdog's connectivity bound
        /// (<see cref="LoopWatchdog.ConnectivityStalledChecks"/> s), since a sleeping thread does not beat.
        /// </summary>
        public const int RetryDelayMsMax = 60000;

        /// <summary>Stack-light worker: below the control loop, which must keep its 10 ms pace.</summary>
        public const ThreadPriority Priority = ThreadPriority.BelowNormal;

        private readonly WifiLink _wifi;
        private readonly M2MqttTransport _mqtt;
        private readonly LoopWatchdog _watchdog;
        private readonly ReconnectBackoff _wifiBackoff = new ReconnectBackoff(RetryDelayMsMin, RetryDelayMsMax);
        private readonly ReconnectBackoff _mqttBackoff = new ReconnectBackoff(RetryDelayMsMin, RetryDelayMsMax);

        /// <summary>Creates the worker; <see cref="Start"/> runs it.</summary>
        public Connectivity(WifiLink wifi, M2MqttTransport mqtt, LoopWatchdog watchdog)
        {
            _wifi = wifi;
            _mqtt = mqtt;
            _watchdog = watchdog;
        }

        /// <summary>Starts the thread (runs for the life of the device).</summary>
        public void Start()
        {
            var thread = new Thread(Run);
            thread.Priority = Priority;
            thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                _watchdog.BeatConnectivity();
                Thread.Sleep(Step());
            }
        }

        // One pass: returns how long to sleep before the next.
        private int Step()
        {
            if (_mqtt.IsConnected)
            {
                return CheckPeriodMs;
            }

            if (!_wifi.IsProvisioned)
            {
                return RetryDelayMsMax; // nothing to connect to until an operator sets wifi.ssid and reboots
            }

            if (!_wifi.IsUp)
            {
                _mqtt.Close();
                if (!_wifi.TryConnect())
                {
                    return _wifiBackoff.Failed();
                }

                _wifiBackoff.Succeeded();
            }

            if (!_mqtt.IsConfigured)
            {
                return RetryDelayMsMax; // Wi-Fi alone still lets SNTP set the clock
            }

            if (!_mqtt.TryConnect())
            {
                return _mqttBackoff.Failed();
            }

            _mqttBackoff.Succeeded();
            return CheckPeriodMs;
        }
    }
}
