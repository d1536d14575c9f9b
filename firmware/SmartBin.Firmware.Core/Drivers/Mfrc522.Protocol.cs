namespace SmartBin.Firmware.Core.Drivers
{
    /// <summary>Register map, the bounded Transceive command, and the ISO 14443-3 activation sequence.</summary>
    public sealed partial class Mfrc522
    {
        /// <summary>Longest UID ISO 14443A defines (triple size).</summary>
        public const int UidBytesMax = 10;

        /// <summary>Hard bound on ComIrqReg polls for one command, whatever the clock says.</summary>
        public const int CommandPollLimit = 2000;

        /// <summary>Longest wait for one command; the chip's own timer (10 ms) should end it well before.</summary>
        public const long CommandTimeoutMs = 30;

        private const int FrameBytesMax = 16;
        private const int CascadeLevelsMax = 3;

        private const byte CommandReg = 0x01;
        private const byte ComIrqReg = 0x04;
        private const byte ErrorReg = 0x06;
        private const byte FIFODataReg = 0x09;
        private const byte FIFOLevelReg = 0x0A;
        private const byte ControlReg = 0x0C;
        private const byte BitFramingReg = 0x0D;
        private const byte ModeReg = 0x11;
        private const byte TxModeReg = 0x12;
        private const byte RxModeReg = 0x13;
        private const byte TxControlReg = 0x14;
        private const byte TxASKReg = 0x15;
        private const byte ModWidthReg = 0x24;
        private const byte TModeReg = 0x2A;
        private const byte TPrescalerReg = 0x2B;
        private const byte TReloadRegH = 0x2C;
        private const byte TReloadRegL = 0x2D;
        private const byte VersionReg = 0x37;

        private const byte CommandIdle = 0x00;
        private const byte CommandTransceive = 0x0C;
        private const byte CommandSoftReset = 0x0F;

        // Timer: TAuto, prescaler 0x0A9 -> 13.56 MHz / (2 * 169 + 1) = 40 kHz (25 us ticks); reload 400 -> 10 ms.
        // Cards answer activation frames within ~0.1 ms, so 10 ms is ample and keeps an empty poll short.
        private const byte TimerModeAuto = 0x80;
        private const byte TimerPrescaler = 0xA9;
        private const byte TimerReloadHigh = 0x01;
        private const byte TimerReloadLow = 0x90;

        private const byte IrqClearAll = 0x7F;
        private const byte IrqRxOrIdle = 0x30;
        private const byte IrqTimer = 0x01;
        private const byte ErrorFatalBits = 0x13; // BufferOvfl, ParityErr, ProtocolErr
        private const byte ErrorCollisionBit = 0x08;
        private const byte FlushBuffer = 0x80;
        private const byte StartSend = 0x80;

        private const byte Wupa = 0x52;
        private const byte Hlta = 0x50;
        private const byte CascadeTag = 0x88;
        private const byte NvbAnticollision = 0x20;
        private const byte NvbSelect = 0x70;
        private const byte SakUidNotComplete = 0x04;

        private const int StatusOk = 0;
        private const int StatusTimeout = 1;
        private const int StatusError = 2;
        private const int StatusCollision = 3;

        private readonly byte[] _uidScratch = new byte[UidBytesMax];
        private int _responseLength;
        private bool _commandHung;

        /// <summary>
        /// One activation: WUPA, then anticollision + select per cascade level, then HLTA. Returns the UID length or
        /// 0. A collision (two cards) returns 0 rather than choosing one: we could not tell which resident is
        /// dropping off, and the next poll retries. The UID is written to <paramref name="uid"/> only when complete.
        /// </summary>
        private int ReadOneCard(byte[] uid)
        {
            _frame[0] = Wupa;
            int status = Transceive(1, 7);
            bool answered = status == StatusCollision || (status == StatusOk && _responseLength == 2);
            if (!answered)
            {
                return 0; // a collision in ATQA still means cards are there: anticollision decides
            }

            int uidLength = 0;
            for (int level = 0; level < CascadeLevelsMax; level++)
            {
                bool more;
                if (!SelectLevel((byte)(0x93 + 2 * level), level == CascadeLevelsMax - 1, out more))
                {
                    return 0;
                }

                // _frame[2..5] is UID CLn; when the UID continues, _frame[2] is the cascade tag, not UID.
                int count = more ? 3 : 4;
                System.Array.Copy(_frame, more ? 3 : 2, _uidScratch, uidLength, count);
                uidLength += count;
                if (!more)
                {
                    System.Array.Copy(_uidScratch, uid, uidLength);
                    Halt();
                    return uidLength;
                }
            }

            return 0;
        }

        /// <summary>
        /// Anticollision and select for one cascade level. Leaves [SEL, NVB, UID CLn (4), BCC] in _frame.
        /// <paramref name="more"/> is true when the SAK says the UID continues at the next level.
        /// </summary>
        private bool SelectLevel(byte sel, bool lastLevel, out bool more)
        {
            more = false;
            _frame[0] = sel;
            _frame[1] = NvbAnticollision;
            if (Transceive(2, 0) != StatusOk || _responseLength != 5)
            {
                return false;
            }

            byte bcc = (byte)(_response[0] ^ _response[1] ^ _response[2] ^ _response[3]);
            if (bcc != _response[4])
            {
                return false;
            }

            System.Array.Copy(_response, 0, _frame, 2, 5);
            _frame[1] = NvbSelect;
            int length = Iso14443Crc.Append(_frame, 7);
            if (Transceive(length, 0) != StatusOk || _responseLength != 3 || !Iso14443Crc.Check(_response, 3))
            {
                return false;
            }

            more = (_response[0] & SakUidNotComplete) != 0;
            bool cascadeTag = _frame[2] == CascadeTag;
            if (more != cascadeTag || (more && lastLevel))
            {
                return false; // a card contradicting itself is not trusted with points
            }

            return true;
        }

        private void Halt()
        {
            _frame[0] = Hlta;
            _frame[1] = 0x00;
            int length = Iso14443Crc.Append(_frame, 2);

            // A halted card stays silent: a timeout is the expected answer, so the status is not checked.
            Transceive(length, 0);
        }

        /// <summary>
        /// Sends <paramref name="length"/> bytes of _frame (the last one with <paramref name="txLastBits"/> bits, 0 =
        /// all 8) and reads the answer into _response. Bounded by the chip's timer, a poll limit and a clock deadline.
        /// </summary>
        private int Transceive(int length, int txLastBits)
        {
            _responseLength = 0;
            WriteRegister(CommandReg, CommandIdle);
            WriteRegister(ComIrqReg, IrqClearAll);
            WriteRegister(FIFOLevelReg, FlushBuffer);
            for (int i = 0; i < length; i++)
            {
                WriteRegister(FIFODataReg, _frame[i]);
            }

            WriteRegister(BitFramingReg, (byte)txLastBits);
            WriteRegister(CommandReg, CommandTransceive);
            WriteRegister(BitFramingReg, (byte)(StartSend | txLastBits));
            int status = WaitForCommand();
            WriteRegister(BitFramingReg, (byte)txLastBits);
            if (status != StatusOk)
            {
                WriteRegister(CommandReg, CommandIdle);
                return status;
            }

            return ReadResponse();
        }

        private int WaitForCommand()
        {
            long startMs = _clock.UptimeMs;
            for (int poll = 0; poll < CommandPollLimit; poll++)
            {
                byte irq = ReadRegister(ComIrqReg);
                if ((irq & IrqRxOrIdle) != 0)
                {
                    return StatusOk;
                }

                if ((irq & IrqTimer) != 0)
                {
                    return StatusTimeout;
                }

                if (_clock.UptimeMs - startMs >= CommandTimeoutMs)
                {
                    break;
                }
            }

            _commandHung = true;
            return StatusTimeout;
        }

        private int ReadResponse()
        {
            byte error = ReadRegister(ErrorReg);
            if ((error & ErrorFatalBits) != 0)
            {
                return StatusError;
            }

            if ((error & ErrorCollisionBit) != 0)
            {
                return StatusCollision;
            }

            int count = ReadRegister(FIFOLevelReg);
            if (count > FrameBytesMax || (ReadRegister(ControlReg) & 0x07) != 0)
            {
                return StatusError; // more than any activation answer, or a partial last byte: not ours
            }

            for (int i = 0; i < count; i++)
            {
                _response[i] = ReadRegister(FIFODataReg);
            }

            _responseLength = count;
            return StatusOk;
        }
    }
}
