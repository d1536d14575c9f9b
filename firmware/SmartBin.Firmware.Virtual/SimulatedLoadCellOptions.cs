namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// The physics of a <see cref="SimulatedLoadCell"/>. Defaults: a 2 mV/V 30 kg cell on an HX711 at gain 128
    /// and 10 samples/s, with noise of 0.3 e at e = 10 g. Weights are in grams; multiply e-values by e.
    /// </summary>
    public sealed class SimulatedLoadCellOptions
    {
        /// <summary>Seed of the noise generator: the same seed and the same script give the same counts.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>Counts with nothing on the cell (bridge imbalance).</summary>
        public double OffsetCounts { get; init; } = 84000;

        /// <summary>Counts per gram (2 mV/V × 4.3 V excitation × gain 128 over the HX711's ±0.5 AVDD span).</summary>
        public double CountsPerGram { get; init; } = 115.4;

        /// <summary>Conversions per second (HX711 RATE pin: 10 or 80).</summary>
        public int SampleRatePerSecond { get; init; } = 10;

        /// <summary>Standard deviation of the Gaussian noise on each conversion, grams.</summary>
        public double NoiseSigmaGrams { get; init; } = 3.0;

        /// <summary>
        /// Time constant of the damped settling after a load change, ms. The motion envelope falls by e every
        /// time constant: a 20 kg drop is within 2.5 g after about nine (≈ 1.1 s at 120 ms), 50 g after three.
        /// </summary>
        public double SettlingTimeConstantMs { get; init; } = 120;

        /// <summary>Frequency of the bin's ringing while it settles, Hz; 0 for a plain exponential approach.</summary>
        public double RingingHz { get; init; } = 2.0;

        /// <summary>Zero drift (temperature, ageing) at start, grams per second; <see cref="SimulatedLoadCell.ZeroDriftGramsPerSecond"/> changes it later.</summary>
        public double ZeroDriftGramsPerSecond { get; init; }

        /// <summary>Creep: the share of the load the reading gains when the load stays on (0.0002 = 0.02 %).</summary>
        public double CreepFraction { get; init; } = 0.0002;

        /// <summary>Time constant of creep and of its recovery after unloading, ms.</summary>
        public double CreepTimeConstantMs { get; init; } = 600000;
    }
}
