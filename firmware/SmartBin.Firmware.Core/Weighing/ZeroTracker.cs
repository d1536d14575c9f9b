using System;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Where zero is, in grams above the calibrated zero, and the two OIML R76 ways it may move: zero setting
    /// (operator or power-up, within 4 % of Max) and zero tracking (by itself, at most 0.5 e/s, only at zero).
    /// Both stay inside the same 4 % range, so drift can never silently eat a real load.
    /// </summary>
    public sealed class ZeroTracker
    {
        /// <summary>Zero may sit at most this share of Max from the calibrated zero (OIML R76: 4 %).</summary>
        public const int ZeroRangePercentOfMax = 4;

        /// <summary>Zero tracking moves zero at most this many e per second (OIML R76: 0.5 e/s).</summary>
        public const double TrackingRateEPerSecondMax = 0.5;

        /// <summary>Zero tracking acts only while the reading is within this many e of zero ("at zero").</summary>
        public const double TrackingBandE = 0.5;

        private readonly double _rangeGrams;
        private readonly double _trackingBandGrams;
        private readonly double _trackingGramsPerMsMax;

        /// <summary>Creates a tracker with zero at the calibrated zero.</summary>
        public ZeroTracker(int maxGrams, int scaleIntervalGrams)
        {
            if (maxGrams <= 0)
            {
                throw new ArgumentOutOfRangeException("maxGrams");
            }

            if (scaleIntervalGrams <= 0)
            {
                throw new ArgumentOutOfRangeException("scaleIntervalGrams");
            }

            _rangeGrams = (double)maxGrams * ZeroRangePercentOfMax / 100;
            _trackingBandGrams = TrackingBandE * scaleIntervalGrams;
            _trackingGramsPerMsMax = TrackingRateEPerSecondMax * scaleIntervalGrams / 1000;
        }

        /// <summary>Current zero, grams above the calibrated zero; always within ±4 % of Max.</summary>
        public double ZeroOffsetGrams { get; private set; }

        /// <summary>Half-width of the zero-setting range, grams (4 % of Max).</summary>
        public double RangeGrams
        {
            get { return _rangeGrams; }
        }

        /// <summary>True while tracking wants zero beyond the range (the <see cref="ScaleFault.ZeroOutOfRange"/> fault).</summary>
        public bool IsOutOfRange { get; private set; }

        /// <summary>
        /// Sets zero to a stable reading (grams above the calibrated zero) if it lies within the range.
        /// Returns false, leaving zero where it was, when it does not.
        /// </summary>
        public bool TrySet(double calibratedGrams)
        {
            if (!IsWithinRange(calibratedGrams))
            {
                return false;
            }

            ZeroOffsetGrams = calibratedGrams;
            IsOutOfRange = false;
            return true;
        }

        /// <summary>
        /// Follows a stable reading taken <paramref name="elapsedMs"/> after the previous one. The caller passes only
        /// stable readings; this decides whether the reading is "at zero" and how far zero may move.
        /// </summary>
        public void Track(double calibratedGrams, long elapsedMs)
        {
            if (elapsedMs < 0)
            {
                throw new ArgumentOutOfRangeException("elapsedMs");
            }

            double gapGrams = calibratedGrams - ZeroOffsetGrams;
            if (gapGrams > _trackingBandGrams || gapGrams < -_trackingBandGrams)
            {
                return; // a load (or a fast change): never tracked away
            }

            double stepGramsMax = _trackingGramsPerMsMax * elapsedMs;
            double stepGrams = Clamp(gapGrams, -stepGramsMax, stepGramsMax);
            ZeroOffsetGrams = Clamp(ZeroOffsetGrams + stepGrams, -_rangeGrams, _rangeGrams);

            // Judged on where zero would have to go, not where it got to, so the fault stays while the drift
            // persists beyond the range and clears once the reading comes back inside it.
            IsOutOfRange = !IsWithinRange(calibratedGrams);
        }

        /// <summary>Back to the calibrated zero (after a new calibration).</summary>
        public void Reset()
        {
            ZeroOffsetGrams = 0;
            IsOutOfRange = false;
        }

        private bool IsWithinRange(double calibratedGrams)
        {
            return calibratedGrams <= _rangeGrams && calibratedGrams >= -_rangeGrams;
        }

        private static double Clamp(double value, double low, double high)
        {
            if (value < low)
            {
                return low;
            }

            return value > high ? high : value;
        }
    }
}
