namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// Culture-free number text: what is written on flash and typed at the console reads the same everywhere.
    /// Accepts only plain decimal digits with an optional leading minus (no plus, blanks, exponents or separators).
    /// </summary>
    public static class NumberText
    {
        /// <summary>Most digits a decimal number may have in total, so that it converts to a double exactly enough.</summary>
        public const int DecimalDigitsMax = 15;

        private const int LongDigitsMax = 18;

        /// <summary>Parses an optionally negative integer that fits in an int.</summary>
        public static bool TryParseInt(string text, out int value)
        {
            value = 0;
            bool negative = text.Length > 0 && text[0] == '-';
            int start = negative ? 1 : 0;
            long magnitude;
            if (!TryParseDigits(text, start, text.Length - start, 10, out magnitude))
            {
                return false;
            }

            long signed = negative ? -magnitude : magnitude;
            if (signed < int.MinValue || signed > int.MaxValue)
            {
                return false;
            }

            value = (int)signed;
            return true;
        }

        /// <summary>Parses <paramref name="length"/> decimal digits from <paramref name="start"/> as a non-negative long (at most 18 digits).</summary>
        public static bool TryParseDigits(string text, int start, int length, out long value)
        {
            return TryParseDigits(text, start, length, LongDigitsMax, out value);
        }

        /// <summary>True when <paramref name="text"/> is <c>-?digits(.digits)?</c> with at most <see cref="DecimalDigitsMax"/> digits.</summary>
        public static bool IsDecimal(string text)
        {
            int start = text.Length > 0 && text[0] == '-' ? 1 : 0;
            int digits = 0;
            int dot = -1;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.' && dot < 0)
                {
                    dot = i;
                }
                else if (c >= '0' && c <= '9')
                {
                    digits++;
                }
                else
                {
                    return false;
                }
            }

            bool wholePart = dot < 0 ? digits > 0 : dot > start;
            bool fractionPart = dot < 0 || dot < text.Length - 1;
            return wholePart && fractionPart && digits <= DecimalDigitsMax;
        }

        /// <summary>Value of text accepted by <see cref="IsDecimal"/>.</summary>
        public static double ParseDecimal(string text)
        {
            if (!IsDecimal(text))
            {
                throw new System.ArgumentException("not a decimal number: " + text);
            }

            bool negative = text[0] == '-';
            long mantissa = 0;
            double scale = 1.0;
            bool fraction = false;
            for (int i = negative ? 1 : 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.')
                {
                    fraction = true;
                    continue;
                }

                mantissa = (mantissa * 10) + (c - '0');
                if (fraction)
                {
                    scale *= 10.0;
                }
            }

            // One division of two exact doubles: the result is the nearest double to the decimal text.
            double value = mantissa / scale;
            return negative ? -value : value;
        }

        /// <summary>Decimal text of <paramref name="value"/>, independent of culture.</summary>
        public static string FormatLong(long value)
        {
            if (value == long.MinValue)
            {
                return "-9223372036854775808";
            }

            char[] chars = new char[20];
            int at = chars.Length;
            long rest = value < 0 ? -value : value;
            do
            {
                at--;
                chars[at] = (char)('0' + (int)(rest % 10));
                rest /= 10;
            }
            while (rest > 0);

            if (value < 0)
            {
                at--;
                chars[at] = '-';
            }

            return new string(chars, at, chars.Length - at);
        }

        /// <summary>
        /// Decimal text of <paramref name="value"/> with <paramref name="fractionDigits"/> digits after the point
        /// (rounded half away from zero), independent of culture; |value| must be below 1e12.
        /// </summary>
        public static string FormatDecimal(double value, int fractionDigits)
        {
            long scale = 1;
            for (int i = 0; i < fractionDigits; i++)
            {
                scale *= 10;
            }

            bool negative = value < 0;
            double magnitude = negative ? -value : value;
            long scaled = (long)((magnitude * scale) + 0.5);
            string whole = FormatLong(scaled / scale);
            string fraction = FormatLong(scaled % scale);
            while (fraction.Length < fractionDigits)
            {
                fraction = "0" + fraction;
            }

            string sign = negative && scaled != 0 ? "-" : string.Empty;
            return fractionDigits == 0 ? sign + whole : sign + whole + "." + fraction;
        }

        /// <summary>Eight lower-case hex digits of <paramref name="value"/>.</summary>
        public static string FormatHex8(uint value)
        {
            char[] chars = new char[8];
            for (int i = 7; i >= 0; i--)
            {
                int nibble = (int)(value & 0xF);
                chars[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
                value >>= 4;
            }

            return new string(chars);
        }

        /// <summary>Parses eight lower-case hex digits from bytes at <paramref name="offset"/>.</summary>
        public static bool TryParseHex8(byte[] data, int offset, out uint value)
        {
            value = 0;
            for (int i = 0; i < 8; i++)
            {
                int c = data[offset + i];
                int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (nibble < 0)
                {
                    return false;
                }

                value = (value << 4) | (uint)nibble;
            }

            return true;
        }

        private static bool TryParseDigits(string text, int start, int length, int digitsMax, out long value)
        {
            value = 0;
            if (length <= 0 || length > digitsMax || start + length > text.Length)
            {
                return false;
            }

            for (int i = start; i < start + length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            return true;
        }
    }
}
