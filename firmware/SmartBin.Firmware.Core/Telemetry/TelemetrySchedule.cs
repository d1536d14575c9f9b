namespace SmartBin.Firmware.Core.Telemetry
{
    /// <summary>
    /// Decides when the next telemetry message is due: at a fixed interval, and early (but never more than
    /// once per minimum gap) when something staff care about changed, such as the bin becoming full.
    /// </summary>
    public sealed class TelemetrySchedule
    {
        /// <summary>Smallest gap between two telemetry messages, so a flapping input cannot flood the broker.</summary>
        public const long MinGapMs = 5000;

        private readonly long _intervalMs;
        private long _lastSentMs;
        private bool _hasSent;
        private bool _urgent;

        /// <summary>Creates a schedule with the regular interval.</summary>
        public TelemetrySchedule(long intervalMs)
        {
            if (intervalMs < MinGapMs)
            {
                throw new System.ArgumentOutOfRangeException("intervalMs");
            }

            _intervalMs = intervalMs;
        }

        /// <summary>Asks for a message as soon as the minimum gap allows.</summary>
        public void RequestSoon()
        {
            _urgent = true;
        }

        /// <summary>True when a message should go out now.</summary>
        public bool IsDue(long nowMs)
        {
            if (!_hasSent)
            {
                return true;
            }

            long sinceMs = nowMs - _lastSentMs;
            return sinceMs >= _intervalMs || (_urgent && sinceMs >= MinGapMs);
        }

        /// <summary>Records that a message went out.</summary>
        public void MarkSent(long nowMs)
        {
            _hasSent = true;
            _lastSentMs = nowMs;
            _urgent = false;
        }
    }
}
