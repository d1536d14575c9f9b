namespace SmartBin.Firmware.Core.Text
{
    /// <summary>
    /// The shape check of a CA file before it replaces the one in force: one or more
    /// <c>-----BEGIN CERTIFICATE-----</c> … <c>-----END CERTIFICATE-----</c> blocks, base64 between the markers,
    /// only white space outside them. It does not parse the DER inside (the TLS stack does that at connect time);
    /// it stops a private key, a truncated file or the wrong file from being installed as the trust anchor.
    /// </summary>
    public static class PemCertificates
    {
        /// <summary>Opening marker of one certificate.</summary>
        public const string BeginMarker = "-----BEGIN CERTIFICATE-----";

        /// <summary>Closing marker of one certificate.</summary>
        public const string EndMarker = "-----END CERTIFICATE-----";

        /// <summary>
        /// True when <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/> are one or
        /// more PEM certificates and nothing else but white space.
        /// </summary>
        public static bool IsCertificates(byte[] data, int offset, int length)
        {
            int end = offset + length;
            int at = SkipSpace(data, offset, end);
            int blocks = 0;
            // Each pass consumes a whole block of at least the two markers, so the loop ends within length bytes.
            while (at < end)
            {
                if (!StartsWith(data, at, end, BeginMarker))
                {
                    return false;
                }

                at += BeginMarker.Length;
                int bodyChars = 0;
                while (at < end && data[at] != '-')
                {
                    if (!IsBase64Char(data[at]) && !IsSpace(data[at]))
                    {
                        return false;
                    }

                    bodyChars += IsSpace(data[at]) ? 0 : 1;
                    at++;
                }

                if (bodyChars == 0 || !StartsWith(data, at, end, EndMarker))
                {
                    return false;
                }

                at = SkipSpace(data, at + EndMarker.Length, end);
                blocks++;
            }

            return blocks > 0;
        }

        private static int SkipSpace(byte[] data, int at, int end)
        {
            while (at < end && IsSpace(data[at]))
            {
                at++;
            }

            return at;
        }

        private static bool StartsWith(byte[] data, int at, int end, string marker)
        {
            if (end - at < marker.Length)
            {
                return false;
            }

            for (int i = 0; i < marker.Length; i++)
            {
                if (data[at + i] != marker[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsSpace(byte b)
        {
            return b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }

        private static bool IsBase64Char(byte b)
        {
            return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/' || b == '=';
        }
    }
}
