namespace SmartBin.Firmware.Core.Text
{
    /// <summary>
    /// UTF-8 encoding and strict decoding (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF),
    /// because the core may reference only mscorlib and nanoFramework keeps <c>Encoding</c> in another package.
    /// </summary>
    public static class Utf8
    {
        /// <summary>Number of bytes <paramref name="value"/> takes in UTF-8 (an unpaired surrogate counts as U+FFFD).</summary>
        public static int EncodedLength(string value)
        {
            int bytes = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < 0x80)
                {
                    bytes += 1;
                }
                else if (c < 0x800)
                {
                    bytes += 2;
                }
                else if (IsHighSurrogate(c) && i + 1 < value.Length && IsLowSurrogate(value[i + 1]))
                {
                    bytes += 4;
                    i++;
                }
                else
                {
                    bytes += 3;
                }
            }

            return bytes;
        }

        /// <summary>
        /// Writes <paramref name="value"/> into <paramref name="buffer"/> at <paramref name="offset"/>.
        /// Returns the bytes written, or −1 (and writes nothing) when it does not fit.
        /// </summary>
        public static int Encode(string value, byte[] buffer, int offset)
        {
            if (offset < 0 || offset + EncodedLength(value) > buffer.Length)
            {
                return -1;
            }

            int at = offset;
            int i = 0;
            while (i < value.Length)
            {
                int charsUsed;
                at += EncodeChar(value, i, buffer, at, out charsUsed);
                i += charsUsed;
            }

            return at - offset;
        }

        /// <summary>
        /// Encodes the character (or surrogate pair) at <paramref name="index"/> into <paramref name="buffer"/> at
        /// <paramref name="at"/>. Returns the bytes written, or −1 when they do not fit; <paramref name="charsUsed"/>
        /// is 2 for a surrogate pair, else 1.
        /// </summary>
        public static int EncodeChar(string value, int index, byte[] buffer, int at, out int charsUsed)
        {
            int codePoint = value[index];
            charsUsed = 1;
            if (IsHighSurrogate(value[index]) && index + 1 < value.Length && IsLowSurrogate(value[index + 1]))
            {
                codePoint = 0x10000 + ((value[index] - 0xD800) << 10) + (value[index + 1] - 0xDC00);
                charsUsed = 2;
            }
            else if (IsHighSurrogate(value[index]) || IsLowSurrogate(value[index]))
            {
                codePoint = 0xFFFD;
            }

            int needed = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (at < 0 || at + needed > buffer.Length)
            {
                return -1;
            }

            return EncodeCodePoint(codePoint, buffer, at);
        }

        /// <summary>True when <paramref name="value"/> has no unpaired surrogate, so it encodes without substitution.</summary>
        public static bool IsWellFormed(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (IsHighSurrogate(value[i]) && i + 1 < value.Length && IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (IsHighSurrogate(value[i]) || IsLowSurrogate(value[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Decodes strictly. Returns null when the bytes are not valid UTF-8. Allocates the result only
        /// (a scratch array of <paramref name="length"/> chars, which always suffices).
        /// </summary>
        public static string? Decode(byte[] data, int offset, int length)
        {
            char[] scratch = new char[length];
            int chars = 0;
            int i = offset;
            int end = offset + length;
            while (i < end)
            {
                int codePoint;
                int consumed = DecodeCodePoint(data, i, end, out codePoint);
                if (consumed == 0)
                {
                    return null;
                }

                i += consumed;
                if (codePoint >= 0x10000)
                {
                    int v = codePoint - 0x10000;
                    scratch[chars++] = (char)(0xD800 + (v >> 10));
                    scratch[chars++] = (char)(0xDC00 + (v & 0x3FF));
                }
                else
                {
                    scratch[chars++] = (char)codePoint;
                }
            }

            return new string(scratch, 0, chars);
        }

        /// <summary>
        /// Decodes one code point at <paramref name="index"/>; returns the bytes consumed, or 0 when the sequence
        /// is invalid (truncated, overlong, surrogate, out of range, stray continuation byte).
        /// </summary>
        public static int DecodeCodePoint(byte[] data, int index, int end, out int codePoint)
        {
            codePoint = 0;
            int b0 = data[index];
            int length;
            int minimum;
            if (b0 < 0x80)
            {
                codePoint = b0;
                return 1;
            }
            else if ((b0 & 0xE0) == 0xC0)
            {
                length = 2;
                minimum = 0x80;
                codePoint = b0 & 0x1F;
            }
            else if ((b0 & 0xF0) == 0xE0)
            {
                length = 3;
                minimum = 0x800;
                codePoint = b0 & 0x0F;
            }
            else if ((b0 & 0xF8) == 0xF0)
            {
                length = 4;
                minimum = 0x10000;
                codePoint = b0 & 0x07;
            }
            else
            {
                return 0;
            }

            if (index + length > end)
            {
                return 0;
            }

            for (int k = 1; k < length; k++)
            {
                int b = data[index + k];
                if ((b & 0xC0) != 0x80)
                {
                    return 0;
                }

                codePoint = (codePoint << 6) | (b & 0x3F);
            }

            bool isSurrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
            if (codePoint < minimum || codePoint > 0x10FFFF || isSurrogate)
            {
                return 0;
            }

            return length;
        }

        private static int EncodeCodePoint(int codePoint, byte[] buffer, int at)
        {
            if (codePoint < 0x80)
            {
                buffer[at] = (byte)codePoint;
                return 1;
            }

            if (codePoint < 0x800)
            {
                buffer[at] = (byte)(0xC0 | (codePoint >> 6));
                buffer[at + 1] = (byte)(0x80 | (codePoint & 0x3F));
                return 2;
            }

            if (codePoint < 0x10000)
            {
                buffer[at] = (byte)(0xE0 | (codePoint >> 12));
                buffer[at + 1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                buffer[at + 2] = (byte)(0x80 | (codePoint & 0x3F));
                return 3;
            }

            buffer[at] = (byte)(0xF0 | (codePoint >> 18));
            buffer[at + 1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
            buffer[at + 2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            buffer[at + 3] = (byte)(0x80 | (codePoint & 0x3F));
            return 4;
        }

        private static bool IsHighSurrogate(char c)
        {
            return c >= 0xD800 && c <= 0xDBFF;
        }

        private static bool IsLowSurrogate(char c)
        {
            return c >= 0xDC00 && c <= 0xDFFF;
        }
    }
}
