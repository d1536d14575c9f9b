using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>
    /// Cuts the serial byte stream into command lines. A line ends at CR or LF (CRLF and empty lines are
    /// harmless). A line longer than <see cref="MaxLineBytes"/>, or holding control bytes or invalid UTF-8,
    /// is rejected whole with a reason, and nothing in it runs: line noise on a cable must never be half
    /// executed as a command.
    /// </summary>
    public sealed class LineAssembler
    {
        /// <summary>Longest accepted line, bytes, without its terminator.</summary>
        public const int MaxLineBytes = 256;

        /// <summary><see cref="Push"/> result: nothing complete yet.</summary>
        public const int Pending = 0;

        /// <summary><see cref="Push"/> result: a line is ready in <see cref="Line"/>.</summary>
        public const int LineReady = 1;

        /// <summary><see cref="Push"/> result: a line was rejected; the reason is in <see cref="RejectCode"/>.</summary>
        public const int LineRejected = 2;

        private const byte Tab = 0x09;
        private const byte LineFeed = 0x0A;
        private const byte CarriageReturn = 0x0D;
        private const byte Delete = 0x7F;

        private readonly byte[] _buffer = new byte[MaxLineBytes];
        private int _length;
        private bool _tooLong;
        private bool _controlByte;

        /// <summary>The last complete line (valid after <see cref="LineReady"/>).</summary>
        public string Line { get; private set; } = string.Empty;

        /// <summary>Why the last line was rejected: <c>too-long</c>, <c>bad-char</c> or <c>bad-utf8</c>.</summary>
        public string RejectCode { get; private set; } = string.Empty;

        /// <summary>Lines rejected since start-up.</summary>
        public int RejectedCount { get; private set; }

        /// <summary>Feeds one received byte.</summary>
        public int Push(byte value)
        {
            if (value == LineFeed || value == CarriageReturn)
            {
                return EndLine();
            }

            if (_length >= MaxLineBytes)
            {
                _tooLong = true;
                return Pending;
            }

            bool isControl = (value < 0x20 && value != Tab) || value == Delete;
            if (isControl)
            {
                _controlByte = true;
            }

            _buffer[_length++] = value == Tab ? (byte)' ' : value;
            return Pending;
        }

        /// <summary>Drops a partial line, e.g. when the port was reopened.</summary>
        public void Reset()
        {
            _length = 0;
            _tooLong = false;
            _controlByte = false;
        }

        private int EndLine()
        {
            bool empty = _length == 0 && !_tooLong;
            string rejectCode = _tooLong ? "too-long" : _controlByte ? "bad-char" : string.Empty;
            string? line = null;
            if (!empty && rejectCode.Length == 0)
            {
                line = Utf8.Decode(_buffer, 0, _length);
                if (line == null)
                {
                    rejectCode = "bad-utf8";
                }
            }

            Reset();
            if (empty)
            {
                return Pending;
            }

            if (line == null)
            {
                RejectCode = rejectCode;
                RejectedCount++;
                return LineRejected;
            }

            Line = line;
            return LineReady;
        }
    }
}
