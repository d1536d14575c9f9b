using System;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Collects calibration points (averaged counts with a known load: the empty scale as 0 g, then reference
    /// weights) and fits the least-squares line through them. Used by the calibration wizard, never per sample.
    /// </summary>
    public sealed class CalibrationFit
    {
        /// <summary>Most points one calibration may hold; a wizard uses two to five.</summary>
        public const int PointsMax = 16;

        /// <summary>Error: fewer than two points.</summary>
        public const string ErrorTooFewPoints = "too-few-points";

        /// <summary>Error: all points have the same known weight, so no slope can be fitted.</summary>
        public const string ErrorPointsNotDistinct = "points-not-distinct";

        /// <summary>Error: counts fall as the load rises (reversed bridge wiring, swapped weights).</summary>
        public const string ErrorFactorNotPositive = "factor-not-positive";

        /// <summary>
        /// Error: the slope resolves less than one count per e, or Max would not fit the ADC's range: the wrong
        /// load cell, gain or reference weight.
        /// </summary>
        public const string ErrorFactorOutOfRange = "factor-out-of-range";

        /// <summary>Error: the fit already holds <see cref="PointsMax"/> points.</summary>
        public const string ErrorTooManyPoints = "too-many-points";

        /// <summary>Error: a known weight below 0 g or above Max.</summary>
        public const string ErrorGramsOutOfRange = "grams-out-of-range";

        /// <summary>Error: counts outside the ADC's signed 24-bit range.</summary>
        public const string ErrorCountsOutOfRange = "counts-out-of-range";

        // Signed 24-bit ADC: 2^24 codes from negative to positive full scale.
        private const double AdcSpanCounts = 16777216.0;

        private readonly double[] _gramsPoints = new double[PointsMax];
        private readonly double[] _countsPoints = new double[PointsMax];
        private readonly int _maxGrams;
        private readonly int _scaleIntervalGrams;

        /// <summary>Creates an empty fit for a scale with the given (validated) configuration.</summary>
        public CalibrationFit(WeighingConfig config)
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

            _maxGrams = config.MaxGrams;
            _scaleIntervalGrams = config.ScaleIntervalGrams;
        }

        /// <summary>Number of points added so far.</summary>
        public int PointCount { get; private set; }

        /// <summary>
        /// Adds one point: the pipeline's <see cref="WeighingPipeline.AverageCounts"/> while the known load rested,
        /// stable, on the scale. Returns an error code, or null when the point was taken.
        /// </summary>
        public string? AddPoint(double averageCounts, double knownGrams)
        {
            if (PointCount >= PointsMax)
            {
                return ErrorTooManyPoints;
            }

            if (knownGrams < 0 || knownGrams > _maxGrams)
            {
                return ErrorGramsOutOfRange;
            }

            if (averageCounts <= -AdcSpanCounts / 2 || averageCounts >= AdcSpanCounts / 2)
            {
                return ErrorCountsOutOfRange;
            }

            _gramsPoints[PointCount] = knownGrams;
            _countsPoints[PointCount] = averageCounts;
            PointCount++;
            return null;
        }

        /// <summary>Forgets the last point added (the console refuses a point whose fit fails, whole).</summary>
        public void RemoveLastPoint()
        {
            if (PointCount > 0)
            {
                PointCount--;
            }
        }

        /// <summary>Forgets every point, to start the wizard again.</summary>
        public void Clear()
        {
            PointCount = 0;
        }

        /// <summary>Known weight of point <paramref name="index"/>, grams.</summary>
        public double PointGrams(int index)
        {
            CheckIndex(index);
            return _gramsPoints[index];
        }

        /// <summary>Averaged counts of point <paramref name="index"/>.</summary>
        public double PointCounts(int index)
        {
            CheckIndex(index);
            return _countsPoints[index];
        }

        /// <summary>
        /// Fits <c>counts = offset + factor × grams</c> by least squares (counts carry the noise; the reference
        /// weights are exact). Returns the calibration, or null with <paramref name="error"/> set.
        /// </summary>
        public Calibration? Fit(int version, out string? error)
        {
            if (PointCount < 2)
            {
                error = ErrorTooFewPoints;
                return null;
            }

            double meanGrams = Mean(_gramsPoints);
            double meanCounts = Mean(_countsPoints);
            double gramsSquares = 0;
            double crossProducts = 0;
            for (int i = 0; i < PointCount; i++)
            {
                double dGrams = _gramsPoints[i] - meanGrams;
                gramsSquares += dGrams * dGrams;
                crossProducts += dGrams * (_countsPoints[i] - meanCounts);
            }

            // Reference weights are whole grams at least 1 g apart; anything below that is the same weight.
            if (gramsSquares < 0.5)
            {
                error = ErrorPointsNotDistinct;
                return null;
            }

            double countsPerGram = crossProducts / gramsSquares;
            error = CheckFactor(countsPerGram);
            if (error != null)
            {
                return null;
            }

            return new Calibration(meanCounts - countsPerGram * meanGrams, countsPerGram, version);
        }

        /// <summary>
        /// How far the calibration misreads point <paramref name="index"/>, in e (reading − known weight); the
        /// wizard shows it so that a wrong reference weight or a non-linear cell is seen before saving.
        /// </summary>
        public double ResidualE(Calibration calibration, int index)
        {
            CheckIndex(index);
            double readGrams = calibration.GramsFromCounts(_countsPoints[index]);
            return (readGrams - _gramsPoints[index]) / _scaleIntervalGrams;
        }

        /// <summary>The largest residual magnitude over all points, in e.</summary>
        public double ResidualEMaxAbs(Calibration calibration)
        {
            double worstE = 0;
            for (int i = 0; i < PointCount; i++)
            {
                double residualE = ResidualE(calibration, i);
                double magnitudeE = residualE < 0 ? -residualE : residualE;
                if (magnitudeE > worstE)
                {
                    worstE = magnitudeE;
                }
            }

            return worstE;
        }

        private string? CheckFactor(double countsPerGram)
        {
            if (!(countsPerGram > 0))
            {
                return ErrorFactorNotPositive;
            }

            bool resolvesE = countsPerGram * _scaleIntervalGrams >= 1.0;
            bool maxFitsAdc = countsPerGram * _maxGrams < AdcSpanCounts;
            if (!resolvesE || !maxFitsAdc)
            {
                return ErrorFactorOutOfRange;
            }

            return null;
        }

        private double Mean(double[] values)
        {
            double sum = 0;
            for (int i = 0; i < PointCount; i++)
            {
                sum += values[i];
            }

            return sum / PointCount;
        }

        private void CheckIndex(int index)
        {
            if (index < 0 || index >= PointCount)
            {
                throw new ArgumentOutOfRangeException("index");
            }
        }
    }
}
