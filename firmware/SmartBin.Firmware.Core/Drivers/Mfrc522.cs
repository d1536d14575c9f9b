using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Drivers
{
    /// <summary>
    /// NXP MFRC522 RFID reader over SPI (mode 0, MSB first, up to 10 MHz) with its RST line, reading ISO/IEC 14443A
    /// UIDs of 4, 7 and 10 bytes. Each poll wakes the card (WUPA), runs anticollision and select through the cascade
    /// levels, then halts it (HLTA). These readers are known to stop silently after hours or weeks, so the driver
    /// checks the version register and its own configuration every <see cref="HealthCheckIntervalMs"/>, then
    /// soft-resets, then hard-resets through RST. Every chip command is bounded. Buffers are allocated once.
    /// </summary>
    public sealed partial class Mfrc522 : ICardReader
    {
        /// <summary>How often a poll first checks that the chip still answers with a known version and our settings.</summary>
        public const long HealthCheckIntervalMs = 5000;

        /// <summary>While the chip is dead, how often a poll tries the reset sequence again (a poll in between returns 0 at once).</summary>
        public const long DeadRetryIntervalMs = 30000;

        /// <summary>Longest wait for the oscillator after a soft or hard reset before the chip counts as not answering.</summary>
        public const long StartupTimeoutMs = 50;

        /// <summary>Hard bound on register polls while waiting for start-up, whatever the clock says.</summary>
        public const int StartupPollLimit = 2000;

        private const byte PowerDownBit = 0x10;
        private const byte AntennaOnBits = 0x03;

        private readonly ISpiBus _spi;
        private readonly IOutputPin _resetPin;
        private readonly IClock _clock;
        private readonly byte[] _tx2 = new byte[2];
        private readonly byte[] _rx2 = new byte[2];
        private readonly byte[] _frame = new byte[FrameBytesMax];
        private readonly byte[] _response = new byte[FrameBytesMax];
        private bool _initialized;
        private bool _healthy = true;
        private long _nextHealthCheckMs;

        /// <summary>Creates the driver; the chip is brought up on the first poll or <see cref="Reset"/>.</summary>
        public Mfrc522(ISpiBus spi, IOutputPin resetPin, IClock clock)
        {
            if (spi == null || resetPin == null || clock == null)
            {
                throw new ArgumentNullException();
            }

            _spi = spi;
            _resetPin = resetPin;
            _clock = clock;
        }

        /// <inheritdoc />
        public bool IsHealthy
        {
            get { return _healthy; }
        }

        /// <summary>Soft resets performed (health checks, <see cref="Reset"/> and start-up).</summary>
        public int SoftResetCount { get; private set; }

        /// <summary>Hard resets through RST performed.</summary>
        public int HardResetCount { get; private set; }

        /// <summary>Last version register value read (0x91 v1.0, 0x92 v2.0; clones 0x88, 0x12).</summary>
        public byte LastVersion { get; private set; }

        /// <inheritdoc />
        public int ReadCardUid(byte[] uid)
        {
            if (uid == null || uid.Length < UidBytesMax)
            {
                throw new ArgumentException("uid buffer needs 10 bytes");
            }

            if (!EnsureHealthy())
            {
                return 0;
            }

            int length = ReadOneCard(uid);
            if (_commandHung)
            {
                // The chip's own timer never fired: it is not running our commands. Check it on the next poll.
                _commandHung = false;
                _nextHealthCheckMs = _clock.UptimeMs;
            }

            return length;
        }

        /// <inheritdoc />
        public bool Reset()
        {
            _initialized = false;
            if (SoftReset() || HardReset())
            {
                Configure();
                _initialized = true;
                _healthy = true;
                _nextHealthCheckMs = _clock.UptimeMs + HealthCheckIntervalMs;
                return true;
            }

            _healthy = false;
            _nextHealthCheckMs = _clock.UptimeMs + DeadRetryIntervalMs;
            return false;
        }

        private bool EnsureHealthy()
        {
            long nowMs = _clock.UptimeMs;
            if (_initialized && nowMs < _nextHealthCheckMs)
            {
                return true;
            }

            if (!_initialized && !_healthy && nowMs < _nextHealthCheckMs)
            {
                return false;
            }

            if (_initialized && VersionKnown() && ConfigurationIntact())
            {
                _nextHealthCheckMs = nowMs + HealthCheckIntervalMs;
                return true;
            }

            return Reset();
        }

        private bool SoftReset()
        {
            SoftResetCount++;
            WriteRegister(CommandReg, CommandSoftReset);
            return WaitUntilAnswering();
        }

        private bool HardReset()
        {
            HardResetCount++;

            // RST low for at least 100 ns: two GPIO writes on the ESP32 are microseconds apart. The rising edge
            // starts the reset and the oscillator; the chip answers on SPI once it runs.
            _resetPin.Write(false);
            _resetPin.Write(true);
            return WaitUntilAnswering();
        }

        private bool WaitUntilAnswering()
        {
            long startMs = _clock.UptimeMs;
            for (int poll = 0; poll < StartupPollLimit; poll++)
            {
                if (VersionKnown() && (ReadRegister(CommandReg) & PowerDownBit) == 0)
                {
                    return true;
                }

                if (_clock.UptimeMs - startMs >= StartupTimeoutMs)
                {
                    break;
                }
            }

            return false;
        }

        private bool VersionKnown()
        {
            byte version = ReadRegister(VersionReg);
            LastVersion = version;
            return version == 0x91 || version == 0x92 || version == 0x88 || version == 0x12;
        }

        /// <summary>A supply dip can reset the chip to its defaults (antenna off) while the version still reads fine.</summary>
        private bool ConfigurationIntact()
        {
            return (ReadRegister(TxControlReg) & AntennaOnBits) == AntennaOnBits
                && ReadRegister(TReloadRegL) == TimerReloadLow
                && ReadRegister(TModeReg) == TimerModeAuto;
        }

        private void Configure()
        {
            WriteRegister(TxModeReg, 0x00); // 106 kbit/s, no hardware CRC: we append CRC_A ourselves
            WriteRegister(RxModeReg, 0x00);
            WriteRegister(ModWidthReg, 0x26);
            WriteRegister(TModeReg, TimerModeAuto);
            WriteRegister(TPrescalerReg, TimerPrescaler);
            WriteRegister(TReloadRegH, TimerReloadHigh);
            WriteRegister(TReloadRegL, TimerReloadLow);
            WriteRegister(TxASKReg, 0x40); // Force100ASK: ISO 14443A needs 100 % ASK
            WriteRegister(ModeReg, 0x3D); // CRC preset 0x6363 (CRC_A), for the coprocessor if ever used
            WriteRegister(TxControlReg, (byte)(ReadRegister(TxControlReg) | AntennaOnBits));
        }

        private byte ReadRegister(byte address)
        {
            _tx2[0] = (byte)(0x80 | ((address << 1) & 0x7E));
            _tx2[1] = 0;
            _spi.TransferFullDuplex(_tx2, _rx2);
            return _rx2[1];
        }

        private void WriteRegister(byte address, byte value)
        {
            _tx2[0] = (byte)((address << 1) & 0x7E);
            _tx2[1] = value;
            _spi.TransferFullDuplex(_tx2, _rx2);
        }
    }
}
