namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// On-flash layout of one outbox entry, little-endian:
    /// magic "SBOX" (4) | format version (1) | kind (1) | reserved, zero (2) | sequence (8) | payload length (2)
    /// | payload | CRC-32 of everything before it (4).
    /// </summary>
    public static class OutboxRecord
    {
        /// <summary>Format version written and accepted.</summary>
        public const byte FormatVersion = 1;

        /// <summary>Bytes before the payload.</summary>
        public const int HeaderBytes = 18;

        /// <summary>Bytes after the payload.</summary>
        public const int TrailerBytes = 4;

        /// <summary>Largest payload the 16-bit length field can describe.</summary>
        public const int PayloadBytesLimit = 0xFFFF;

        private const int KindOffset = 5;
        private const int SequenceOffset = 8;
        private const int LengthOffset = 16;

        /// <summary>Record size for a payload of <paramref name="payloadBytes"/>.</summary>
        public static int SizeOf(int payloadBytes)
        {
            return HeaderBytes + payloadBytes + TrailerBytes;
        }

        /// <summary>Writes a record into <paramref name="buffer"/> and returns its length.</summary>
        public static int Encode(byte[] buffer, long sequence, byte kind, byte[] payload, int payloadBytes)
        {
            buffer[0] = (byte)'S';
            buffer[1] = (byte)'B';
            buffer[2] = (byte)'O';
            buffer[3] = (byte)'X';
            buffer[4] = FormatVersion;
            buffer[KindOffset] = kind;
            buffer[6] = 0;
            buffer[7] = 0;
            ByteOrder.PutInt64(buffer, SequenceOffset, sequence);
            ByteOrder.PutUInt16(buffer, LengthOffset, payloadBytes);
            System.Array.Copy(payload, 0, buffer, HeaderBytes, payloadBytes);
            int crcOffset = HeaderBytes + payloadBytes;
            ByteOrder.PutUInt32(buffer, crcOffset, Crc32.Compute(buffer, 0, crcOffset));
            return crcOffset + TrailerBytes;
        }

        /// <summary>
        /// Checks every field and the CRC of <paramref name="data"/>; on success gives the sequence, kind and
        /// payload length (the payload starts at <see cref="HeaderBytes"/>).
        /// </summary>
        public static bool TryDecode(byte[] data, int payloadBytesMax, out long sequence, out byte kind, out int payloadBytes)
        {
            sequence = 0;
            kind = 0;
            payloadBytes = 0;
            if (data.Length < HeaderBytes + TrailerBytes)
            {
                return false;
            }

            bool magic = data[0] == 'S' && data[1] == 'B' && data[2] == 'O' && data[3] == 'X';
            if (!magic || data[4] != FormatVersion || data[KindOffset] == 0)
            {
                return false;
            }

            int length = ByteOrder.GetUInt16(data, LengthOffset);
            if (length > payloadBytesMax || data.Length != SizeOf(length))
            {
                return false;
            }

            int crcOffset = HeaderBytes + length;
            if (ByteOrder.GetUInt32(data, crcOffset) != Crc32.Compute(data, 0, crcOffset))
            {
                return false;
            }

            sequence = ByteOrder.GetInt64(data, SequenceOffset);
            kind = data[KindOffset];
            payloadBytes = length;
            return sequence > 0;
        }
    }
}
