using System.Threading;
using nanoFramework.Runtime.Native;
using SmartBin.Firmware.Core.Platform;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// Software watchdog. nanoFramework 1.x exposes no hardware watchdog to managed code on the ESP32 (the native
    /// task watchdog only guards the firmware's own tasks), so a supervisor thread at the highest priority samples
    /// how often the control loop and the connectivity thread went round, and reboots the device when either has
    /// stopped (<see cref="StallDetector"/>). It catches managed hangs: a loop stuck in a driver, a blocked UART
    /// or socket call, a deadlock. A hang of the CLR itself stops this thread too and is not caught.
    /// </summary>
    public sealed class LoopWatchdog
    {
        /// <summary>Sampling period, ms.</summary>
        public const int CheckPeriodMs = 1000;

        /// <summary>Control loop bound: 30 s without one iteration (a normal one takes 10 ms, a slow one &lt; 100 ms).</summary>
        public const int MainLoopStalledChecks = 30;

        /// <summary>Connectivity bound: 10 min (a Wi-Fi attempt plus a TLS connect take well under 2 min).</summary>
        public const int ConnectivityStalledChecks = 600;

        private int _mainBeats;
        private int _connectivityBeats;

        /// <summary>Control loop: one call per iteration.</summary>
        public void BeatMain()
        {
            Interlocked.Increment(ref _mainBeats);
        }

        /// <summary>Connectivity thread: one call per pass.</summary>
        public void BeatConnectivity()
        {
            Interlocked.Increment(ref _connectivityBeats);
        }

        /// <summary>Starts the supervisor thread.</summary>
        public void Start()
        {
            var thread = new Thread(Run);
            thread.Priority = ThreadPriority.Highest;
            thread.Start();
        }

        private void Run()
        {
            var main = new StallDetector(MainLoopStalledChecks);
            var connectivity = new StallDetector(ConnectivityStalledChecks);
            while (true)
            {
                Thread.Sleep(CheckPeriodMs);
                bool mainStalled = main.Observe(_mainBeats);
                bool connectivityStalled = connectivity.Observe(_connectivityBeats);
                if (mainStalled || connectivityStalled)
                {
                    Power.RebootDevice(RebootOption.NormalReboot);
                }
            }
        }
    }
}
