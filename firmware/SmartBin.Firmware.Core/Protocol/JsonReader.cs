using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>
    /// Reads one JSON object from the gateway (ack, cmd) into a small fixed table of its top-level fields.
    /// Any input at all gives either a parse or a specific error code, never an exception: every loop is bounded
    /// by the input length, nesting by <see cref="DepthMax"/>, strings by <see cref="StringCharsMax"/>.
    /// Nested objects and arrays are checked and skipped. Integers only; a fraction parses but is not an integer.
    /// </summary>
    public sealed class JsonReader
    {
        /// <summary>Most top-level fields kept.</summary>
        public const int FieldsMax = 16;

        /// <summary>Deepest nesting accepted.</summary>
        public const int DepthMax = 4;

        /// <summary>Longest string value or name, characters.</summary>
        public const int StringCharsMax = 256;

        private const int KindString = 0;
        private const int KindInteger = 1;
        private const int KindBool = 2;
        private const int KindNull = 3;
        private const int KindOther = 4;

        private readonly string[] _names = new string[FieldsMax];
        private readonly int[] _kinds = new int[FieldsMax];
        private readonly string[] _strings = new string[FieldsMax];
        private readonly long[] _numbers = new long[FieldsMax];
        private readonly char[] _chars = new char[StringCharsMax];

        private byte[] _data = new byte[0];
        private int _at;
        private int _end;
        private string _lastString = string.Empty;
        private int _lastKind;
        private long _lastNumber;

        /// <summary>Top-level fields read by the last successful <see cref="Parse"/>.</summary>
        public int FieldCount { get; private set; }

        /// <summary>
        /// Why the last parse failed: <c>syntax</c>, <c>not-object</c>, <c>too-deep</c>, <c>too-long</c>,
        /// <c>too-many-fields</c>, <c>duplicate-key</c>, <c>bad-utf8</c>, <c>bad-escape</c>, <c>number-range</c>.
        /// </summary>
        public string Error { get; private set; } = string.Empty;

        /// <summary>Parses <paramref name="length"/> bytes from <paramref name="offset"/>; true on success.</summary>
        public bool Parse(byte[] data, int offset, int length)
        {
            _data = data;
            _at = offset;
            _end = offset + length;
            FieldCount = 0;
            Error = string.Empty;
            SkipSpace();
            if (_at >= _end || _data[_at] != (byte)'{')
            {
                return Fail("not-object");
            }

            if (!ReadObject(1, true))
            {
                FieldCount = 0;
                return false;
            }

            SkipSpace();
            if (_at != _end)
            {
                FieldCount = 0;
                return Fail("syntax");
            }

            return true;
        }

        /// <summary>True when the field is present (any type).</summary>
        public bool Has(string name)
        {
            return IndexOf(name) >= 0;
        }

        /// <summary>Gets a string field.</summary>
        public bool TryGetString(string name, out string value)
        {
            int i = IndexOf(name);
            value = i >= 0 && _kinds[i] == KindString ? _strings[i] : string.Empty;
            return i >= 0 && _kinds[i] == KindString;
        }

        /// <summary>Gets an integer field.</summary>
        public bool TryGetLong(string name, out long value)
        {
            int i = IndexOf(name);
            value = i >= 0 && _kinds[i] == KindInteger ? _numbers[i] : 0;
            return i >= 0 && _kinds[i] == KindInteger;
        }

        /// <summary>Gets a boolean field.</summary>
        public bool TryGetBool(string name, out bool value)
        {
            int i = IndexOf(name);
            value = i >= 0 && _kinds[i] == KindBool && _numbers[i] != 0;
            return i >= 0 && _kinds[i] == KindBool;
        }

        private int IndexOf(string name)
        {
            for (int i = 0; i < FieldCount; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private bool ReadObject(int depth, bool keep)
        {
            if (depth > DepthMax)
            {
                return Fail("too-deep");
            }

            _at++;
            SkipSpace();
            if (Peek() == '}')
            {
                _at++;
                return true;
            }

            while (true)
            {
                SkipSpace();
                if (Peek() != '"' || !ReadString())
                {
                    return Error.Length > 0 ? false : Fail("syntax");
                }

                string name = _lastString;
                SkipSpace();
                if (Peek() != ':')
                {
                    return Fail("syntax");
                }

                _at++;
                if (!ReadValue(depth) || (keep && !Keep(name)))
                {
                    return false;
                }

                SkipSpace();
                int next = Peek();
                _at++;
                if (next == '}')
                {
                    return true;
                }

                if (next != ',')
                {
                    return Fail("syntax");
                }
            }
        }

        private bool ReadArray(int depth)
        {
            if (depth > DepthMax)
            {
                return Fail("too-deep");
            }

            _at++;
            SkipSpace();
            if (Peek() == ']')
            {
                _at++;
                return true;
            }

            while (true)
            {
                if (!ReadValue(depth))
                {
                    return false;
                }

                SkipSpace();
                int next = Peek();
                _at++;
                if (next == ']')
                {
                    return true;
                }

                if (next != ',')
                {
                    return Fail("syntax");
                }
            }
        }

        private bool Keep(string name)
        {
            if (IndexOf(name) >= 0)
            {
                return Fail("duplicate-key");
            }

            if (FieldCount >= FieldsMax)
            {
                return Fail("too-many-fields");
            }

            _names[FieldCount] = name;
            _kinds[FieldCount] = _lastKind;
            _strings[FieldCount] = _lastKind == KindString ? _lastString : string.Empty;
            _numbers[FieldCount] = _lastNumber;
            FieldCount++;
            return true;
        }

        private bool ReadValue(int depth)
        {
            SkipSpace();
            int c = Peek();
            _lastNumber = 0;
            if (c == '"')
            {
                _lastKind = KindString;
                return ReadString();
            }

            if (c == '{')
            {
                _lastKind = KindOther;
                return ReadObject(depth + 1, false);
            }

            if (c == '[')
            {
                _lastKind = KindOther;
                return ReadArray(depth + 1);
            }

            if (c == '-' || (c >= '0' && c <= '9'))
            {
                return ReadNumber();
            }

            if (Literal("true"))
            {
                _lastKind = KindBool;
                _lastNumber = 1;
                return true;
            }

            if (Literal("false"))
            {
                _lastKind = KindBool;
                return true;
            }

            if (Literal("null"))
            {
                _lastKind = KindNull;
                return true;
            }

            return Fail("syntax");
        }

        private bool ReadNumber()
        {
            bool negative = Peek() == '-';
            if (negative)
            {
                _at++;
            }

            int digitsStart = _at;
            long value = 0;
            bool overflow = false;
            while (_at < _end && _data[_at] >= (byte)'0' && _data[_at] <= (byte)'9')
            {
                int digit = _data[_at] - '0';
                if (value > (long.MaxValue - digit) / 10)
                {
                    overflow = true;
                }
                else
                {
                    value = (value * 10) + digit;
                }

                _at++;
            }

            int digits = _at - digitsStart;
            bool leadingZero = digits > 1 && _data[digitsStart] == (byte)'0';
            if (digits == 0 || leadingZero)
            {
                return Fail("syntax");
            }

            bool fraction = SkipFractionAndExponent();
            if (Error.Length > 0)
            {
                return false;
            }

            if (fraction)
            {
                _lastKind = KindOther;
                return true;
            }

            if (overflow)
            {
                return Fail("number-range");
            }

            _lastKind = KindInteger;
            _lastNumber = negative ? -value : value;
            return true;
        }

        // Returns true when a fraction or exponent followed; sets Error on a malformed one.
        private bool SkipFractionAndExponent()
        {
            bool seen = false;
            if (Peek() == '.')
            {
                seen = true;
                _at++;
                if (SkipDigits() == 0)
                {
                    Fail("syntax");
                    return true;
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                seen = true;
                _at++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _at++;
                }

                if (SkipDigits() == 0)
                {
                    Fail("syntax");
                }
            }

            return seen;
        }

        private int SkipDigits()
        {
            int start = _at;
            while (_at < _end && _data[_at] >= (byte)'0' && _data[_at] <= (byte)'9')
            {
                _at++;
            }

            return _at - start;
        }

        private bool ReadString()
        {
            _at++;
            int count = 0;
            while (_at < _end)
            {
                int b = _data[_at];
                if (b == '"')
                {
                    _at++;
                    _lastString = new string(_chars, 0, count);
                    return true;
                }

                if (b < 0x20)
                {
                    return Fail("syntax");
                }

                int codePoint;
                if (b == '\\')
                {
                    if (!ReadEscape(out codePoint))
                    {
                        return false;
                    }
                }
                else
                {
                    int used = Utf8.DecodeCodePoint(_data, _at, _end, out codePoint);
                    if (used == 0)
                    {
                        return Fail("bad-utf8");
                    }

                    _at += used;
                }

                int needed = codePoint >= 0x10000 ? 2 : 1;
                if (count + needed > StringCharsMax)
                {
                    return Fail("too-long");
                }

                if (codePoint >= 0x10000)
                {
                    _chars[count++] = (char)(0xD800 + ((codePoint - 0x10000) >> 10));
                    _chars[count++] = (char)(0xDC00 + ((codePoint - 0x10000) & 0x3FF));
                }
                else
                {
                    _chars[count++] = (char)codePoint;
                }
            }

            return Fail("syntax");
        }

        private bool ReadEscape(out int codePoint)
        {
            codePoint = 0;
            if (_at + 1 >= _end)
            {
                return Fail("syntax");
            }

            int e = _data[_at + 1];
            _at += 2;
            switch (e)
            {
                case '"': codePoint = '"'; return true;
                case '\\': codePoint = '\\'; return true;
                case '/': codePoint = '/'; return true;
                case 'b': codePoint = 8; return true;
                case 'f': codePoint = 12; return true;
                case 'n': codePoint = 10; return true;
                case 'r': codePoint = 13; return true;
                case 't': codePoint = 9; return true;
                case 'u': return ReadUnicodeEscape(out codePoint);
                default: return Fail("bad-escape");
            }
        }

        private bool ReadUnicodeEscape(out int codePoint)
        {
            codePoint = ReadHex4();
            if (codePoint < 0)
            {
                return Fail("bad-escape");
            }

            bool high = codePoint >= 0xD800 && codePoint <= 0xDBFF;
            bool low = codePoint >= 0xDC00 && codePoint <= 0xDFFF;
            if (low)
            {
                return Fail("bad-escape");
            }

            if (!high)
            {
                return true;
            }

            if (_at + 1 >= _end || _data[_at] != (byte)'\\' || _data[_at + 1] != (byte)'u')
            {
                return Fail("bad-escape");
            }

            _at += 2;
            int second = ReadHex4();
            if (second < 0xDC00 || second > 0xDFFF)
            {
                return Fail("bad-escape");
            }

            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (second - 0xDC00);
            return true;
        }

        private int ReadHex4()
        {
            if (_at + 4 > _end)
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int c = _data[_at + i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return -1;
                }

                value = (value << 4) | digit;
            }

            _at += 4;
            return value;
        }

        private bool Literal(string word)
        {
            if (_at + word.Length > _end)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (_data[_at + i] != (byte)word[i])
                {
                    return false;
                }
            }

            _at += word.Length;
            return true;
        }

        private int Peek()
        {
            return _at < _end ? _data[_at] : -1;
        }

        private void SkipSpace()
        {
            while (_at < _end && (_data[_at] == (byte)' ' || _data[_at] == (byte)'\t' || _data[_at] == (byte)'\n' || _data[_at] == (byte)'\r'))
            {
                _at++;
            }
        }

        private bool Fail(string code)
        {
            if (Error.Length == 0)
            {
                Error = code;
            }

            return false;
        }
    }
}
