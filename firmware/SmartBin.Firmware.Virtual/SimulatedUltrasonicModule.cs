using System;
using SmartBin.Firmware.Core.Drivers;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>What goes wrong on a simulated ultrasonic module's serial line; each a probability from 0 to 1.</summary>
    public sealed class UltrasonicLineFaults
    {
        /// <summary>Per byte: it arrives with bits flipped (interference on a long cable).</summary>
        public double CorruptByteProbability { get; set; }

        /// <summary>Per byte: it never arrives (a framing error the UART discards).</summary>
        public double DropByteProbability { get; set; }

        /// <summary>Per frame: the module stops after its first one to three bytes (a supply dip resets it).</summary>
        public double PartialFrameProbability { get; set; }

        /// <summary>Per frame: a well-formed frame with a distance the module cannot measure (below 30 mm or above 4500 mm).</summary>
        public double OutOfRangeProbability { get; set; }
    }

    /// <summary>
    /// An A02YYUW-class UART ultrasonic module in auto-output mode, as the controller's COM3 sees it: every
    /// <see cref="FramePeriodMs"/> of simulated time it measures <see cref="Target"/> (noise and missed echoes are
    /// the target's; a missed echo sends nothing) and transmits 0xFF, high, low, checksum at 9600 8N1, one byte per
    /// 1.04 ms. Bytes reach the receive buffer when their stop bit ends, so a read can cut a frame in half, and a
    /// buffer nobody drains overruns (<see cref="ReceiveBufferBytes"/>, newest bytes lost, as in a UART FIFO).
    /// <see cref="Faults"/> corrupts, drops and cuts bytes. Seeded: the same seed and script give the same bytes.
    /// </summary>
    public sealed class SimulatedUltrasonicModule
    {
        /// <summary>Time between frames, ms (the module's auto-output period).</summary>
        public const int FramePeriodMs = 100;

        /// <summary>Line speed, bit/s.</summary>
        public const int BaudRate = 9600;

        /// <summary>Bits on the line per byte: start, eight data bits, stop.</summary>
        public const int BitsPerByte = 10;

        /// <summary>Receive buffer of the controller's UART driver, bytes.</summary>
        public const int ReceiveBufferBytes = 256;

        private const long NsPerMs = 1_000_000;
        private const long ByteNs = 1_000_000_000L * BitsPerByte / BaudRate;
        private const long FramePeriodNs = FramePeriodMs * NsPerMs;

        // A gap longer than this (a stopped reader) only overruns the buffer: skip the frames instead of making them.
        private const long CatchUpFramesMax = ReceiveBufferBytes / UltrasonicFrameParser.FrameBytes + 1;

        private readonly SimulatedClock _clock;
        private readonly Random _random;
        private readonly byte[] _ring = new byte[ReceiveBufferBytes];
        private readonly byte[] _frame = new byte[UltrasonicFrameParser.FrameBytes];
        private readonly byte[] _txBytes = new byte[UltrasonicFrameParser.FrameBytes];
        private readonly long[] _txDoneNs = new long[UltrasonicFrameParser.FrameBytes];
        private int _ringStart;
        private int _ringCount;
        private int _txCount;
        private int _txNext;
        private long _nextFrameNs;

        /// <summary>Creates a module looking at <paramref name="target"/>; its first frame comes within one period.</summary>
        public SimulatedUltrasonicModule(SimulatedClock clock, SimulatedDistanceSensor target, int seed)
        {
            ArgumentNullException.ThrowIfNull(clock);
            ArgumentNullException.ThrowIfNull(target);
            _clock = clock;
            Target = target;
            _random = new Random(seed);

            // Powered up at some instant of its own: frame boundaries do not line up with the control loop's ticks.
            _nextFrameNs = (clock.UptimeMs * NsPerMs) + _random.NextInt64(FramePeriodNs);
        }

        /// <summary>What the module measures: the distance to the bin's contents, with its noise and missed echoes.</summary>
        public SimulatedDistanceSensor Target { get; }

        /// <summary>Line faults to inject from now on.</summary>
        public UltrasonicLineFaults Faults { get; } = new();

        /// <summary>Frames the module started (including cut and out-of-range ones).</summary>
        public int FramesSent { get; private set; }

        /// <summary>Bytes that arrived corrupted.</summary>
        public int BytesCorrupted { get; private set; }

        /// <summary>Bytes lost on the line or to a full receive buffer.</summary>
        public int BytesLost { get; private set; }

        /// <summary>Bytes waiting in the receive buffer now.</summary>
        public int BytesToRead
        {
            get
            {
                CatchUp();
                return _ringCount;
            }
        }

        /// <summary>Takes up to <paramref name="count"/> received bytes, like a serial port read that never waits.</summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + count, buffer.Length);
            CatchUp();
            int n = Math.Min(count, _ringCount);
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = _ring[(_ringStart + i) % ReceiveBufferBytes];
            }

            _ringStart = (_ringStart + n) % ReceiveBufferBytes;
            _ringCount -= n;
            return n;
        }

        // Delivers every byte whose stop bit has ended by now, starting frames as their times come.
        private void CatchUp()
        {
            long nowNs = _clock.UptimeMs * NsPerMs;
            long behindFrames = (nowNs - _nextFrameNs) / FramePeriodNs;
            if (behindFrames > CatchUpFramesMax)
            {
                long skipped = behindFrames - CatchUpFramesMax;
                BytesLost += (int)Math.Min(int.MaxValue - BytesLost, skipped * UltrasonicFrameParser.FrameBytes);
                _nextFrameNs += skipped * FramePeriodNs;
            }

            while (true)
            {
                while (_txNext < _txCount && _txDoneNs[_txNext] <= nowNs)
                {
                    Receive(_txBytes[_txNext]);
                    _txNext++;
                }

                if (_txNext < _txCount || _nextFrameNs > nowNs)
                {
                    return;
                }

                StartFrame(_nextFrameNs);
                _nextFrameNs += FramePeriodNs;
            }
        }

        private void StartFrame(long startNs)
        {
            _txCount = 0;
            _txNext = 0;
            if (!Target.IsConnected || !Target.TryReadDistance(out int distanceMm))
            {
                return; // unplugged, or no echo: the line stays idle this period
            }

            FramesSent++;
            if (_random.NextDouble() < Faults.OutOfRangeProbability)
            {
                distanceMm = _random.Next(2) == 0
                    ? _random.Next(0, UltrasonicFrameParser.DistanceMinMm)
                    : _random.Next(UltrasonicFrameParser.DistanceMaxMm + 1, 0x8000);
            }

            byte high = (byte)(distanceMm >> 8);
            byte low = (byte)distanceMm;
            int length = _random.NextDouble() < Faults.PartialFrameProbability ? _random.Next(1, UltrasonicFrameParser.FrameBytes) : UltrasonicFrameParser.FrameBytes;
            _frame[0] = UltrasonicFrameParser.Header;
            _frame[1] = high;
            _frame[2] = low;
            _frame[3] = UltrasonicFrameParser.Checksum(high, low);
            for (int i = 0; i < length; i++)
            {
                if (_random.NextDouble() < Faults.DropByteProbability)
                {
                    BytesLost++;
                    continue;
                }

                byte value = _frame[i];
                if (_random.NextDouble() < Faults.CorruptByteProbability)
                {
                    value ^= (byte)_random.Next(1, 256);
                    BytesCorrupted++;
                }

                _txBytes[_txCount] = value;
                _txDoneNs[_txCount] = startNs + ((i + 1) * ByteNs);
                _txCount++;
            }
        }

        private void Receive(byte value)
        {
            if (_ringCount == ReceiveBufferBytes)
            {
                BytesLost++;
                return;
            }

            _ring[(_ringStart + _ringCount) % ReceiveBufferBytes] = value;
            _ringCount++;
        }
    }
}
