using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// On-flash text of one config copy, UTF-8:
    /// <c>smartbin-config {schema} {generation}\n</c>, then <c>key=value\n</c> for every key in table order,
    /// then the trailer <c>crc={8 lower-case hex digits}\n</c> holding the CRC-32 of every byte before it.
    /// Values never hold a newline (the validator refuses control characters), so lines split cleanly.
    /// </summary>
    public static class ConfigCodec
    {
        /// <summary>First word of the header line.</summary>
        public const string Magic = "smartbin-config";

        /// <summary>Bytes of the trailer line.</summary>
        public const int TrailerBytes = 13;

        private const int HeaderBytesMax = 64;

        /// <summary>Bytes a buffer needs to hold any valid config of <paramref name="keys"/>.</summary>
        public static int BufferBytes(ConfigKey[] keys)
        {
            int bytes = HeaderBytesMax + TrailerBytes;
            for (int i = 0; i < keys.Length; i++)
            {
                bytes += keys[i].Name.Length + 1 + keys[i].MaxValueBytes + 1;
            }

            return bytes;
        }

        /// <summary>Writes a config copy into <paramref name="buffer"/> and returns its length.</summary>
        public static int Encode(ConfigKey[] keys, string[] values, int generation, byte[] buffer)
        {
            string header = Magic + " " + NumberText.FormatLong(ConfigSchema.SchemaVersion) + " " + NumberText.FormatLong(generation) + "\n";
            int at = Utf8.Encode(header, buffer, 0);
            for (int i = 0; i < keys.Length; i++)
            {
                at += Utf8.Encode(keys[i].Name, buffer, at);
                buffer[at++] = (byte)'=';
                at += Utf8.Encode(values[i], buffer, at);
                buffer[at++] = (byte)'\n';
            }

            string trailer = "crc=" + NumberText.FormatHex8(Crc32.Compute(buffer, 0, at)) + "\n";
            at += Utf8.Encode(trailer, buffer, at);
            return at;
        }

        /// <summary>
        /// Checks the CRC, the UTF-8 and the header of <paramref name="data"/>; on success returns the
        /// <c>key=value</c> lines (unchecked: the store validates each) and the copy's generation. Null when corrupt.
        /// </summary>
        public static string[]? TryDecode(byte[] data, out int generation, out int schemaVersion)
        {
            generation = 0;
            schemaVersion = 0;
            int bodyBytes = data.Length - TrailerBytes;
            if (bodyBytes <= 0 || !HasValidTrailer(data, bodyBytes))
            {
                return null;
            }

            string? text = Utf8.Decode(data, 0, bodyBytes);
            if (text == null || text.Length == 0 || text[text.Length - 1] != '\n')
            {
                return null;
            }

            string[] lines = text.Substring(0, text.Length - 1).Split(new char[] { '\n' });
            string[] header = lines[0].Split(new char[] { ' ' });
            if (header.Length != 3 || header[0] != Magic)
            {
                return null;
            }

            bool numbers = NumberText.TryParseInt(header[1], out schemaVersion) && NumberText.TryParseInt(header[2], out generation);
            if (!numbers || schemaVersion < 1 || generation < 1)
            {
                return null;
            }

            string[] body = new string[lines.Length - 1];
            System.Array.Copy(lines, 1, body, 0, body.Length);
            return body;
        }

        private static bool HasValidTrailer(byte[] data, int at)
        {
            bool shape = data[at] == 'c' && data[at + 1] == 'r' && data[at + 2] == 'c' && data[at + 3] == '=' &&
                data[at + TrailerBytes - 1] == '\n';
            uint stored;
            return shape && NumberText.TryParseHex8(data, at + 4, out stored) && stored == Crc32.Compute(data, 0, at);
        }
    }
}
