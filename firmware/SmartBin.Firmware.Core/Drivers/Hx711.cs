using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Drivers
{
    /// <summary>
    /// HX711 24-bit load-cell ADC, clocked by an SPI pulse train on a bus of its own: MOSI drives PD_SCK, MISO reads
    /// DOUT, no chip select. SPI mode 0 at <see cref="SpiClockHz"/>; one MOSI byte per PD_SCK pulse,
    /// <see cref="PulseByte"/> = 1111_0000: PD_SCK high for 4 bit times (4 µs), low for 4, and the byte ends low so
    /// the line rests low (chip powered) between transfers. DOUT changes on the rising edge of PD_SCK and is read
    /// from the MISO bit sampled in the middle of the high phase (<see cref="DoutSampleMask"/>).
    /// <see cref="Read"/> never waits: it samples DOUT once and, if a conversion is ready, shifts it out, so one call
    /// keeps the bus for at most <see cref="ReadBusMicrosecondsMax"/>. No allocation after construction.
    /// </summary>
    public sealed class Hx711 : IScaleAdc
    {
        /// <summary>SPI clock the pulse scheme assumes (the adapter must open the bus at this rate, mode 0).</summary>
        public const int SpiClockHz = 1000000;

        /// <summary>One PD_SCK pulse: high for the first four bit times, low for the last four.</summary>
        public const byte PulseByte = 0xF0;

        /// <summary>MISO bit read as DOUT: the third bit of the high phase, 2.5 µs after the rising edge (valid after 0.1 µs).</summary>
        public const byte DoutSampleMask = 0x20;

        /// <summary>Data bits per conversion, shifted MSB first.</summary>
        public const int DataBits = 24;

        /// <summary>Largest number of pulses in one read (24 data + 3 for channel A, gain 64).</summary>
        public const int PulsesMax = 27;

        /// <summary>Bytes of PD_SCK high that power the chip down: 10 × 8 bits at 1 µs = 80 µs, over the datasheet's 60 µs.</summary>
        public const int PowerDownBytes = 10;

        /// <summary>
        /// Longest bus time of one <see cref="Read"/>, µs: the ready probe, the longest pulse train, and the reset
        /// (power-down bytes plus one low byte) after a malformed answer.
        /// </summary>
        public const int ReadBusMicrosecondsMax = (1 + PulsesMax + PowerDownBytes + 1) * 8 * 1000000 / SpiClockHz;

        /// <summary>
        /// No data-ready for this many conversion periods is <see cref="ScaleReadStatus.Lost"/>. Power-up settling takes
        /// 4 periods (400 ms at 10 SPS, 50 ms at 80 SPS), so 8 leaves a late or slow chip room before it is a fault.
        /// </summary>
        public const int LostAfterPeriods = 8;

        // Two's-complement extremes of the 24-bit code: the chip clamps to them when the input is out of range.
        private const int RawFullScalePositive = 0x7FFFFF;
        private const int RawFullScaleNegative = 0x800000;
        private const int SignBit = 0x800000;

        private readonly ISpiBus _bus;
        private readonly IClock _clock;
        private readonly long _lostAfterMs;
        private readonly byte[] _probeWrite = new byte[1];
        private readonly byte[] _probeRead = new byte[1];
        private readonly byte[] _powerDownWrite = new byte[PowerDownBytes];
        private readonly byte[] _powerDownRead = new byte[PowerDownBytes];
        private readonly byte[] _pulsesA128Write = new byte[(int)Hx711Gain.ChannelA128];
        private readonly byte[] _pulsesB32Write = new byte[(int)Hx711Gain.ChannelB32];
        private readonly byte[] _pulsesA64Write = new byte[(int)Hx711Gain.ChannelA64];
        private readonly byte[] _pulsesA128Read = new byte[(int)Hx711Gain.ChannelA128];
        private readonly byte[] _pulsesB32Read = new byte[(int)Hx711Gain.ChannelB32];
        private readonly byte[] _pulsesA64Read = new byte[(int)Hx711Gain.ChannelA64];
        private Hx711Gain _gain;
        private Hx711Gain _chipGain;
        private long _lastAnswerMs;
        private bool _poweredDown;

        /// <summary>
        /// Creates the driver. <paramref name="samplesPerSecond"/> is the chip's RATE pin setting (10 or 80);
        /// <paramref name="gain"/> is applied from the first read on.
        /// </summary>
        public Hx711(ISpiBus bus, IClock clock, int samplesPerSecond, Hx711Gain gain)
        {
            if (bus == null)
            {
                throw new ArgumentNullException("bus");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (samplesPerSecond != 10 && samplesPerSecond != 80)
            {
                throw new ArgumentOutOfRangeException("samplesPerSecond", "HX711 converts at 10 or 80 SPS");
            }

            CheckGain(gain);
            _bus = bus;
            _clock = clock;
            _lostAfterMs = LostAfterPeriods * 1000 / samplesPerSecond;
            _gain = gain;
            _chipGain = Hx711Gain.ChannelA128; // the chip's state after power-on
            _lastAnswerMs = clock.UptimeMs;
            Fill(_powerDownWrite, 0xFF);
            Fill(_pulsesA128Write, PulseByte);
            Fill(_pulsesB32Write, PulseByte);
            Fill(_pulsesA64Write, PulseByte);
        }

        /// <summary>Channel and gain of the conversions <see cref="Read"/> returns.</summary>
        public Hx711Gain Gain
        {
            get { return _gain; }
        }

        /// <summary>True between <see cref="PowerDown"/> and <see cref="PowerUp"/>.</summary>
        public bool IsPoweredDown
        {
            get { return _poweredDown; }
        }

        /// <summary>No conversion ready for this long is <see cref="ScaleReadStatus.Lost"/>, ms.</summary>
        public long LostAfterMs
        {
            get { return _lostAfterMs; }
        }

        /// <summary>Selects channel and gain; the next read tells the chip, the one after returns the new gain's counts.</summary>
        public void SelectGain(Hx711Gain gain)
        {
            CheckGain(gain);
            _gain = gain;
        }

        /// <summary>
        /// Holds PD_SCK high for 80 µs: the chip powers down and stays down while the line stays high. Relies on MOSI
        /// keeping the last bit's level between transfers (the adapter's duty). Reads return NotReady until <see cref="PowerUp"/>.
        /// </summary>
        public void PowerDown()
        {
            _bus.TransferFullDuplex(_powerDownWrite, _powerDownRead);
            _poweredDown = true;
        }

        // The datasheet's reset: power down and straight up again; the chip restarts at A/128 and settles.
        private void ResetChip()
        {
            _bus.TransferFullDuplex(_powerDownWrite, _powerDownRead);
            _probeWrite[0] = 0;
            _bus.TransferFullDuplex(_probeWrite, _probeRead);
            _chipGain = Hx711Gain.ChannelA128;
        }

        /// <summary>
        /// Drives PD_SCK low: the chip resets to channel A, gain 128, and its first conversion comes after the settling
        /// time (400 ms at 10 SPS, 50 ms at 80 SPS); the lost timer restarts now.
        /// </summary>
        public void PowerUp()
        {
            _probeWrite[0] = 0;
            _bus.TransferFullDuplex(_probeWrite, _probeRead);
            _poweredDown = false;
            _chipGain = Hx711Gain.ChannelA128;
            _lastAnswerMs = _clock.UptimeMs;
        }

        /// <inheritdoc />
        public ScaleReadStatus Read(out int rawCounts)
        {
            rawCounts = 0;
            if (_poweredDown)
            {
                return ScaleReadStatus.NotReady; // probing would pull PD_SCK low and wake the chip
            }

            long nowMs = _clock.UptimeMs;
            if (!IsDataReady())
            {
                return nowMs - _lastAnswerMs > _lostAfterMs ? ScaleReadStatus.Lost : ScaleReadStatus.NotReady;
            }

            byte[] write = PulsesWrite(_gain);
            byte[] read = PulsesRead(_gain);
            _bus.TransferFullDuplex(write, read);
            if (!IsWellFormed(read))
            {
                // Not a chip's answer (floating or shorted line), or a chip that lost count of its pulses after a
                // glitch: reset it, or every later read would be shifted by the pulses it missed. The lost timer
                // runs on, so a line that keeps failing is still reported.
                ResetChip();
                return nowMs - _lastAnswerMs > _lostAfterMs ? ScaleReadStatus.Lost : ScaleReadStatus.NotReady;
            }

            _lastAnswerMs = nowMs;
            Hx711Gain convertedAt = _chipGain;
            _chipGain = _gain;
            if (convertedAt != _gain)
            {
                return ScaleReadStatus.NotReady; // converted at the old channel/gain; the pulses just selected the new one
            }

            int raw = DecodeRaw(read);
            if (raw == RawFullScalePositive || raw == RawFullScaleNegative)
            {
                rawCounts = SignExtend(raw);
                return ScaleReadStatus.Saturated;
            }

            rawCounts = SignExtend(raw);
            return ScaleReadStatus.Ok;
        }

        /// <summary>Sign-extends a 24-bit two's-complement code to an int.</summary>
        public static int SignExtend(int raw24)
        {
            return (raw24 ^ SignBit) - SignBit;
        }

        // DOUT low on every one of the probe's eight samples is data-ready; any high bit (not ready, or a floating
        // line's noise) is not.
        private bool IsDataReady()
        {
            _probeWrite[0] = 0;
            _bus.TransferFullDuplex(_probeWrite, _probeRead);
            return _probeRead[0] == 0;
        }

        // DOUT changes only on a rising edge, which comes at the start of a byte, so a real chip gives all-0 or all-1
        // bytes; after the 25th pulse it drives DOUT high. A floating line passes this (and the probe) with odds
        // below 2^-170; a line stuck low never does.
        private static bool IsWellFormed(byte[] read)
        {
            for (int i = 0; i < read.Length; i++)
            {
                bool constant = read[i] == 0x00 || read[i] == 0xFF;
                if (!constant || (i >= DataBits && read[i] != 0xFF))
                {
                    return false;
                }
            }

            return true;
        }

        private static int DecodeRaw(byte[] read)
        {
            int raw = 0;
            for (int bit = 0; bit < DataBits; bit++)
            {
                raw = (raw << 1) | ((read[bit] & DoutSampleMask) != 0 ? 1 : 0);
            }

            return raw;
        }

        private byte[] PulsesWrite(Hx711Gain gain)
        {
            if (gain == Hx711Gain.ChannelB32)
            {
                return _pulsesB32Write;
            }

            return gain == Hx711Gain.ChannelA64 ? _pulsesA64Write : _pulsesA128Write;
        }

        private byte[] PulsesRead(Hx711Gain gain)
        {
            if (gain == Hx711Gain.ChannelB32)
            {
                return _pulsesB32Read;
            }

            return gain == Hx711Gain.ChannelA64 ? _pulsesA64Read : _pulsesA128Read;
        }

        private static void CheckGain(Hx711Gain gain)
        {
            if (gain != Hx711Gain.ChannelA128 && gain != Hx711Gain.ChannelB32 && gain != Hx711Gain.ChannelA64)
            {
                throw new ArgumentOutOfRangeException("gain");
            }
        }

        private static void Fill(byte[] buffer, byte value)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = value;
            }
        }
    }
}
