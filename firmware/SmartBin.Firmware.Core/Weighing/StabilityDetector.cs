using System;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Stable means every reading of the last <c>stableMs</c> lies within one band (1 e) of the others: the OIML
    /// "no motion" rule that gates every weight the controller uses. A history of readings (not a running
    /// min/max that restarts on every excursion) lets the window slide, so a settling load is declared stable as
    /// soon as the last full window qualifies, not a window after the last restart.
    /// </summary>
    public sealed class StabilityDetector
    {
        // History covers the window at up to twice the nominal rate (jittery polling), plus both window ends.
        private const int HistoryRateFactor = 2;
        private const int HistoryEndSamples = 2;

        private readonly long[] _timesMs;
        private readonly double[] _readingsGrams;
        private readonly int _stableMs;
        private readonly double _bandGrams;
        private int _newestIndex;
        private int _count;

        /// <summary>
        /// Creates a detector that needs <paramref name="stableMs"/> of readings within
        /// <paramref name="bandGrams"/>; <paramref name="windowSamples"/> is the window at the nominal rate.
        /// </summary>
        public StabilityDetector(int stableMs, int windowSamples, double bandGrams)
        {
            if (stableMs < 1 || windowSamples < 1 || windowSamples > WeighingConfig.StableWindowSamplesMax)
            {
                throw new ArgumentOutOfRangeException("windowSamples");
            }

            if (!(bandGrams > 0))
            {
                throw new ArgumentOutOfRangeException("bandGrams");
            }

            int capacity = windowSamples * HistoryRateFactor + HistoryEndSamples;
            _timesMs = new long[capacity];
            _readingsGrams = new double[capacity];
            _stableMs = stableMs;
            _bandGrams = bandGrams;
            _newestIndex = capacity - 1;
        }

        /// <summary>True when the last window of readings is within the band.</summary>
        public bool IsStable { get; private set; }

        /// <summary>Uptime of the reading that made the weight stable; meaningful while <see cref="IsStable"/>.</summary>
        public long StableSinceMs { get; private set; }

        /// <summary>Records a reading and re-evaluates stability.</summary>
        public void Add(double grams, long uptimeMs)
        {
            if (_count > 0 && uptimeMs < _timesMs[_newestIndex])
            {
                throw new ArgumentOutOfRangeException("uptimeMs", "time went backwards");
            }

            _newestIndex = (_newestIndex + 1) % _timesMs.Length;
            _timesMs[_newestIndex] = uptimeMs;
            _readingsGrams[_newestIndex] = grams;
            if (_count < _timesMs.Length)
            {
                _count++;
            }

            bool stable = WindowWithinBand(uptimeMs);
            if (stable && !IsStable)
            {
                StableSinceMs = uptimeMs;
            }

            IsStable = stable;
        }

        /// <summary>Forgets every reading (fault, new calibration): stability must be earned again.</summary>
        public void Clear()
        {
            _count = 0;
            IsStable = false;
        }

        // Walks back from the newest reading until one at least a window old; every reading on the way must fit
        // the band. Running out of history first means the window is not covered yet: not stable.
        private bool WindowWithinBand(long nowMs)
        {
            double minGrams = _readingsGrams[_newestIndex];
            double maxGrams = minGrams;
            int index = _newestIndex;
            for (int walked = 0; walked < _count; walked++)
            {
                double grams = _readingsGrams[index];
                if (grams < minGrams)
                {
                    minGrams = grams;
                }

                if (grams > maxGrams)
                {
                    maxGrams = grams;
                }

                if (maxGrams - minGrams > _bandGrams)
                {
                    return false;
                }

                if (nowMs - _timesMs[index] >= _stableMs)
                {
                    return true;
                }

                index = index == 0 ? _timesMs.Length - 1 : index - 1;
            }

            return false;
        }
    }
}
