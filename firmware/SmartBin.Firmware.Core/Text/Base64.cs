namespace SmartBin.Firmware.Core.Text
{
    /// <summary>
    /// Strict base64 (RFC 4648 section 4, with padding) decoded straight into a caller's buffer. nanoFramework has
    /// <c>Convert.FromBase64String</c>, but it allocates an array per call; the console decodes certificate chunks
    /// into one preallocated staging buffer instead.
    /// </summary>
    public static class Base64
    {
        /// <summary><see cref="Decode"/>: the text is not base64 (length, alphabet or padding).</summary>
        public const int Invalid = -1;

        /// <summary><see cref="Decode"/>: the decoded bytes would not fit the room given.</summary>
        public const int TooLong = -2;

        private const int GroupChars = 4;
        private const int GroupBytes = 3;
        private const int Pad = -2;

        /// <summary>
        /// Bytes <paramref name="text"/> decodes to, or <see cref="Invalid"/> when its length or padding is wrong
        /// (the alphabet is checked by <see cref="Decode"/>).
        /// </summary>
        public static int DecodedLength(string text)
        {
            int length = text.Length;
            if (length == 0 || length % GroupChars != 0)
            {
                return Invalid;
            }

            int padding = text[length - 1] == '=' ? (text[length - 2] == '=' ? 2 : 1) : 0;
            return (length / GroupChars * GroupBytes) - padding;
        }

        /// <summary>
        /// Decodes <paramref name="text"/> into <paramref name="target"/> from <paramref name="offset"/>, writing at most
        /// <paramref name="room"/> bytes. Returns the byte count, <see cref="Invalid"/> or <see cref="TooLong"/>. On
        /// <see cref="Invalid"/> a prefix of the bytes may already be written: callers decode into space they have not
        /// committed yet.
        /// </summary>
        public static int Decode(string text, byte[] target, int offset, int room)
        {
            int decodedLength = DecodedLength(text);
            if (decodedLength < 0)
            {
                return Invalid;
            }

            if (decodedLength > room)
            {
                return TooLong;
            }

            int written = 0;
            int groups = text.Length / GroupChars;
            for (int g = 0; g < groups; g++)
            {
                int at = g * GroupChars;
                bool last = g == groups - 1;
                int a = Value(text[at]);
                int b = Value(text[at + 1]);
                int c = PaddedValue(text[at + 2], last && text[at + 3] == '=');
                int d = PaddedValue(text[at + 3], last);
                if (a < 0 || b < 0 || c == -1 || d == -1 || (c == Pad && d != Pad))
                {
                    return Invalid;
                }

                target[offset + written++] = (byte)((a << 2) | (b >> 4));
                if (c != Pad)
                {
                    target[offset + written++] = (byte)(((b & 0xF) << 4) | (c >> 2));
                }

                if (d != Pad)
                {
                    target[offset + written++] = (byte)(((c & 0x3) << 6) | d);
                }
            }

            return written;
        }

        // '=' is allowed only where padding may stand: the last one or two characters of the text.
        private static int PaddedValue(char c, bool padAllowed)
        {
            if (c == '=')
            {
                return padAllowed ? Pad : -1;
            }

            return Value(c);
        }

        private static int Value(char c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            return c == '+' ? 62 : c == '/' ? 63 : -1;
        }
    }
}
