namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// Little-endian field access on byte buffers. Written out by hand rather than with BitConverter so the
    /// on-flash layout does not depend on the platform's byte order.
    /// </summary>
    public static class ByteOrder
    {
        /// <summary>Writes a 16-bit value at <paramref name="offset"/>.</summary>
        public static void PutUInt16(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Reads a 16-bit value at <paramref name="offset"/>.</summary>
        public static int GetUInt16(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8);
        }

        /// <summary>Writes a 32-bit value at <paramref name="offset"/>.</summary>
        public static void PutUInt32(byte[] buffer, int offset, uint value)
        {
            for (int i = 0; i < 4; i++)
            {
                buffer[offset + i] = (byte)(value >> (8 * i));
            }
        }

        /// <summary>Reads a 32-bit value at <paramref name="offset"/>.</summary>
        public static uint GetUInt32(byte[] buffer, int offset)
        {
            uint value = 0;
            for (int i = 3; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        /// <summary>Writes a 64-bit value at <paramref name="offset"/>.</summary>
        public static void PutInt64(byte[] buffer, int offset, long value)
        {
            for (int i = 0; i < 8; i++)
            {
                buffer[offset + i] = (byte)(value >> (8 * i));
            }
        }

        /// <summary>Reads a 64-bit value at <paramref name="offset"/>.</summary>
        public static long GetInt64(byte[] buffer, int offset)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }
    }
}
