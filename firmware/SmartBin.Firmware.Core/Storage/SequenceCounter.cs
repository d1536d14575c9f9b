using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The outbox's persisted sequence counter: the highest sequence number ever handed out, kept as a
    /// <see cref="MirroredFile"/>. A number is persisted before it is handed out, so a cut can skip a number but
    /// never hand the same one out twice.
    /// </summary>
    public sealed class SequenceCounter
    {
        /// <summary>
        /// How far past the highest sequence on flash the counter jumps when every copy of it is unreadable
        /// (two faults: power loss alone never does this). Acknowledged records are gone, so the true last number
        /// is unknown; a gap is harmless to the gateway, a reused number is not.
        /// </summary>
        public const long LostCounterSkip = 1000000;

        private const int Version = 1;
        private const int ValueOffset = 8;
        private const int CrcOffset = 16;
        private const int RecordBytes = 20;

        private readonly MirroredFile _file;
        private readonly byte[] _buffer = new byte[RecordBytes];

        /// <summary>Keeps the counter as <c>seq.a</c> and <c>seq.b</c> in <paramref name="directory"/>.</summary>
        public SequenceCounter(IFlashFileSystem fs, string directory)
        {
            _file = new MirroredFile(fs, directory, "seq");
        }

        /// <summary>Highest sequence number reserved so far (0 before the first).</summary>
        public long LastReserved { get; private set; }

        /// <summary>True when recovery found no readable copy although numbers had been handed out.</summary>
        public bool WasLost { get; private set; }

        /// <summary>Copies found unreadable by the last <see cref="Recover"/> (one is normal after a cut).</summary>
        public int CorruptCopyCount { get; private set; }

        /// <summary>
        /// Restores the counter at boot as the larger of the persisted value and
        /// <paramref name="highestSequenceOnFlash"/>.
        /// </summary>
        /// <param name="highestSequenceOnFlash">Highest sequence of any valid record found on flash.</param>
        /// <param name="anyRecordOnFlash">True when any record file (valid or not) was found.</param>
        public void Recover(long highestSequenceOnFlash, bool anyRecordOnFlash)
        {
            long persisted = -1;
            bool lastCopyExists = false;
            CorruptCopyCount = 0;
            for (int copy = 0; copy < MirroredFile.CopyCount; copy++)
            {
                byte[]? data = _file.Read(copy);
                lastCopyExists = data != null;
                long value;
                if (data != null && TryDecode(data, out value))
                {
                    persisted = value > persisted ? value : persisted;
                }
                else if (data != null)
                {
                    CorruptCopyCount++;
                }
            }

            // The last copy is written only after the first is complete, so its existence means some number
            // was handed out; without it, a torn first copy is the very first reservation, never returned.
            bool everHandedOut = lastCopyExists || anyRecordOnFlash;
            WasLost = persisted < 0 && everHandedOut;
            if (WasLost)
            {
                LastReserved = highestSequenceOnFlash + LostCounterSkip;
                Persist(LastReserved);
                return;
            }

            LastReserved = persisted > highestSequenceOnFlash ? persisted : highestSequenceOnFlash;
        }

        /// <summary>Persists and returns the next sequence number.</summary>
        public long Reserve()
        {
            if (LastReserved == long.MaxValue)
            {
                throw new System.InvalidOperationException("sequence numbers exhausted");
            }

            long next = LastReserved + 1;
            Persist(next);
            LastReserved = next;
            return next;
        }

        private void Persist(long value)
        {
            _buffer[0] = (byte)'S';
            _buffer[1] = (byte)'B';
            _buffer[2] = (byte)'S';
            _buffer[3] = (byte)'Q';
            _buffer[4] = Version;
            _buffer[5] = 0;
            _buffer[6] = 0;
            _buffer[7] = 0;
            ByteOrder.PutInt64(_buffer, ValueOffset, value);
            ByteOrder.PutUInt32(_buffer, CrcOffset, Crc32.Compute(_buffer, 0, CrcOffset));
            _file.Write(_buffer, RecordBytes);
        }

        private static bool TryDecode(byte[] data, out long value)
        {
            value = 0;
            if (data.Length != RecordBytes)
            {
                return false;
            }

            bool magic = data[0] == 'S' && data[1] == 'B' && data[2] == 'S' && data[3] == 'Q';
            if (!magic || data[4] != Version)
            {
                return false;
            }

            if (ByteOrder.GetUInt32(data, CrcOffset) != Crc32.Compute(data, 0, CrcOffset))
            {
                return false;
            }

            value = ByteOrder.GetInt64(data, ValueOffset);
            return value >= 0;
        }
    }
}
