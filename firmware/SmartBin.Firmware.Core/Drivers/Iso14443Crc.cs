namespace SmartBin.Firmware.Core.Drivers
{
    /// <summary>
    /// CRC_A of ISO/IEC 14443-3 (polynomial x^16 + x^12 + x^5 + 1, reflected 0x8408, initial value 0x6363, no final
    /// XOR). Computed in software so SELECT and HLTA frames cost no extra SPI round trips to the chip's coprocessor.
    /// </summary>
    public static class Iso14443Crc
    {
        private const ushort InitialValue = 0x6363;
        private const ushort ReflectedPolynomial = 0x8408;

        /// <summary>CRC_A of <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static ushort Compute(byte[] data, int offset, int length)
        {
            int crc = InitialValue;
            int end = offset + length;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
                }
            }

            return (ushort)crc;
        }

        /// <summary>
        /// Appends CRC_A of the first <paramref name="length"/> bytes of <paramref name="frame"/> after them, least
        /// significant byte first as ISO 14443-3 transmits it. Returns the frame length including the CRC.
        /// </summary>
        public static int Append(byte[] frame, int length)
        {
            ushort crc = Compute(frame, 0, length);
            frame[length] = (byte)(crc & 0xFF);
            frame[length + 1] = (byte)(crc >> 8);
            return length + 2;
        }

        /// <summary>True when the last two of <paramref name="length"/> bytes are the CRC_A of the bytes before them.</summary>
        public static bool Check(byte[] frame, int length)
        {
            if (length < 3)
            {
                return false;
            }

            ushort crc = Compute(frame, 0, length - 2);
            return frame[length - 2] == (byte)(crc & 0xFF) && frame[length - 1] == (byte)(crc >> 8);
        }
    }
}
