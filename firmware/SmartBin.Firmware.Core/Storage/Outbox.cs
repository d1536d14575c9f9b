using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The bounded durable queue of messages waiting for the gateway's ack: drop-offs and events, each with a
    /// sequence number that is never reused. Survives a power cut at any flash write.
    /// </summary>
    /// <remarks>
    /// <para>Files (see <see cref="OutboxFiles"/>): one a slot for each entry (<see cref="OutboxRecord"/>), a temp
    /// file for the entry being appended, the <see cref="SequenceCounter"/>'s two copies, and quarantined corrupt
    /// entries (at most one a slot, so their number is bounded too).</para>
    /// <para>Append writes the temp file, then renames it into a free slot, so a slot file is always complete:
    /// a cut leaves either no slot file or the whole record (the rename target never exists, so a rename that
    /// deletes before it moves cannot lose anything). At boot, <see cref="Open"/> promotes a complete temp file
    /// whose sequence is not on flash yet (an append cut after the write) and deletes a torn one.</para>
    /// <para>Reserve policy: drop-offs are never dropped. A session starts only when <see cref="CanStartSession"/>
    /// (at least <see cref="SessionReserveSlots"/> free): even if an event takes one slot while the session runs,
    /// one is left for its drop-off. Events (every kind but <see cref="OutboxKind.DropOff"/>) are refused and
    /// counted in <see cref="DroppedEventCount"/> once free slots are down to <see cref="EventReserveSlots"/>.</para>
    /// <para>Memory: the record buffer (payload limit + 22 bytes) and one path string a slot, all at construction.</para>
    /// </remarks>
    public sealed class Outbox
    {
        /// <summary>Free slots a new session needs: one for its drop-off, one for an event that may race it.</summary>
        public const int SessionReserveSlots = 2;

        /// <summary>Free slots kept for drop-offs: events are refused when free slots are at or below this.</summary>
        public const int EventReserveSlots = 1;

        private readonly IFlashFileSystem _fs;
        private readonly string _directory;
        private readonly int _payloadBytesMax;
        private readonly string[] _slotPaths;
        private readonly string _tempPath;
        private readonly byte[] _recordBuffer;
        private readonly OutboxIndex _index;
        private readonly SequenceCounter _counter;
        private bool _isOpen;

        /// <summary>Creates an outbox in <paramref name="directory"/>; call <see cref="Open"/> before use.</summary>
        public Outbox(IFlashFileSystem fs, string directory, int capacityEntries, int maxPayloadBytes)
        {
            if (capacityEntries < SessionReserveSlots)
            {
                throw new System.ArgumentOutOfRangeException("capacityEntries");
            }

            if (maxPayloadBytes < 0 || maxPayloadBytes > OutboxRecord.PayloadBytesLimit)
            {
                throw new System.ArgumentOutOfRangeException("maxPayloadBytes");
            }

            _fs = fs;
            _directory = directory;
            _payloadBytesMax = maxPayloadBytes;
            _slotPaths = new string[capacityEntries];
            for (int slot = 0; slot < capacityEntries; slot++)
            {
                _slotPaths[slot] = StoragePath.Join(directory, OutboxFiles.SlotName(slot, OutboxFiles.RecordExtension));
            }

            _tempPath = StoragePath.Join(directory, OutboxFiles.TempName);
            _recordBuffer = new byte[OutboxRecord.SizeOf(maxPayloadBytes)];
            _index = new OutboxIndex(capacityEntries);
            _counter = new SequenceCounter(fs, directory);
        }

        /// <summary>Entries waiting for an ack.</summary>
        public int Count
        {
            get { return _index.Count; }
        }

        /// <summary>Entries the outbox can hold.</summary>
        public int Capacity
        {
            get { return _index.Capacity; }
        }

        /// <summary>Slots free for new entries.</summary>
        public int FreeSlots
        {
            get { return _index.Capacity - _index.Count; }
        }

        /// <summary>True when no entry can be added.</summary>
        public bool IsFull
        {
            get { return FreeSlots == 0; }
        }

        /// <summary>True when a session may start: its drop-off is sure to fit (see the reserve policy).</summary>
        public bool CanStartSession
        {
            get { return FreeSlots >= SessionReserveSlots; }
        }

        /// <summary>True when an event would be accepted now.</summary>
        public bool CanAcceptEvent
        {
            get { return FreeSlots > EventReserveSlots; }
        }

        /// <summary>Largest payload accepted, bytes.</summary>
        public int MaxPayloadBytes
        {
            get { return _payloadBytesMax; }
        }

        /// <summary>Highest sequence number handed out so far.</summary>
        public long LastReservedSequence
        {
            get { return _counter.LastReserved; }
        }

        /// <summary>True when the last <see cref="Open"/> found the counter unreadable and skipped ahead.</summary>
        public bool SequenceCounterWasLost
        {
            get { return _counter.WasLost; }
        }

        /// <summary>Entries found corrupt or missing (at boot or when peeked) and never served.</summary>
        public int CorruptRecordCount { get; private set; }

        /// <summary>Acks naming a sequence that is not in the outbox.</summary>
        public int UnknownAckCount { get; private set; }

        /// <summary>Events refused to keep the drop-off reserve.</summary>
        public int DroppedEventCount { get; private set; }

        /// <summary>Appends refused because the outbox was full.</summary>
        public int FullRefusalCount { get; private set; }

        /// <summary>Complete temp records promoted into a slot by <see cref="Open"/> (append cut after the write).</summary>
        public int RecoveredTempCount { get; private set; }

        /// <summary>Torn or redundant temp records deleted by <see cref="Open"/>.</summary>
        public int DiscardedTempCount { get; private set; }

        /// <summary>
        /// Recovers after a restart or crash: creates the directory, indexes every valid entry, quarantines corrupt
        /// ones, settles the temp file and restores the sequence counter. Safe to cut and repeat at any write.
        /// </summary>
        public void Open()
        {
            _isOpen = false;
            _index.Clear();
            _fs.CreateDirectory(_directory);
            bool anyRecord = LoadSlots();
            anyRecord |= SettleTemp();
            long highest = _index.Count > 0 ? _index.SequenceAt(_index.Count - 1) : 0;
            _counter.Recover(highest, anyRecord);
            if (_counter.LastReserved < highest)
            {
                throw new System.InvalidOperationException("outbox: counter below a sequence on flash");
            }

            _isOpen = true;
        }

        /// <summary>Persists and returns a new sequence number; a cut may skip a number, never reuse one.</summary>
        public long ReserveSequence()
        {
            AssertOpen();
            return _counter.Reserve();
        }

        /// <summary>
        /// Stores an entry under a reserved <paramref name="sequence"/>; durable when it returns true. Returns false
        /// only when the outbox is full, or for an event when only the drop-off reserve is left.
        /// </summary>
        public bool TryAppend(long sequence, byte kind, byte[] payload, int length)
        {
            AssertOpen();
            AssertAppendArguments(sequence, kind, payload, length);
            if (IsFull)
            {
                FullRefusalCount++;
                return false;
            }

            if (kind != OutboxKind.DropOff && !CanAcceptEvent)
            {
                DroppedEventCount++;
                return false;
            }

            int slot = _index.FindFreeSlot();
            int recordBytes = OutboxRecord.Encode(_recordBuffer, sequence, kind, payload, length);
            _fs.Write(_tempPath, _recordBuffer, recordBytes);
            _fs.Rename(_tempPath, _slotPaths[slot]);
            _index.Insert(sequence, slot);
            return true;
        }

        /// <summary>Sequence of the entry <paramref name="skip"/> places after the oldest; allocates nothing.</summary>
        public long SequenceAt(int skip)
        {
            return _index.SequenceAt(skip);
        }

        /// <summary>
        /// Reads the entry <paramref name="skip"/> places after the oldest into <paramref name="buffer"/> (at least
        /// <see cref="MaxPayloadBytes"/> long). The CRC is checked on every read: a corrupt entry is quarantined,
        /// counted and skipped over, never returned. False when there is no such entry.
        /// </summary>
        public bool TryPeekOldest(int skip, out long sequence, out byte kind, byte[] buffer, out int length)
        {
            AssertOpen();
            if (buffer.Length < _payloadBytesMax)
            {
                throw new System.ArgumentException("buffer shorter than the payload limit", "buffer");
            }

            sequence = 0;
            kind = 0;
            length = 0;
            for (int attempt = 0; attempt < Capacity && skip < _index.Count; attempt++)
            {
                byte[]? data = _fs.ReadAll(_slotPaths[_index.SlotAt(skip)]);
                long found;
                if (data != null && OutboxRecord.TryDecode(data, _payloadBytesMax, out found, out kind, out length) &&
                    found == _index.SequenceAt(skip))
                {
                    sequence = found;
                    System.Array.Copy(data, OutboxRecord.HeaderBytes, buffer, 0, length);
                    return true;
                }

                CorruptRecordCount++;
                if (data != null)
                {
                    Quarantine(_index.SlotAt(skip));
                }

                _index.RemoveAt(skip);
            }

            kind = 0;
            length = 0;
            return false;
        }

        /// <summary>Removes the entry the gateway acknowledged; an unknown sequence is ignored, counted, and false.</summary>
        public bool Acknowledge(long sequence)
        {
            AssertOpen();
            int at = _index.IndexOf(sequence);
            if (at < 0)
            {
                UnknownAckCount++;
                return false;
            }

            _fs.Delete(_slotPaths[_index.SlotAt(at)]);
            _index.RemoveAt(at);
            return true;
        }

        /// <summary>
        /// Factory reset: deletes every entry, temp and quarantined file. The sequence counter survives, so numbers
        /// are still never reused. A cut part-way leaves some entries, which the next <see cref="Open"/> serves.
        /// </summary>
        public void Clear()
        {
            AssertOpen();
            string[] files = _fs.List(_directory);
            for (int i = 0; i < files.Length; i++)
            {
                string name = StoragePath.FileName(files[i]);
                bool entry = OutboxFiles.ParseSlot(name, OutboxFiles.RecordExtension) >= 0;
                bool quarantined = OutboxFiles.ParseSlot(name, OutboxFiles.QuarantineExtension) >= 0;
                if (entry || quarantined || name == OutboxFiles.TempName)
                {
                    _fs.Delete(StoragePath.Join(_directory, name));
                }
            }

            _index.Clear();
        }

        private bool LoadSlots()
        {
            bool anyRecord = false;
            string[] files = _fs.List(_directory);
            for (int i = 0; i < files.Length; i++)
            {
                int slot = OutboxFiles.ParseSlot(StoragePath.FileName(files[i]), OutboxFiles.RecordExtension);
                if (slot < 0 || slot >= Capacity)
                {
                    continue;
                }

                anyRecord = true;
                byte[]? data = _fs.ReadAll(_slotPaths[slot]);
                if (data == null)
                {
                    continue;
                }

                long sequence;
                byte kind;
                int length;
                bool valid = OutboxRecord.TryDecode(data, _payloadBytesMax, out sequence, out kind, out length);
                if (valid && _index.IndexOf(sequence) < 0)
                {
                    _index.Insert(sequence, slot);
                }
                else
                {
                    CorruptRecordCount++;
                    Quarantine(slot);
                }
            }

            return anyRecord;
        }

        private bool SettleTemp()
        {
            byte[]? data = _fs.ReadAll(_tempPath);
            if (data == null)
            {
                return false;
            }

            long sequence;
            byte kind;
            int length;
            bool valid = OutboxRecord.TryDecode(data, _payloadBytesMax, out sequence, out kind, out length);
            int slot = _index.FindFreeSlot();
            if (valid && slot >= 0 && _index.IndexOf(sequence) < 0)
            {
                _fs.Rename(_tempPath, _slotPaths[slot]);
                _index.Insert(sequence, slot);
                RecoveredTempCount++;
                return true;
            }

            _fs.Delete(_tempPath);
            DiscardedTempCount++;
            return valid;
        }

        private void Quarantine(int slot)
        {
            _fs.Rename(_slotPaths[slot], StoragePath.Join(_directory, OutboxFiles.SlotName(slot, OutboxFiles.QuarantineExtension)));
        }

        private void AssertOpen()
        {
            if (!_isOpen)
            {
                throw new System.InvalidOperationException("outbox not open");
            }
        }

        private void AssertAppendArguments(long sequence, byte kind, byte[] payload, int length)
        {
            if (sequence <= 0 || sequence > _counter.LastReserved)
            {
                throw new System.ArgumentOutOfRangeException("sequence", "append only a reserved sequence");
            }

            if (_index.IndexOf(sequence) >= 0)
            {
                throw new System.ArgumentException("sequence already in the outbox", "sequence");
            }

            if (kind == 0)
            {
                throw new System.ArgumentOutOfRangeException("kind");
            }

            if (length < 0 || length > _payloadBytesMax || length > payload.Length)
            {
                throw new System.ArgumentOutOfRangeException("length");
            }
        }
    }
}
