namespace SmartBin.Firmware.Core.Platform
{
    /// <summary>
    /// Decides when the control loop has stopped: the loop counts its iterations, a supervisor samples the count
    /// at a fixed period, and the loop is stalled once the count has not moved for <c>stalledChecks</c>
    /// consecutive samples. nanoFramework 1.x offers no managed hardware watchdog on the ESP32, so the device's
    /// supervisor thread reboots on this verdict (see firmware/SmartBin.Firmware/README.md).
    /// </summary>
    public sealed class StallDetector
    {
        private readonly int _stalledChecks;
        private int _lastCount;
        private int _unchangedChecks;
        private bool _started;

        /// <summary>Creates a detector that reports a stall after <paramref name="stalledChecks"/> (≥ 1) unchanged samples.</summary>
        public StallDetector(int stalledChecks)
        {
            if (stalledChecks < 1)
            {
                throw new System.ArgumentOutOfRangeException("stalledChecks", "need at least one check");
            }

            _stalledChecks = stalledChecks;
        }

        /// <summary>Consecutive samples so far in which the count did not move.</summary>
        public int UnchangedChecks
        {
            get { return _unchangedChecks; }
        }

        /// <summary>
        /// Takes one sample of the loop's iteration count (which may wrap around) and returns true when the loop is
        /// stalled. The first sample only sets the reference.
        /// </summary>
        public bool Observe(int loopCount)
        {
            if (!_started || loopCount != _lastCount)
            {
                _started = true;
                _lastCount = loopCount;
                _unchangedChecks = 0;
                return false;
            }

            if (_unchangedChecks < _stalledChecks)
            {
                _unchangedChecks++;
            }

            return _unchangedChecks >= _stalledChecks;
        }
    }
}
