using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// A load cell on an HX711 as the controller sees it: counts = offset + factor × (load response + creep +
    /// zero drift) + Gaussian noise, a new conversion every sample period, damped settling after each load change,
    /// the ADC's full-scale codes when the signal leaves ±2^23, and Lost while unplugged. Time comes from the
    /// clock the test moves, so every run is reproducible.
    /// </summary>
    public sealed class SimulatedLoadCell : IScaleAdc
    {
        /// <summary>HX711 positive full-scale code (0x7FFFFF).</summary>
        public const int FullScalePositiveCounts = 0x7FFFFF;

        /// <summary>HX711 negative full-scale code (0x800000) sign-extended.</summary>
        public const int FullScaleNegativeCounts = -0x800000;

        private readonly IClock _clock;
        private readonly SimulatedLoadCellOptions _options;
        private readonly Random _random;
        private readonly double _samplePeriodMs;
        private double _loadTargetGrams;
        private double _loadStartGrams;
        private long _loadChangedMs;
        private double _creepGrams;
        private double _driftGrams;
        private long _stateAtMs;
        private long _lastConversionIndex = -1;
        private int _pendingSpikeCounts;

        /// <summary>Creates an empty (unloaded), plugged-in cell.</summary>
        public SimulatedLoadCell(IClock clock, SimulatedLoadCellOptions options)
        {
            ArgumentNullException.ThrowIfNull(clock);
            ArgumentNullException.ThrowIfNull(options);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CountsPerGram);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SampleRatePerSecond);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SettlingTimeConstantMs);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CreepTimeConstantMs);
            ArgumentOutOfRangeException.ThrowIfNegative(options.NoiseSigmaGrams);
            _clock = clock;
            _options = options;
            _random = new Random(options.Seed);
            _samplePeriodMs = 1000.0 / options.SampleRatePerSecond;
            _stateAtMs = clock.UptimeMs;
            _loadChangedMs = clock.UptimeMs;
            ZeroDriftGramsPerSecond = options.ZeroDriftGramsPerSecond;
        }

        /// <summary>The load resting on the cell once it settles, grams.</summary>
        public double LoadGrams => _loadTargetGrams;

        /// <summary>Uptime of the last load change.</summary>
        public long LoadChangedMs => _loadChangedMs;

        /// <summary>True while the cable is pulled: every read is Lost.</summary>
        public bool IsUnplugged { get; private set; }

        /// <summary>Zero drift from now on, grams per second (can be changed mid-run).</summary>
        public double ZeroDriftGramsPerSecond { get; set; }

        /// <summary>Zero drift accumulated so far, grams (what a perfect zero tracker would have followed).</summary>
        public double DriftGrams => _driftGrams;

        /// <summary>Creep accumulated so far, grams.</summary>
        public double CreepGrams => _creepGrams;

        /// <summary>Puts a new total load on the cell (the bin's contents), starting a settling transient.</summary>
        public void SetLoadGrams(double grams)
        {
            AdvanceState(_clock.UptimeMs);
            _loadStartGrams = ResponseGramsAt(_clock.UptimeMs);
            _loadTargetGrams = grams;
            _loadChangedMs = _clock.UptimeMs;
        }

        /// <summary>Adds a load (a drop-off; negative to take some out).</summary>
        public void AddLoadGrams(double grams) => SetLoadGrams(_loadTargetGrams + grams);

        /// <summary>Pulls the cable: reads are Lost until <see cref="PlugIn"/>.</summary>
        public void Unplug() => IsUnplugged = true;

        /// <summary>Reconnects the cable.</summary>
        public void PlugIn() => IsUnplugged = false;

        /// <summary>Adds a one-conversion glitch (EMI, a knock) to the next conversion, counts.</summary>
        public void InjectSpikeCounts(int counts) => _pendingSpikeCounts += counts;

        /// <summary>
        /// When the settling motion of the last load change stays within <paramref name="toleranceGrams"/> for good
        /// (its envelope falls below it); creep and drift are not motion and are not counted.
        /// </summary>
        public long SettledAtMs(double toleranceGrams)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toleranceGrams);
            double stepGrams = Math.Abs(_loadStartGrams - _loadTargetGrams);
            if (stepGrams <= toleranceGrams)
            {
                return _loadChangedMs;
            }

            double settleMs = _options.SettlingTimeConstantMs * Math.Log(stepGrams / toleranceGrams);
            return _loadChangedMs + (long)Math.Ceiling(settleMs);
        }

        /// <inheritdoc />
        public ScaleReadStatus Read(out int rawCounts)
        {
            rawCounts = 0;
            if (IsUnplugged)
            {
                return ScaleReadStatus.Lost;
            }

            long conversionIndex = (long)Math.Floor(_clock.UptimeMs / _samplePeriodMs);
            if (conversionIndex <= _lastConversionIndex)
            {
                return ScaleReadStatus.NotReady;
            }

            // The HX711 keeps only its latest conversion; conversions nobody read in time are gone.
            _lastConversionIndex = conversionIndex;
            long conversionMs = (long)Math.Floor(conversionIndex * _samplePeriodMs);
            return ToAdcCode(AnalogCountsAt(conversionMs), out rawCounts);
        }

        /// <summary>
        /// The bridge signal at <paramref name="uptimeMs"/> in ADC counts at gain 128, with a fresh noise draw and any
        /// pending spike, before quantisation and clamping: what a chip-level HX711 converts. The physics only moves
        /// forward, so a time before the last one asked for counts as that one.
        /// </summary>
        public double AnalogCountsAt(long uptimeMs) => SignalCountsAt(Math.Max(uptimeMs, _stateAtMs));

        private static ScaleReadStatus ToAdcCode(double counts, out int rawCounts)
        {
            if (counts >= FullScalePositiveCounts)
            {
                rawCounts = FullScalePositiveCounts;
                return ScaleReadStatus.Saturated;
            }

            if (counts <= FullScaleNegativeCounts)
            {
                rawCounts = FullScaleNegativeCounts;
                return ScaleReadStatus.Saturated;
            }

            rawCounts = (int)Math.Round(counts, MidpointRounding.AwayFromZero);
            return ScaleReadStatus.Ok;
        }

        private double SignalCountsAt(long uptimeMs)
        {
            AdvanceState(uptimeMs);
            double grams = ResponseGramsAt(uptimeMs) + _creepGrams + _driftGrams;
            double noiseCounts = NextGaussian() * _options.NoiseSigmaGrams * _options.CountsPerGram;
            double spikeCounts = _pendingSpikeCounts;
            _pendingSpikeCounts = 0;
            return _options.OffsetCounts + _options.CountsPerGram * grams + noiseCounts + spikeCounts;
        }

        // Creep and drift are integrated step by step (exact for their first-order and linear laws), so changing
        // the load or the drift rate mid-run carries the accumulated state over.
        private void AdvanceState(long uptimeMs)
        {
            long elapsedMs = uptimeMs - _stateAtMs;
            if (elapsedMs <= 0)
            {
                return;
            }

            double creepTargetGrams = _options.CreepFraction * _loadTargetGrams;
            double creepShare = 1 - Math.Exp(-elapsedMs / _options.CreepTimeConstantMs);
            _creepGrams += (creepTargetGrams - _creepGrams) * creepShare;
            _driftGrams += ZeroDriftGramsPerSecond * elapsedMs / 1000.0;
            _stateAtMs = uptimeMs;
        }

        private double ResponseGramsAt(long uptimeMs)
        {
            double sinceChangeMs = uptimeMs - _loadChangedMs;
            double envelope = Math.Exp(-sinceChangeMs / _options.SettlingTimeConstantMs);
            double ringing = Math.Cos(2 * Math.PI * _options.RingingHz * sinceChangeMs / 1000.0);
            return _loadTargetGrams + (_loadStartGrams - _loadTargetGrams) * envelope * ringing;
        }

        // Box-Muller: System.Random has no Gaussian, and this keeps the stream a pure function of the seed.
        private double NextGaussian()
        {
            double uniform1 = 1.0 - _random.NextDouble();
            double uniform2 = _random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(uniform1)) * Math.Cos(2.0 * Math.PI * uniform2);
        }
    }
}
