using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Session
{
    /// <summary>
    /// Turns reader polls into card arrivals. A card held against the reader is one arrival; it counts again only
    /// after it has been out of the field for <see cref="AbsenceMs"/>, because readers drop a card for a poll or
    /// two and a phantom re-tap would close the resident's session early. The UID string is built only on an
    /// arrival, never per poll.
    /// </summary>
    public sealed class CardWatcher
    {
        /// <summary>How long a card must be gone before it can arrive again.</summary>
        public const long AbsenceMs = 1000;

        /// <summary>Longest UID ISO 14443A defines (triple size).</summary>
        public const int UidBytesMax = 10;

        private const string HexDigits = "0123456789ABCDEF";

        private readonly ICardReader _reader;
        private readonly byte[] _uid = new byte[UidBytesMax];
        private readonly byte[] _presentUid = new byte[UidBytesMax];
        private readonly char[] _hex = new char[UidBytesMax * 2];
        private int _presentLength;
        private long _lastSeenMs;
        private bool _present;

        /// <summary>Creates a watcher over a reader.</summary>
        public CardWatcher(ICardReader reader)
        {
            _reader = reader;
        }

        /// <summary>UID (upper-case hex) of the last card that arrived, or empty.</summary>
        public string LastCardUid { get; private set; } = string.Empty;

        /// <summary>Uptime of the last arrival, ms.</summary>
        public long LastArrivalMs { get; private set; }

        /// <summary>Polls the reader once; returns true when a card arrived (its UID is in <see cref="LastCardUid"/>).</summary>
        public bool Poll(long nowMs)
        {
            int length = _reader.ReadCardUid(_uid);
            bool validLength = length == 4 || length == 7 || length == 10;
            if (!validLength)
            {
                if (_present && nowMs - _lastSeenMs >= AbsenceMs)
                {
                    _present = false;
                }

                return false;
            }

            bool sameAsPresent = _present && SameUid(length);
            _lastSeenMs = nowMs;
            if (sameAsPresent)
            {
                return false;
            }

            _present = true;
            _presentLength = length;
            System.Array.Copy(_uid, _presentUid, length);
            LastCardUid = ToHex(length);
            LastArrivalMs = nowMs;
            return true;
        }

        private bool SameUid(int length)
        {
            if (length != _presentLength)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (_uid[i] != _presentUid[i])
                {
                    return false;
                }
            }

            return true;
        }

        private string ToHex(int length)
        {
            for (int i = 0; i < length; i++)
            {
                _hex[2 * i] = HexDigits[_uid[i] >> 4];
                _hex[(2 * i) + 1] = HexDigits[_uid[i] & 0x0F];
            }

            return new string(_hex, 0, length * 2);
        }
    }
}
