using System;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// An ISO/IEC 14443-3 type A card (UID of 4, 7 or 10 bytes) with the standard's state machine: IDLE, READY (per
    /// cascade level), ACTIVE, HALT. Answers are written into caller buffers, so a poll allocates nothing.
    /// </summary>
    public sealed class SimulatedIso14443Card
    {
        private const byte Reqa = 0x26;
        private const byte Wupa = 0x52;
        private const byte CascadeTag = 0x88;
        private readonly byte[] _uid;
        private readonly byte _finalSak;
        private int _level;
        private bool _inField = true;

        /// <summary>Card states of ISO 14443-3 (READY covers every cascade level).</summary>
        public enum CardState
        {
            /// <summary>Powered, waiting for REQA or WUPA.</summary>
            Idle,

            /// <summary>Woken; anticollision and select in progress.</summary>
            Ready,

            /// <summary>Selected.</summary>
            Active,

            /// <summary>Halted by HLTA; only WUPA wakes it.</summary>
            Halt,
        }

        /// <summary>Creates a card; <paramref name="finalSak"/> is the SAK of the last cascade level (0x08 = MIFARE Classic 1K).</summary>
        public SimulatedIso14443Card(byte[] uid, byte finalSak = 0x08)
        {
            if (uid.Length != 4 && uid.Length != 7 && uid.Length != 10)
            {
                throw new ArgumentException("UID must be 4, 7 or 10 bytes", nameof(uid));
            }

            if (uid[0] == CascadeTag)
            {
                throw new ArgumentException("uid0 must not be the cascade tag 0x88", nameof(uid));
            }

            _uid = (byte[])uid.Clone();
            _finalSak = (byte)(finalSak & ~0x04);
        }

        /// <summary>The card's UID.</summary>
        public ReadOnlySpan<byte> Uid => _uid;

        /// <summary>Current ISO 14443-3 state.</summary>
        public CardState State { get; private set; } = CardState.Idle;

        /// <summary>Whether the card is in the reader's field; leaving it powers the card down (back to IDLE).</summary>
        public bool InField
        {
            get => _inField;
            set
            {
                _inField = value;
                if (!value)
                {
                    State = CardState.Idle;
                }
            }
        }

        /// <summary>When set, the card leaves the field right after giving this many more answers (a card pulled away mid-read).</summary>
        public int? AnswersBeforeLeaving { get; set; }

        private int Levels => _uid.Length == 4 ? 1 : _uid.Length == 7 ? 2 : 3;

        /// <summary>
        /// Handles one frame; writes the answer into <paramref name="answer"/> and returns its length in bytes, or -1
        /// when the card stays silent.
        /// </summary>
        public int Respond(byte[] frame, int length, int txLastBits, byte[] answer)
        {
            if (!_inField)
            {
                return -1;
            }

            int answerLength = Handle(frame, length, txLastBits, answer);
            if (answerLength >= 0 && AnswersBeforeLeaving is int left)
            {
                AnswersBeforeLeaving = left - 1;
                if (left - 1 <= 0)
                {
                    InField = false;
                }
            }

            return answerLength;
        }

        private int Handle(byte[] frame, int length, int txLastBits, byte[] answer)
        {
            if (length == 1 && txLastBits == 7)
            {
                return ShortFrame(frame[0], answer);
            }

            if (State == CardState.Ready)
            {
                return ReadyFrame(frame, length, txLastBits, answer);
            }

            if (State == CardState.Active)
            {
                bool hlta = length == 4 && frame[0] == 0x50 && frame[1] == 0x00 && CrcA.Check(frame, 4);
                State = hlta ? CardState.Halt : CardState.Idle;
            }

            return -1;
        }

        private int ShortFrame(byte command, byte[] answer)
        {
            bool wakes = (command == Reqa && State == CardState.Idle)
                || (command == Wupa && (State == CardState.Idle || State == CardState.Halt));
            if (!wakes)
            {
                // ISO 14443-3: REQA/WUPA in READY or ACTIVE is an unexpected frame and sends the card to IDLE.
                if (State == CardState.Ready || State == CardState.Active)
                {
                    State = CardState.Idle;
                }

                return -1;
            }

            State = CardState.Ready;
            _level = 0;
            answer[0] = (byte)(((Levels - 1) << 6) | 0x04); // ATQA: UID size bits, bit-frame anticollision
            answer[1] = 0x00;
            return 2;
        }

        private int ReadyFrame(byte[] frame, int length, int txLastBits, byte[] answer)
        {
            byte sel = (byte)(0x93 + 2 * _level);
            if (txLastBits == 0 && length == 2 && frame[0] == sel && frame[1] == 0x20)
            {
                WriteUidCl(answer);
                return 5;
            }

            WriteUidCl(answer);
            bool select = txLastBits == 0 && length == 9 && frame[0] == sel && frame[1] == 0x70 && CrcA.Check(frame, 9)
                && frame[2] == answer[0] && frame[3] == answer[1] && frame[4] == answer[2] && frame[5] == answer[3]
                && frame[6] == answer[4];
            if (!select)
            {
                State = CardState.Idle;
                return -1;
            }

            bool last = _level == Levels - 1;
            answer[0] = last ? _finalSak : (byte)0x04;
            if (last)
            {
                State = CardState.Active;
            }
            else
            {
                _level++;
            }

            ushort crc = CrcA.Compute(answer, 1);
            answer[1] = (byte)crc;
            answer[2] = (byte)(crc >> 8);
            return 3;
        }

        /// <summary>UID CLn of the current level followed by its BCC.</summary>
        private void WriteUidCl(byte[] answer)
        {
            bool last = _level == Levels - 1;
            int start = 3 * _level;
            if (last)
            {
                Array.Copy(_uid, start, answer, 0, 4);
            }
            else
            {
                answer[0] = CascadeTag;
                Array.Copy(_uid, start, answer, 1, 3);
            }

            answer[4] = (byte)(answer[0] ^ answer[1] ^ answer[2] ^ answer[3]);
        }
    }

    /// <summary>Host-side CRC_A (ISO 14443-3), written independently of the firmware's so each checks the other.</summary>
    public static class CrcA
    {
        /// <summary>CRC_A of the first <paramref name="length"/> bytes.</summary>
        public static ushort Compute(byte[] data, int length)
        {
            uint crc = 0x6363;
            for (int i = 0; i < length; i++)
            {
                byte b = (byte)(data[i] ^ (byte)crc);
                b = (byte)(b ^ (b << 4));
                crc = (crc >> 8) ^ ((uint)b << 8) ^ ((uint)b << 3) ^ ((uint)b >> 4);
            }

            return (ushort)crc;
        }

        /// <summary>True when the last two of <paramref name="length"/> bytes are the CRC_A (LSB first) of the rest.</summary>
        public static bool Check(byte[] frame, int length)
        {
            ushort crc = Compute(frame, length - 2);
            return frame[length - 2] == (byte)crc && frame[length - 1] == (byte)(crc >> 8);
        }
    }
}
