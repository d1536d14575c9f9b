namespace SmartBin.Firmware.Core.Telemetry
{
    /// <summary>
    /// Fill level from the distance between the lid sensor and the contents. A bin counts as full only after
    /// the level stayed at or above the threshold for the whole persistence window: a hand or a bag held under
    /// the sensor for a moment must not send a collection truck (a known complaint about fill sensors).
    /// It stops counting as full when the level falls below the threshold by a hysteresis margin.
    /// </summary>
    public sealed class FillLevelMonitor
    {
        /// <summary>Percent below the threshold the level must fall before "full" clears.</summary>
        public const int HysteresisPercent = 10;

        private readonly int _emptyDistanceMm;
        private readonly int _fullDistanceMm;
        private readonly int _fullThresholdPercent;
        private readonly long _persistMs;

        private bool _aboveThreshold;
        private long _aboveSinceMs;

        /// <summary>Creates a monitor; <paramref name="fullDistanceMm"/> must be less than <paramref name="emptyDistanceMm"/>.</summary>
        public FillLevelMonitor(int emptyDistanceMm, int fullDistanceMm, int fullThresholdPercent, long persistMs)
        {
            if (fullDistanceMm <= 0 || fullDistanceMm >= emptyDistanceMm)
            {
                throw new System.ArgumentException("full distance must be positive and below the empty distance");
            }

            if (fullThresholdPercent <= 0 || fullThresholdPercent > 100 || persistMs < 0)
            {
                throw new System.ArgumentOutOfRangeException("fullThresholdPercent");
            }

            _emptyDistanceMm = emptyDistanceMm;
            _fullDistanceMm = fullDistanceMm;
            _fullThresholdPercent = fullThresholdPercent;
            _persistMs = persistMs;
            FillPercent = -1;
            DistanceMm = -1;
        }

        /// <summary>Last fill level, 0..100, or −1 before the first valid reading.</summary>
        public int FillPercent { get; private set; }

        /// <summary>Last valid distance, millimetres, or −1 before the first valid reading.</summary>
        public int DistanceMm { get; private set; }

        /// <summary>True once the level has been at or above the threshold for the persistence window.</summary>
        public bool IsFull { get; private set; }

        /// <summary>Feeds one valid distance reading. Returns true when <see cref="IsFull"/> changed.</summary>
        public bool AddReading(int distanceMm, long nowMs)
        {
            DistanceMm = distanceMm;
            FillPercent = PercentFromDistance(distanceMm);

            bool wasFull = IsFull;
            if (FillPercent >= _fullThresholdPercent)
            {
                if (!_aboveThreshold)
                {
                    _aboveThreshold = true;
                    _aboveSinceMs = nowMs;
                }

                if (nowMs - _aboveSinceMs >= _persistMs)
                {
                    IsFull = true;
                }
            }
            else
            {
                _aboveThreshold = false;
                if (FillPercent < _fullThresholdPercent - HysteresisPercent)
                {
                    IsFull = false;
                }
            }

            return wasFull != IsFull;
        }

        /// <summary>Linear map: empty distance → 0 %, full distance → 100 %, clamped.</summary>
        public int PercentFromDistance(int distanceMm)
        {
            if (distanceMm >= _emptyDistanceMm)
            {
                return 0;
            }

            if (distanceMm <= _fullDistanceMm)
            {
                return 100;
            }

            int spanMm = _emptyDistanceMm - _fullDistanceMm;
            int filledMm = _emptyDistanceMm - distanceMm;
            return (int)((filledMm * 100L + spanMm / 2) / spanMm);
        }
    }
}
