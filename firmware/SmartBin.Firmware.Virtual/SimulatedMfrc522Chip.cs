using System;
using System.Collections.Generic;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// A register-level MFRC522 on SPI: register file, 64-byte FIFO, the Idle/CalcCRC/Transceive/SoftReset commands,
    /// ComIrqReg/DivIrqReg bits, BitFramingReg TxLastBits/StartSend, ErrorReg/CollReg on collisions, the timer
    /// (TAuto) that ends a Transceive nobody answers, and the RST line. Cards in <see cref="Cards"/> answer frames.
    /// Faults: <see cref="Hang"/> (reads 0x00/0xFF, ignores soft reset; hard reset recovers unless
    /// <see cref="RecoversOnHardReset"/> is false). Steady-state polls allocate nothing.
    /// </summary>
    public sealed partial class SimulatedMfrc522Chip : ISpiBus
    {
        private const int CommandReg = 0x01, ComIrqReg = 0x04, DivIrqReg = 0x05, ErrorReg = 0x06, FifoDataReg = 0x09;
        private const int FifoLevelReg = 0x0A, ControlReg = 0x0C, BitFramingReg = 0x0D, CollReg = 0x0E, ModeReg = 0x11;
        private const int TxControlReg = 0x14, CrcResultH = 0x21, CrcResultL = 0x22, TModeReg = 0x2A, TPrescalerReg = 0x2B;
        private const int TReloadH = 0x2C, TReloadL = 0x2D, VersionReg = 0x37;
        private const byte Idle = 0x00, CalcCrc = 0x03, Transceive = 0x0C, SoftReset = 0x0F;
        private const byte RxIrq = 0x20, IdleIrq = 0x10, ErrIrq = 0x02, TimerIrq = 0x01, CrcIrq = 0x04;
        private const int FifoSize = 64;
        private const int OscillatorStartupTransfers = 3;

        private readonly SimulatedClock? _clock;
        private readonly byte[] _registers = new byte[64];
        private readonly byte[] _fifo = new byte[FifoSize];
        private readonly byte[] _frame = new byte[FifoSize];
        private readonly byte[] _answer = new byte[FifoSize];
        private readonly byte[] _mixed = new byte[FifoSize];
        private int _fifoCount;
        private int _fifoRead;
        private bool _rstLow;
        private int _startupTransfersLeft;
        private bool _hung;
        private byte _hungValue;

        /// <summary>Creates a chip reporting <paramref name="version"/>; a Transceive nobody answers advances <paramref name="clock"/> by the timer period.</summary>
        public SimulatedMfrc522Chip(SimulatedClock? clock = null, byte version = 0x92)
        {
            _clock = clock;
            Version = version;
            ResetPin = new ResetLine(this);
            ResetRegisters();
        }

        /// <summary>Cards in (or near) the field.</summary>
        public List<SimulatedIso14443Card> Cards { get; } = new List<SimulatedIso14443Card>(4);

        /// <summary>The RST (NRSTPD) input: low powers the chip down, the rising edge resets it.</summary>
        public IOutputPin ResetPin { get; }

        /// <summary>VersionReg value of a healthy chip.</summary>
        public byte Version { get; }

        /// <summary>Whether a hard reset cures a hang (false: the chip is dead).</summary>
        public bool RecoversOnHardReset { get; set; } = true;

        /// <summary>SPI transfers so far (bounds how long the driver talked to the chip).</summary>
        public long SpiTransfers { get; private set; }

        /// <summary>Soft resets the chip obeyed or ignored.</summary>
        public int SoftResetsSeen { get; private set; }

        /// <summary>Rising edges on RST.</summary>
        public int HardResetsSeen { get; private set; }

        /// <summary>Frames sent to the field by Transceive.</summary>
        public int FramesSent { get; private set; }

        /// <summary>The chip stops: every read returns <paramref name="readValue"/>, writes and soft resets are ignored.</summary>
        public void Hang(byte readValue)
        {
            _hung = true;
            _hungValue = readValue;
        }

        /// <summary>A supply dip: registers back to their reset values (antenna off) while the chip still answers.</summary>
        public void Brownout() => ResetRegisters();

        /// <summary>Register value as the chip holds it (for assertions).</summary>
        public byte Peek(int address) => _registers[address];

        /// <inheritdoc />
        public void TransferFullDuplex(byte[] write, byte[] read)
        {
            if (write.Length != read.Length || write.Length < 1)
            {
                throw new ArgumentException("write and read must have equal, non-zero lengths");
            }

            SpiTransfers++;
            Array.Clear(read);
            if (_rstLow || _startupTransfersLeft > 0)
            {
                _startupTransfersLeft = Math.Max(0, _startupTransfersLeft - 1);
                return; // no oscillator, no SPI: MISO stays low
            }

            if (_hung)
            {
                read.AsSpan(1).Fill(_hungValue);
                return;
            }

            int address = (write[0] >> 1) & 0x3F;
            if ((write[0] & 0x80) != 0)
            {
                // Reads: each further MOSI byte names the next address to read.
                for (int i = 1; i < write.Length; i++)
                {
                    read[i] = ReadRegister(address);
                    address = (write[i] >> 1) & 0x3F;
                }
            }
            else
            {
                for (int i = 1; i < write.Length; i++)
                {
                    WriteRegister(address, write[i]);
                }
            }
        }

        private byte ReadRegister(int address)
        {
            switch (address)
            {
                case FifoDataReg:
                    return _fifoRead < _fifoCount ? _fifo[_fifoRead++] : (byte)0;
                case FifoLevelReg:
                    return (byte)(_fifoCount - _fifoRead);
                case VersionReg:
                    return Version;
                default:
                    return _registers[address];
            }
        }

        private void WriteRegister(int address, byte value)
        {
            switch (address)
            {
                case CommandReg:
                    _registers[CommandReg] = (byte)((_registers[CommandReg] & 0xF0) | (value & 0x0F));
                    Execute((byte)(value & 0x0F));
                    break;
                case ComIrqReg:
                case DivIrqReg:
                    bool set = (value & 0x80) != 0;
                    byte bits = (byte)(value & 0x7F);
                    _registers[address] = set ? (byte)(_registers[address] | bits) : (byte)(_registers[address] & ~bits);
                    break;
                case FifoDataReg:
                    if (_fifoCount < FifoSize)
                    {
                        _fifo[_fifoCount++] = value;
                    }

                    break;
                case FifoLevelReg:
                    if ((value & 0x80) != 0)
                    {
                        _fifoCount = 0;
                        _fifoRead = 0;
                    }

                    break;
                case BitFramingReg:
                    _registers[BitFramingReg] = (byte)(value & 0x77);
                    if ((value & 0x80) != 0 && (_registers[CommandReg] & 0x0F) == Transceive)
                    {
                        Exchange(value & 0x07);
                    }

                    break;
                case CollReg:
                    _registers[CollReg] = (byte)((_registers[CollReg] & 0x7F) | (value & 0x80));
                    break;
                case ErrorReg:
                case ControlReg:
                case VersionReg:
                    break; // read-only (ControlReg's writable bits are not modelled)
                default:
                    _registers[address] = value;
                    break;
            }
        }

        private void Execute(byte command)
        {
            if (command == SoftReset)
            {
                SoftResetsSeen++;
                ResetRegisters();
            }
            else if (command == CalcCrc)
            {
                ushort crc = ComputeCrc();
                _registers[CrcResultL] = (byte)crc;
                _registers[CrcResultH] = (byte)(crc >> 8);
                _registers[DivIrqReg] |= CrcIrq;
                _registers[CommandReg] = (byte)(_registers[CommandReg] & 0xF0); // back to Idle
            }
        }

        private ushort ComputeCrc()
        {
            int preset = _registers[ModeReg] & 0x03;
            if (preset != 0x01)
            {
                throw new NotSupportedException("simulated CalcCRC supports only the CRC_A preset 0x6363");
            }

            int length = _fifoCount - _fifoRead;
            Array.Copy(_fifo, _fifoRead, _frame, 0, length);
            _fifoCount = 0;
            _fifoRead = 0;
            return CrcA.Compute(_frame, length);
        }

        private void ResetRegisters()
        {
            Array.Clear(_registers);
            _registers[CommandReg] = 0x20;
            _registers[ComIEnRegAddress] = 0x80;
            _registers[ComIrqReg] = 0x14;
            _registers[ControlReg] = 0x10;
            _registers[CollReg] = 0x80;
            _registers[ModeReg] = 0x3F;
            _registers[TxControlReg] = 0x80;
            _fifoCount = 0;
            _fifoRead = 0;
        }

        private const int ComIEnRegAddress = 0x02;

        private void OnResetLine(bool high)
        {
            if (!high)
            {
                _rstLow = true;
                return;
            }

            if (_rstLow)
            {
                HardResetsSeen++;
                _rstLow = false;
                _hung = _hung && !RecoversOnHardReset;
                _startupTransfersLeft = OscillatorStartupTransfers;
                ResetRegisters();
            }
        }

        private sealed class ResetLine(SimulatedMfrc522Chip chip) : IOutputPin
        {
            public void Write(bool high) => chip.OnResetLine(high);
        }
    }
}
