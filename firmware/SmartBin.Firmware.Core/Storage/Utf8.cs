namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// A small UTF-8 codec (nanoFramework's mscorlib has no <c>Encoding</c>). Strict both ways: a lone surrogate
    /// cannot be encoded and a malformed or overlong sequence is not decoded, so what is read back is what was saved.
    /// </summary>
    public static class Utf8
    {
        /// <summary>UTF-8 length of <paramref name="text"/> in bytes, or -1 when it holds a lone surrogate.</summary>
        public static int ByteCount(string text)
        {
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (IsHighSurrogate(c))
                {
                    if (i + 1 >= text.Length || !IsLowSurrogate(text[i + 1]))
                    {
                        return -1;
                    }

                    count += 4;
                    i++;
                }
                else if (IsLowSurrogate(c))
                {
                    return -1;
                }
                else
                {
                    count += 3;
                }
            }

            return count;
        }

        /// <summary>
        /// Encodes <paramref name="text"/> (which must have a valid <see cref="ByteCount"/>) into
        /// <paramref name="buffer"/> at <paramref name="offset"/>; returns the number of bytes written.
        /// </summary>
        public static int Encode(string text, byte[] buffer, int offset)
        {
            int at = offset;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (IsHighSurrogate(text[i]))
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                }

                at += EncodeCodePoint(c, buffer, at);
            }

            return at - offset;
        }

        /// <summary>Decodes <paramref name="count"/> bytes from <paramref name="offset"/>, or returns null when they are not valid UTF-8.</summary>
        public static string? Decode(byte[] data, int offset, int count)
        {
            char[] chars = new char[count];
            int length = 0;
            int end = offset + count;
            int at = offset;
            while (at < end)
            {
                int lead = data[at];
                int extra = lead < 0x80 ? 0 : lead < 0xC2 ? -1 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead < 0xF5 ? 3 : -1;
                if (extra < 0 || at + extra >= end)
                {
                    return null;
                }

                int codePoint = extra == 0 ? lead : lead & (0x3F >> extra);
                for (int k = 1; k <= extra; k++)
                {
                    int next = data[at + k];
                    if ((next & 0xC0) != 0x80)
                    {
                        return null;
                    }

                    codePoint = (codePoint << 6) | (next & 0x3F);
                }

                if (!IsShortestForm(codePoint, extra))
                {
                    return null;
                }

                at += extra + 1;
                length += PutUtf16(codePoint, chars, length);
            }

            return new string(chars, 0, length);
        }

        private static bool IsShortestForm(int codePoint, int extra)
        {
            int minimum = extra == 0 ? 0 : extra == 1 ? 0x80 : extra == 2 ? 0x800 : 0x10000;
            bool surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
            return codePoint >= minimum && codePoint <= 0x10FFFF && !surrogate;
        }

        private static int PutUtf16(int codePoint, char[] chars, int at)
        {
            if (codePoint < 0x10000)
            {
                chars[at] = (char)codePoint;
                return 1;
            }

            int v = codePoint - 0x10000;
            chars[at] = (char)(0xD800 + (v >> 10));
            chars[at + 1] = (char)(0xDC00 + (v & 0x3FF));
            return 2;
        }

        private static int EncodeCodePoint(int c, byte[] buffer, int at)
        {
            if (c < 0x80)
            {
                buffer[at] = (byte)c;
                return 1;
            }

            if (c < 0x800)
            {
                buffer[at] = (byte)(0xC0 | (c >> 6));
                buffer[at + 1] = (byte)(0x80 | (c & 0x3F));
                return 2;
            }

            if (c < 0x10000)
            {
                buffer[at] = (byte)(0xE0 | (c >> 12));
                buffer[at + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[at + 2] = (byte)(0x80 | (c & 0x3F));
                return 3;
            }

            buffer[at] = (byte)(0xF0 | (c >> 18));
            buffer[at + 1] = (byte)(0x80 | ((c >> 12) & 0x3F));
            buffer[at + 2] = (byte)(0x80 | ((c >> 6) & 0x3F));
            buffer[at + 3] = (byte)(0x80 | (c & 0x3F));
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
