using System;

namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Running median of the last N raw counts: a spike shorter than half the window never reaches the average.
    /// Keeps the window twice, in arrival order (to know which sample leaves) and sorted (to read the middle);
    /// each sample is one removal and one insertion into the sorted copy, O(N), and allocates nothing.
    /// </summary>
    public sealed class MedianFilter
    {
        private readonly int[] _arrival;
        private readonly int[] _sorted;
        private int _oldestIndex;

        /// <summary>Creates an empty filter over a window of <paramref name="windowSamples"/> samples.</summary>
        public MedianFilter(int windowSamples)
        {
            if (windowSamples < 1 || windowSamples > WeighingConfig.MedianWindowSamplesMax)
            {
                throw new ArgumentOutOfRangeException("windowSamples");
            }

            _arrival = new int[windowSamples];
            _sorted = new int[windowSamples];
        }

        /// <summary>Samples currently in the window (grows to the window size, then stays there).</summary>
        public int Count { get; private set; }

        /// <summary>Adds a sample (dropping the oldest once the window is full) and returns the median.</summary>
        public int Add(int counts)
        {
            if (Count == _arrival.Length)
            {
                RemoveSorted(_arrival[_oldestIndex]);
                _arrival[_oldestIndex] = counts;
                _oldestIndex = (_oldestIndex + 1) % _arrival.Length;
            }
            else
            {
                _arrival[Count] = counts;
            }

            InsertSorted(counts);
            return Median();
        }

        /// <summary>The middle sample; while the window fills with an even count, the lower of the two middles.</summary>
        public int Median()
        {
            if (Count == 0)
            {
                throw new InvalidOperationException("median of an empty window");
            }

            return _sorted[(Count - 1) / 2];
        }

        /// <summary>Empties the window (after a fault, so stale counts do not mix with fresh ones).</summary>
        public void Clear()
        {
            Count = 0;
            _oldestIndex = 0;
        }

        private void RemoveSorted(int counts)
        {
            int index = 0;
            while (index < Count && _sorted[index] != counts)
            {
                index++;
            }

            if (index == Count)
            {
                throw new InvalidOperationException("median window lost a sample");
            }

            for (int i = index; i < Count - 1; i++)
            {
                _sorted[i] = _sorted[i + 1];
            }

            Count--;
        }

        private void InsertSorted(int counts)
        {
            int index = Count;
            while (index > 0 && _sorted[index - 1] > counts)
            {
                _sorted[index] = _sorted[index - 1];
                index--;
            }

            _sorted[index] = counts;
            Count++;
        }
    }
}
