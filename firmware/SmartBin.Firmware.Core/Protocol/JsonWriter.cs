using System;
using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>
    /// Writes compact JSON as UTF-8 into a buffer allocated once. Numbers are integers only: every quantity on
    /// the wire (grams, points, g CO2e, counts) is an integer by design. Nothing is allocated per message;
    /// running out of room sets <see cref="Overflowed"/> instead of throwing, and such a message is never sent.
    /// </summary>
    public sealed class JsonWriter
    {
        /// <summary>Deepest nesting of objects and arrays.</summary>
        public const int DepthMax = 4;

        private const string HexDigits = "0123456789abcdef";
        private readonly byte[] _buffer;
        private readonly byte[] _digits = new byte[20];
        private readonly bool[] _needsComma = new bool[DepthMax + 1];
        private int _depth;

        /// <summary>Creates a writer with a fixed capacity, bytes.</summary>
        public JsonWriter(int capacityBytes)
        {
            _buffer = new byte[capacityBytes];
        }

        /// <summary>The bytes written so far start at index 0.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes written.</summary>
        public int Length { get; private set; }

        /// <summary>True when something did not fit (or nesting was exceeded); the output is unusable.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>Starts a new document.</summary>
        public void Reset()
        {
            Length = 0;
            Overflowed = false;
            _depth = 0;
            _needsComma[0] = false;
        }

        /// <summary>Opens the top-level object, or a nested object value when <paramref name="name"/> is given.</summary>
        public void BeginObject(string? name)
        {
            Open(name, (byte)'{');
        }

        /// <summary>Closes the innermost object.</summary>
        public void EndObject()
        {
            Close((byte)'}');
        }

        /// <summary>Opens an array value.</summary>
        public void BeginArray(string name)
        {
            Open(name, (byte)'[');
        }

        /// <summary>Closes the innermost array.</summary>
        public void EndArray()
        {
            Close((byte)']');
        }

        /// <summary>Writes a string property.</summary>
        public void WriteString(string name, string value)
        {
            WriteName(name);
            WriteQuoted(value);
        }

        /// <summary>Writes a string element of an array.</summary>
        public void WriteStringItem(string value)
        {
            Separate();
            WriteQuoted(value);
        }

        /// <summary>Writes an integer property.</summary>
        public void WriteInt(string name, long value)
        {
            WriteName(name);
            WriteInteger(value);
        }

        /// <summary>
        /// Writes a string property of the form <c>{prefix}:{number}</c> (a message id) without building the string.
        /// </summary>
        public void WriteKeyedId(string name, string prefix, long number)
        {
            WriteName(name);
            WriteByte((byte)'"');
            for (int i = 0; i < prefix.Length; i++)
            {
                WriteByte((byte)prefix[i]);
            }

            WriteByte((byte)':');
            WriteInteger(number);
            WriteByte((byte)'"');
        }

        /// <summary>Appends text as it is, UTF-8 encoded (for the console's non-JSON replies).</summary>
        public void WriteText(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < 0x80)
                {
                    WriteByte((byte)text[i]);
                }
                else
                {
                    i += WriteNonAscii(text, i);
                }
            }
        }

        /// <summary>Writes a boolean property.</summary>
        public void WriteBool(string name, bool value)
        {
            WriteName(name);
            WriteAscii(value ? "true" : "false");
        }

        /// <summary>Writes a UTC time as ISO 8601 with milliseconds, e.g. <c>2026-11-23T08:15:30.250Z</c>.</summary>
        public void WriteUtc(string name, DateTime utc)
        {
            WriteName(name);
            WriteByte((byte)'"');
            WritePadded(utc.Year, 4);
            WriteByte((byte)'-');
            WritePadded(utc.Month, 2);
            WriteByte((byte)'-');
            WritePadded(utc.Day, 2);
            WriteByte((byte)'T');
            WritePadded(utc.Hour, 2);
            WriteByte((byte)':');
            WritePadded(utc.Minute, 2);
            WriteByte((byte)':');
            WritePadded(utc.Second, 2);
            WriteByte((byte)'.');
            WritePadded(utc.Millisecond, 3);
            WriteByte((byte)'Z');
            WriteByte((byte)'"');
        }

        private void Open(string? name, byte bracket)
        {
            if (name != null)
            {
                WriteName(name);
            }
            else
            {
                Separate();
            }

            if (_depth >= DepthMax)
            {
                Overflowed = true;
                return;
            }

            WriteByte(bracket);
            _depth++;
            _needsComma[_depth] = false;
        }

        private void Close(byte bracket)
        {
            if (_depth == 0)
            {
                Overflowed = true;
                return;
            }

            WriteByte(bracket);
            _depth--;
        }

        private void WriteName(string name)
        {
            Separate();
            WriteQuoted(name);
            WriteByte((byte)':');
        }

        private void Separate()
        {
            if (_needsComma[_depth])
            {
                WriteByte((byte)',');
            }

            _needsComma[_depth] = true;
        }

        private void WriteQuoted(string value)
        {
            WriteByte((byte)'"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\')
                {
                    WriteByte((byte)'\\');
                    WriteByte((byte)c);
                }
                else if (c < 0x20)
                {
                    WriteAscii("\\u00");
                    WriteByte((byte)HexDigits[c >> 4]);
                    WriteByte((byte)HexDigits[c & 0xF]);
                }
                else if (c < 0x80)
                {
                    WriteByte((byte)c);
                }
                else
                {
                    i += WriteNonAscii(value, i);
                }
            }

            WriteByte((byte)'"');
        }

        // Returns how many extra chars (0 or 1, for a surrogate pair) were consumed.
        private int WriteNonAscii(string value, int index)
        {
            int charsUsed;
            int written = Utf8.EncodeChar(value, index, _buffer, Length, out charsUsed);
            if (written < 0)
            {
                Overflowed = true;
            }
            else
            {
                Length += written;
            }

            return charsUsed - 1;
        }

        private void WriteInteger(long value)
        {
            if (value == long.MinValue)
            {
                WriteAscii("-9223372036854775808");
                return;
            }

            if (value < 0)
            {
                WriteByte((byte)'-');
                value = -value;
            }

            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0);

            while (count > 0)
            {
                WriteByte(_digits[--count]);
            }
        }

        private void WritePadded(int value, int width)
        {
            int divisor = 1;
            for (int i = 1; i < width; i++)
            {
                divisor *= 10;
            }

            for (; divisor > 0; divisor /= 10)
            {
                WriteByte((byte)('0' + ((value / divisor) % 10)));
            }
        }

        private void WriteAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                WriteByte((byte)text[i]);
            }
        }

        private void WriteByte(byte value)
        {
            if (Length >= _buffer.Length)
            {
                Overflowed = true;
                return;
            }

            _buffer[Length++] = value;
        }
    }
}
