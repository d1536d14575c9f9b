using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Turns ADC polls into weights the controller can trust: raw counts → median (spikes) → moving average
    /// (noise) → calibration (grams) → stability (1 e for <see cref="WeighingConfig.StableMs"/>) → zero setting and
    /// tracking → integer grams, with faults for a saturated ADC, a lost sensor and zero drift. Fed once per poll
    /// from the control loop; every buffer is allocated here, so <see cref="AddSample"/> allocates nothing.
    /// </summary>
    public sealed class WeighingPipeline
    {
        /// <summary>Readings within this many e of each other for the stability time are stable (OIML R76: 1 e).</summary>
        public const double StabilityBandE = 1.0;

        /// <summary>Minimum capacity Min in e (OIML R76 class III: 20 e).</summary>
        public const int MinE = 20;

        /// <summary>Zero refused: no fresh reading (fault, or the scale has not produced one yet).</summary>
        public const string ErrorNoReading = "no-reading";

        /// <summary>Zero refused: the weight is moving.</summary>
        public const string ErrorUnstable = "unstable";

        /// <summary>Zero refused: the reading is more than 4 % of Max from the calibrated zero (a load is on it).</summary>
        public const string ErrorOutOfZeroRange = "out-of-zero-range";

        // HX711 full-scale codes, sign-extended: 0x7FFFFF and 0x800000.
        private const int AdcFullScalePositive = 8388607;
        private const int AdcFullScaleNegative = -8388608;

        private readonly MedianFilter _median;
        private readonly MovingAverage _average;
        private readonly StabilityDetector _stability;
        private readonly ZeroTracker _zero;
        private readonly int _sensorLostMs;
        private Calibration _calibration;
        private bool _started;
        private bool _saturated;
        private bool _noSamples;
        private bool _hasOkSample;
        private long _lastResponseMs;
        private long _lastOkMs;
        private long _lastCallMs;
        private double _calibratedGrams;

        /// <summary>Builds the pipeline; throws when the configuration does not validate.</summary>
        public WeighingPipeline(WeighingConfig config, Calibration calibration)
        {
            if (config == null)
            {
                throw new ArgumentNullException("config");
            }

            string? error = config.Validate();
            if (error != null)
            {
                throw new ArgumentException(error, "config");
            }

            if (calibration == null)
            {
                throw new ArgumentNullException("calibration");
            }

            _calibration = calibration;
            _median = new MedianFilter(config.MedianWindowSamples);
            _average = new MovingAverage(config.AverageWindowSamples);
            _stability = new StabilityDetector(
                config.StableMs, config.StableWindowSamples(), StabilityBandE * config.ScaleIntervalGrams);
            _zero = new ZeroTracker(config.MaxGrams, config.ScaleIntervalGrams);
            _sensorLostMs = config.SensorLostMs;
            MinGrams = MinE * config.ScaleIntervalGrams;
        }

        /// <summary>True when there is a current weight: samples arrived and neither the ADC nor the sensor is faulty.</summary>
        public bool HasReading
        {
            get { return _average.Count > 0 && !_saturated && !_noSamples; }
        }

        /// <summary>
        /// True from boot until the ADC first answers (a sample, or a saturated code) or is declared lost after
        /// <see cref="WeighingConfig.SensorLostMs"/> of polls without one: the scale has not had its chance yet, so
        /// having no reading is not a fault. Bounded: it ends at most the sensor-lost time after the first poll.
        /// </summary>
        public bool IsStarting
        {
            // Derived: a sample sets _hasOkSample, a saturated code _saturated, a lost sensor _noSamples, and a
            // reading is only dropped with one of the last two set, so all three are false only before any answer.
            get { return !_hasOkSample && !_saturated && !_noSamples; }
        }

        /// <summary>Gross weight relative to the current zero, whole grams; meaningful only while <see cref="HasReading"/>.</summary>
        public int GrossGrams
        {
            get { return GramsRounding.RoundHalfAwayFromZero(_calibratedGrams - _zero.ZeroOffsetGrams); }
        }

        /// <summary>True when every reading of the last <see cref="WeighingConfig.StableMs"/> was within 1 e.</summary>
        public bool IsStable
        {
            get { return HasReading && _stability.IsStable; }
        }

        /// <summary>Uptime at which the weight last became stable; meaningful only while <see cref="IsStable"/>.</summary>
        public long StableSinceMs
        {
            get { return _stability.StableSinceMs; }
        }

        /// <summary>The most severe current fault, or <see cref="ScaleFault.None"/>.</summary>
        public ScaleFault Fault
        {
            get
            {
                if (_noSamples)
                {
                    return ScaleFault.NoSamples;
                }

                if (_saturated)
                {
                    return ScaleFault.Saturated;
                }

                return _zero.IsOutOfRange ? ScaleFault.ZeroOutOfRange : ScaleFault.None;
            }
        }

        /// <summary>Min (20 e), grams: a smaller net weight is recorded but flagged.</summary>
        public int MinGrams { get; }

        /// <summary>The filtered raw counts (median then average), for the calibration wizard; 0 before any sample.</summary>
        public double AverageCounts { get; private set; }

        /// <summary>Current zero, grams above the calibrated zero (diagnostics: how far tracking and taring moved it).</summary>
        public double ZeroOffsetGrams
        {
            get { return _zero.ZeroOffsetGrams; }
        }

        /// <summary>The calibration in force.</summary>
        public Calibration Calibration
        {
            get { return _calibration; }
        }

        /// <summary>True when a net weight is below Min and must be flagged.</summary>
        public bool IsBelowMin(int netGrams)
        {
            return netGrams < MinGrams;
        }

        /// <summary>
        /// Feeds one ADC poll. Call on every poll, NotReady and Lost included: that is how a lost sensor is noticed.
        /// </summary>
        public void AddSample(ScaleReadStatus status, int rawCounts, long uptimeMs)
        {
            StartClockOnce(uptimeMs);
            if (status == ScaleReadStatus.Ok && (rawCounts >= AdcFullScalePositive || rawCounts <= AdcFullScaleNegative))
            {
                status = ScaleReadStatus.Saturated; // a driver that passes the full-scale code through as Ok
            }

            if (status == ScaleReadStatus.Ok)
            {
                AcceptCounts(rawCounts, uptimeMs);
            }
            else if (status == ScaleReadStatus.Saturated)
            {
                _lastResponseMs = uptimeMs;
                _noSamples = false;
                _saturated = true;
                DropReading();
            }
            else if (uptimeMs - _lastResponseMs > _sensorLostMs)
            {
                _noSamples = true;
                DropReading();
            }
        }

        /// <summary>
        /// Zero setting (operator tare, power-up zero): the current stable reading becomes zero. Returns false with
        /// <see cref="ErrorNoReading"/>, <see cref="ErrorUnstable"/> or <see cref="ErrorOutOfZeroRange"/> otherwise.
        /// </summary>
        public bool TrySetZero(long uptimeMs, out string? error)
        {
            if (!HasReading || uptimeMs - _lastOkMs > _sensorLostMs)
            {
                error = ErrorNoReading;
                return false;
            }

            if (!IsStable)
            {
                error = ErrorUnstable;
                return false;
            }

            if (!_zero.TrySet(_calibratedGrams))
            {
                error = ErrorOutOfZeroRange;
                return false;
            }

            error = null;
            return true;
        }

        /// <summary>
        /// Puts a new calibration in force. Zero returns to the new calibrated zero and stability must be earned
        /// again, because old readings were in the old calibration's grams.
        /// </summary>
        public void ApplyCalibration(Calibration calibration)
        {
            if (calibration == null)
            {
                throw new ArgumentNullException("calibration");
            }

            _calibration = calibration;
            _zero.Reset();
            _stability.Clear();
            _calibratedGrams = _average.Count > 0 ? _calibration.GramsFromCounts(AverageCounts) : 0;
        }

        private void StartClockOnce(long uptimeMs)
        {
            if (!_started)
            {
                _started = true;
                _lastResponseMs = uptimeMs;
                _lastCallMs = uptimeMs;
            }

            if (uptimeMs < _lastCallMs)
            {
                throw new ArgumentOutOfRangeException("uptimeMs", "uptime went backwards");
            }

            _lastCallMs = uptimeMs;
        }

        private void AcceptCounts(int rawCounts, long uptimeMs)
        {
            long sinceOkMs = _hasOkSample ? uptimeMs - _lastOkMs : 0;
            _hasOkSample = true;
            _lastOkMs = uptimeMs;
            _lastResponseMs = uptimeMs;
            _saturated = false;
            _noSamples = false;

            _average.Add(_median.Add(rawCounts));
            AverageCounts = _average.Mean();
            _calibratedGrams = _calibration.GramsFromCounts(AverageCounts);
            _stability.Add(_calibratedGrams, uptimeMs);
            if (_stability.IsStable)
            {
                // A gap longer than the lost-sensor time was a fault, not drift; never track across it.
                _zero.Track(_calibratedGrams, sinceOkMs < _sensorLostMs ? sinceOkMs : _sensorLostMs);
            }
        }

        // Stale counts must not blend with those after the fault, or the first readings would be a mix of both.
        private void DropReading()
        {
            _median.Clear();
            _average.Clear();
            _stability.Clear();
            _hasOkSample = false;
        }
    }
}
