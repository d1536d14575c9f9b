using System;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Mean of the last N medians. The sum is kept in a long of whole counts, so adding and removing never
    /// accumulates rounding error however long the scale runs.
    /// </summary>
    public sealed class MovingAverage
    {
        private readonly int[] _window;
        private int _oldestIndex;
        private long _sumCounts;

        /// <summary>Creates an empty average over <paramref name="windowSamples"/> values.</summary>
        public MovingAverage(int windowSamples)
        {
            if (windowSamples < 1 || windowSamples > WeighingConfig.AverageWindowSamplesMax)
            {
                throw new ArgumentOutOfRangeException("windowSamples");
            }

            _window = new int[windowSamples];
        }

        /// <summary>Values currently averaged (grows to the window size, then stays there).</summary>
        public int Count { get; private set; }

        /// <summary>Adds a value (dropping the oldest once the window is full).</summary>
        public void Add(int counts)
        {
            if (Count == _window.Length)
            {
                _sumCounts -= _window[_oldestIndex];
                _window[_oldestIndex] = counts;
                _oldestIndex = (_oldestIndex + 1) % _window.Length;
            }
            else
            {
                _window[Count] = counts;
                Count++;
            }

            _sumCounts += counts;
        }

        /// <summary>The mean of the values in the window.</summary>
        public double Mean()
        {
            if (Count == 0)
            {
                throw new InvalidOperationException("mean of an empty window");
            }

            return (double)_sumCounts / Count;
        }

        /// <summary>Empties the window.</summary>
        public void Clear()
        {
            Count = 0;
            _oldestIndex = 0;
            _sumCounts = 0;
        }
    }
}
