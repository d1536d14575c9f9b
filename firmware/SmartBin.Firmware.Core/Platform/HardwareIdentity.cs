namespace SmartBin.Firmware.Core.Platform
{
    /// <summary>
    /// The controller's hardware id, <c>esp32-</c> and the factory MAC address in lowercase hex (e.g.
    /// <c>esp32-246f28a1b2c3</c>): fixed at manufacture, printed on the module's label, so a bin id can be traced to
    /// the board that carried it.
    /// </summary>
    public static class HardwareIdentity
    {
        /// <summary>Prefix of every ESP32 hardware id.</summary>
        public const string Prefix = "esp32-";

        /// <summary>Bytes of an Ethernet/Wi-Fi MAC address.</summary>
        public const int MacBytes = 6;

        /// <summary>The id when no MAC address can be read.</summary>
        public const string Unknown = "esp32-unknown";

        private const string HexDigits = "0123456789abcdef";

        /// <summary>The id for <paramref name="mac"/>; <see cref="Unknown"/> unless it is 6 bytes and not all zero.</summary>
        public static string FromMac(byte[]? mac)
        {
            if (mac == null || mac.Length != MacBytes || AllZero(mac))
            {
                return Unknown;
            }

            char[] text = new char[Prefix.Length + (MacBytes * 2)];
            for (int i = 0; i < Prefix.Length; i++)
            {
                text[i] = Prefix[i];
            }

            for (int i = 0; i < MacBytes; i++)
            {
                text[Prefix.Length + (i * 2)] = HexDigits[mac[i] >> 4];
                text[Prefix.Length + (i * 2) + 1] = HexDigits[mac[i] & 0x0F];
            }

            return new string(text);
        }

        private static bool AllZero(byte[] mac)
        {
            for (int i = 0; i < mac.Length; i++)
            {
                if (mac[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
