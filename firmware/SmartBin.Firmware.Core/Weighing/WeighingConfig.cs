namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// The scale's configuration: metrology (Max, e) and signal processing (rates and windows). Public fields so
    /// the config store can fill it; <see cref="Validate"/> must pass before a pipeline is built from it.
    /// The OIML R76 rules themselves (zero range, tracking rate, Min) are constants, not configuration.
    /// </summary>
    public sealed class WeighingConfig
    {
        // An int has at most 9 trailing decimal zeros.
        private const int DecadesMax = 9;

        /// <summary>Largest median window; bounds the per-sample sorting work and the buffer size.</summary>
        public const int MedianWindowSamplesMax = 15;

        /// <summary>Largest moving-average window.</summary>
        public const int AverageWindowSamplesMax = 64;

        /// <summary>HX711 converts at 10 or 80 samples per second (RATE pin); nothing faster exists.</summary>
        public const int SampleRatePerSecondMax = 80;

        /// <summary>Largest number of readings one stability window may span; bounds the stability history.</summary>
        public const int StableWindowSamplesMax = 100;

        /// <summary>Longest stability time, ms; a scale that needs longer to settle is broken, not slow.</summary>
        public const int StableMsMax = 10000;

        /// <summary>OIML R76 class III/IIII: at most 10 000 verification intervals.</summary>
        public const int IntervalCountMax = 10000;

        /// <summary>OIML R76 class IIII: at least 100 verification intervals.</summary>
        public const int IntervalCountMin = 100;

        /// <summary>Maximum capacity (Max), grams. Default 30 kg.</summary>
        public int MaxGrams = 30000;

        /// <summary>Verification scale interval e, grams: 1, 2 or 5 × 10^k. Default 10 g.</summary>
        public int ScaleIntervalGrams = 10;

        /// <summary>ADC conversions per second the pipeline is fed. Default 10 (HX711 RATE pin low).</summary>
        public int SampleRatePerSecond = 10;

        /// <summary>
        /// Raw samples in the median window (odd). Default 5: a glitch of up to two conversions never passes, and
        /// the median also damps the bin's ringing while a load settles.
        /// </summary>
        public int MedianWindowSamples = 5;

        /// <summary>
        /// Medians averaged by the moving average. Default 4: at 10 samples/s the median and average together lag a
        /// step by 0.6 s, which keeps "stable" within 1.5 s of the load settling while a net weight is still within
        /// ±1 e at 0.3 e of noise (see the drop-off acceptance test, which chose these two values).
        /// </summary>
        public int AverageWindowSamples = 4;

        /// <summary>How long every reading must stay within 1 e before the weight is stable, ms. Default 1 s.</summary>
        public int StableMs = 1000;

        /// <summary>
        /// No conversion for longer than this is the <see cref="ScaleFault.NoSamples"/> fault, ms. Default 500 ms,
        /// five periods at 10 samples/s, so one late conversion is not a fault.
        /// </summary>
        public int SensorLostMs = 500;

        /// <summary>Returns why this configuration is unusable, or null when it is valid.</summary>
        public string? Validate()
        {
            string? metrologyError = ValidateMetrology();
            if (metrologyError != null)
            {
                return metrologyError;
            }

            return ValidateSignal();
        }

        private string? ValidateMetrology()
        {
            if (!IsOneTwoFiveDecade(ScaleIntervalGrams))
            {
                return "ScaleIntervalGrams must be 1, 2 or 5 x 10^k";
            }

            if (MaxGrams <= 0 || MaxGrams % ScaleIntervalGrams != 0)
            {
                return "MaxGrams must be a positive multiple of ScaleIntervalGrams";
            }

            int intervalCount = MaxGrams / ScaleIntervalGrams;
            if (intervalCount < IntervalCountMin || intervalCount > IntervalCountMax)
            {
                return "MaxGrams / ScaleIntervalGrams must be between 100 and 10000";
            }

            return null;
        }

        private string? ValidateSignal()
        {
            if (SampleRatePerSecond < 1 || SampleRatePerSecond > SampleRatePerSecondMax)
            {
                return "SampleRatePerSecond must be between 1 and 80";
            }

            if (MedianWindowSamples < 1 || MedianWindowSamples > MedianWindowSamplesMax || MedianWindowSamples % 2 == 0)
            {
                return "MedianWindowSamples must be odd and between 1 and 15";
            }

            if (AverageWindowSamples < 1 || AverageWindowSamples > AverageWindowSamplesMax)
            {
                return "AverageWindowSamples must be between 1 and 64";
            }

            if (StableMs < 1 || StableMs > StableMsMax || StableWindowSamples() > StableWindowSamplesMax)
            {
                return "StableMs must be between 1 and 10000 and span at most 100 samples";
            }

            if (SensorLostMs < 2 * SamplePeriodMs() || SensorLostMs > StableMs * 10)
            {
                return "SensorLostMs must be at least two sample periods and at most 10 x StableMs";
            }

            return null;
        }

        /// <summary>Nominal time between conversions, ms (rounded down).</summary>
        public int SamplePeriodMs()
        {
            return 1000 / SampleRatePerSecond;
        }

        /// <summary>Readings one stability window spans at the nominal rate (rounded up).</summary>
        public int StableWindowSamples()
        {
            return (StableMs * SampleRatePerSecond + 999) / 1000;
        }

        private static bool IsOneTwoFiveDecade(int grams)
        {
            if (grams <= 0)
            {
                return false;
            }

            int mantissa = grams;
            for (int decade = 0; decade < DecadesMax && mantissa % 10 == 0; decade++)
            {
                mantissa /= 10;
            }

            return mantissa == 1 || mantissa == 2 || mantissa == 5;
        }
    }
}
