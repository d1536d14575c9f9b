using System;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// The straight line from ADC counts to grams: <c>counts = OffsetCounts + CountsPerGram × grams</c>.
    /// Immutable: a new calibration is a new object with a new <see cref="Version"/>, which every drop-off record
    /// carries so that a weighing can be traced to the calibration it used.
    /// </summary>
    public sealed class Calibration
    {
        /// <summary>Creates a calibration; the factor must be positive (a reversed bridge is a wiring fault).</summary>
        public Calibration(double offsetCounts, double countsPerGram, int version)
        {
            if (!(countsPerGram > 0))
            {
                throw new ArgumentOutOfRangeException("countsPerGram", "must be positive");
            }

            if (version < 0)
            {
                throw new ArgumentOutOfRangeException("version", "must not be negative");
            }

            OffsetCounts = offsetCounts;
            CountsPerGram = countsPerGram;
            Version = version;
        }

        /// <summary>Averaged counts with nothing on the load cell (the calibrated zero).</summary>
        public double OffsetCounts { get; }

        /// <summary>Counts per gram of load (the span factor); always positive.</summary>
        public double CountsPerGram { get; }

        /// <summary>Calibration record number; increases with every calibration of this bin.</summary>
        public int Version { get; }

        /// <summary>Grams above the calibrated zero for the given (averaged) counts.</summary>
        public double GramsFromCounts(double counts)
        {
            return (counts - OffsetCounts) / CountsPerGram;
        }
    }
}
