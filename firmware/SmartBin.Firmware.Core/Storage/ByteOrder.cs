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
            Put(buffer, offset, value, 2);
        }

        /// <summary>Reads a 16-bit value at <paramref name="offset"/>.</summary>
        public static int GetUInt16(byte[] buffer, int offset)
        {
            return (int)Get(buffer, offset, 2);
        }

        /// <summary>Writes a 32-bit value at <paramref name="offset"/>.</summary>
        public static void PutUInt32(byte[] buffer, int offset, uint value)
        {
            Put(buffer, offset, value, 4);
        }

        /// <summary>Reads a 32-bit value at <paramref name="offset"/>.</summary>
        public static uint GetUInt32(byte[] buffer, int offset)
        {
            return (uint)Get(buffer, offset, 4);
        }

        /// <summary>Writes a 64-bit value at <paramref name="offset"/>.</summary>
        public static void PutInt64(byte[] buffer, int offset, long value)
        {
            Put(buffer, offset, value, 8);
        }

        /// <summary>Reads a 64-bit value at <paramref name="offset"/>.</summary>
        public static long GetInt64(byte[] buffer, int offset)
        {
            return Get(buffer, offset, 8);
        }

        private static void Put(byte[] buffer, int offset, long value, int byteCount)
        {
            for (int i = 0; i < byteCount; i++)
            {
                buffer[offset + i] = (byte)(value >> (8 * i));
            }
        }

        private static long Get(byte[] buffer, int offset, int byteCount)
        {
            long value = 0;
            for (int i = byteCount - 1; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }
    }
}
