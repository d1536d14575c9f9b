using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// An ultrasonic distance sensor looking down from the lid: distance = empty distance − fill height,
    /// with a little noise, and occasional missed echoes like a real sensor over uneven plastic.
    /// </summary>
    public sealed class SimulatedDistanceSensor : IDistanceSensor
    {
        private readonly Random _random;

        /// <summary>Creates a sensor over an empty bin.</summary>
        public SimulatedDistanceSensor(int emptyDistanceMm, int seed)
        {
            EmptyDistanceMm = emptyDistanceMm;
            DistanceMm = emptyDistanceMm;
            _random = new Random(seed);
        }

        /// <summary>Distance to the floor of the empty bin.</summary>
        public int EmptyDistanceMm { get; }

        /// <summary>True distance to the contents now.</summary>
        public int DistanceMm { get; set; }

        /// <summary>Noise, millimetres (uniform ±).</summary>
        public int NoiseMm { get; set; } = 5;

        /// <summary>Probability that a reading is missing (no echo).</summary>
        public double MissProbability { get; set; } = 0.02;

        /// <summary>When false the sensor never answers (unplugged).</summary>
        public bool IsConnected { get; set; } = true;

        /// <summary>Raises the contents by <paramref name="heightMm"/> (never above the sensor).</summary>
        public void AddHeight(int heightMm) => DistanceMm = Math.Max(20, DistanceMm - heightMm);

        /// <summary>The bin was emptied.</summary>
        public void Empty() => DistanceMm = EmptyDistanceMm;

        /// <inheritdoc />
        public bool TryReadDistance(out int distanceMm)
        {
            distanceMm = 0;
            if (!IsConnected || _random.NextDouble() < MissProbability)
            {
                return false;
            }

            distanceMm = Math.Max(20, DistanceMm + _random.Next(-NoiseMm, NoiseMm + 1));
            return true;
        }
    }
}
