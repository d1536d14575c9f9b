namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The outbox's RAM index: the sequences present on flash, sorted ascending, each with the slot (file) that
    /// holds it. Arrays are allocated once at the outbox's capacity; nothing here allocates afterwards.
    /// </summary>
    public sealed class OutboxIndex
    {
        private readonly long[] _sequences;
        private readonly int[] _slots;
        private readonly bool[] _slotUsed;

        /// <summary>Creates an empty index of <paramref name="capacity"/> entries and slots.</summary>
        public OutboxIndex(int capacity)
        {
            _sequences = new long[capacity];
            _slots = new int[capacity];
            _slotUsed = new bool[capacity];
        }

        /// <summary>Entries held.</summary>
        public int Count { get; private set; }

        /// <summary>Entries and slots available in total.</summary>
        public int Capacity
        {
            get { return _sequences.Length; }
        }

        /// <summary>Sequence of the entry at <paramref name="index"/> (0 = oldest).</summary>
        public long SequenceAt(int index)
        {
            AssertIndex(index);
            return _sequences[index];
        }

        /// <summary>Slot of the entry at <paramref name="index"/>.</summary>
        public int SlotAt(int index)
        {
            AssertIndex(index);
            return _slots[index];
        }

        /// <summary>Position of <paramref name="sequence"/>, or -1 when absent (binary search).</summary>
        public int IndexOf(long sequence)
        {
            int low = 0;
            int high = Count - 1;
            while (low <= high)
            {
                int middle = (low + high) / 2;
                long found = _sequences[middle];
                if (found == sequence)
                {
                    return middle;
                }

                if (found < sequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return -1;
        }

        /// <summary>A slot with no entry, or -1 when every slot is used.</summary>
        public int FindFreeSlot()
        {
            for (int slot = 0; slot < _slotUsed.Length; slot++)
            {
                if (!_slotUsed[slot])
                {
                    return slot;
                }
            }

            return -1;
        }

        /// <summary>Adds <paramref name="sequence"/> held in the free <paramref name="slot"/>, keeping the order.</summary>
        public void Insert(long sequence, int slot)
        {
            if (Count == Capacity || _slotUsed[slot] || IndexOf(sequence) >= 0)
            {
                throw new System.InvalidOperationException("outbox index: full, slot used or sequence present");
            }

            int at = Count;
            while (at > 0 && _sequences[at - 1] > sequence)
            {
                _sequences[at] = _sequences[at - 1];
                _slots[at] = _slots[at - 1];
                at--;
            }

            _sequences[at] = sequence;
            _slots[at] = slot;
            _slotUsed[slot] = true;
            Count++;
        }

        /// <summary>Removes the entry at <paramref name="index"/> and frees its slot.</summary>
        public void RemoveAt(int index)
        {
            AssertIndex(index);
            _slotUsed[_slots[index]] = false;
            for (int i = index; i < Count - 1; i++)
            {
                _sequences[i] = _sequences[i + 1];
                _slots[i] = _slots[i + 1];
            }

            Count--;
        }

        /// <summary>Forgets every entry.</summary>
        public void Clear()
        {
            for (int slot = 0; slot < _slotUsed.Length; slot++)
            {
                _slotUsed[slot] = false;
            }

            Count = 0;
        }

        private void AssertIndex(int index)
        {
            if (index < 0 || index >= Count)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }
        }
    }
}
