namespace SmartBin.Firmware.Virtual
{
    /// <summary>The RF side of the simulated chip: a Transceive sends the FIFO to every card and mixes their answers.</summary>
    public sealed partial class SimulatedMfrc522Chip
    {
        private const double CarrierHz = 13_560_000;

        /// <summary>Timer period from TModeReg/TPrescalerReg/TReloadReg, as the datasheet defines it.</summary>
        public long TimerPeriodMs
        {
            get
            {
                int prescaler = ((_registers[TModeReg] & 0x0F) << 8) | _registers[TPrescalerReg];
                int reload = (_registers[TReloadH] << 8) | _registers[TReloadL];
                double seconds = (2.0 * prescaler + 1) * (reload + 1) / CarrierHz;
                return System.Math.Max(1, (long)System.Math.Round(seconds * 1000));
            }
        }

        private void Exchange(int txLastBits)
        {
            FramesSent++;
            int length = _fifoCount - _fifoRead;
            System.Array.Copy(_fifo, _fifoRead, _frame, 0, length);
            _fifoCount = 0;
            _fifoRead = 0;
            _registers[ErrorReg] = 0;

            bool antennaOn = (_registers[TxControlReg] & 0x03) == 0x03;
            int answers = 0;
            int mixedLength = 0;
            int firstCollisionBit = int.MaxValue;
            for (int c = 0; antennaOn && c < Cards.Count; c++)
            {
                int n = Cards[c].Respond(_frame, length, txLastBits, _answer);
                if (n < 0)
                {
                    continue;
                }

                if (answers > 0)
                {
                    firstCollisionBit = System.Math.Min(firstCollisionBit, FirstDifferingBit(n, mixedLength));
                }

                Mix(n, answers == 0, ref mixedLength);
                answers++;
            }

            if (answers == 0)
            {
                NobodyAnswered();
                return;
            }

            System.Array.Copy(_mixed, _fifo, mixedLength);
            _fifoCount = mixedLength;
            bool collision = firstCollisionBit != int.MaxValue;
            int collPos = collision && firstCollisionBit < 32 ? (firstCollisionBit + 1) & 0x1F : 0x20;
            _registers[CollReg] = (byte)((_registers[CollReg] & 0x80) | collPos);
            _registers[ErrorReg] = collision ? (byte)0x08 : (byte)0;
            _registers[ComIrqReg] |= collision ? (byte)(RxIrq | ErrIrq) : RxIrq;
        }

        private void NobodyAnswered()
        {
            if ((_registers[TModeReg] & 0x80) == 0)
            {
                return; // no TAuto: the timer never starts, the chip waits forever
            }

            _clock?.Advance(TimerPeriodMs);
            _registers[ComIrqReg] |= TimerIrq;
        }

        /// <summary>Both cards modulate at once: a bit either sent as 1 reads as 1 (bits after a collision are garbage anyway).</summary>
        private void Mix(int n, bool first, ref int mixedLength)
        {
            for (int i = 0; i < n; i++)
            {
                _mixed[i] = first || i >= mixedLength ? _answer[i] : (byte)(_mixed[i] | _answer[i]);
            }

            mixedLength = System.Math.Max(mixedLength, n);
        }

        private int FirstDifferingBit(int n, int mixedLength)
        {
            int common = System.Math.Min(n, mixedLength);
            for (int i = 0; i < common; i++)
            {
                int diff = _answer[i] ^ _mixed[i];
                for (int bit = 0; diff != 0 && bit < 8; bit++)
                {
                    if ((diff & (1 << bit)) != 0)
                    {
                        return i * 8 + bit; // LSB is sent first
                    }
                }
            }

            return n == mixedLength ? int.MaxValue : common * 8;
        }
    }
}
