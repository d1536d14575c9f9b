using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Drivers
{
    /// <summary>
    /// Waterproof UART ultrasonic module (A02YYUW-style, 9600 8N1, auto output mode): a stream of 4-byte frames
    /// 0xFF, high, low, checksum with checksum = (0xFF + high + low) &amp; 0xFF and distance = high × 256 + low mm.
    /// The control loop feeds whatever bytes the UART has; the parser resynchronises after noise, a lost byte or a
    /// frame cut in half by a read, by looking for the next 0xFF inside a rejected frame before dropping bytes.
    /// <see cref="TryReadDistance"/> returns only a reading received since the previous call, so a sensor that went
    /// quiet is never reported with its last distance. No allocation after construction.
    /// </summary>
    public sealed class UltrasonicFrameParser : IDistanceSensor
    {
        /// <summary>Frame start byte.</summary>
        public const byte Header = 0xFF;

        /// <summary>Bytes per frame: header, distance high, distance low, checksum.</summary>
        public const int FrameBytes = 4;

        /// <summary>Shortest distance the module measures, mm (its blind zone); a smaller value is not a reading.</summary>
        public const int DistanceMinMm = 30;

        /// <summary>Longest distance the module measures, mm; a larger value is not a reading.</summary>
        public const int DistanceMaxMm = 4500;

        private readonly byte[] _frame = new byte[FrameBytes];
        private int _frameCount;
        private int _latestMm;
        private bool _hasFresh;

        /// <summary>Frames with a good checksum and an in-range distance.</summary>
        public int FramesOk { get; private set; }

        /// <summary>Frames whose checksum did not match (noise, or a lost byte shifted the frame).</summary>
        public int ChecksumErrors { get; private set; }

        /// <summary>Well-formed frames whose distance was outside the module's range.</summary>
        public int OutOfRangeFrames { get; private set; }

        /// <summary>Bytes thrown away while looking for a header.</summary>
        public int BytesDiscarded { get; private set; }

        /// <summary>Parses the first <paramref name="count"/> bytes of <paramref name="buffer"/>.</summary>
        public void Feed(byte[] buffer, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (count < 0 || count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            for (int i = 0; i < count; i++)
            {
                Accept(buffer[i]);
            }
        }

        /// <inheritdoc />
        public bool TryReadDistance(out int distanceMm)
        {
            distanceMm = _latestMm;
            bool fresh = _hasFresh;
            _hasFresh = false;
            return fresh;
        }

        private void Accept(byte value)
        {
            if (_frameCount == 0 && value != Header)
            {
                BytesDiscarded++;
                return;
            }

            _frame[_frameCount] = value;
            _frameCount++;
            if (_frameCount < FrameBytes)
            {
                return;
            }

            if (Checksum(_frame[1], _frame[2]) != _frame[3])
            {
                ChecksumErrors++;
                Resynchronise();
                return;
            }

            int distanceMm = _frame[1] * 256 + _frame[2];
            if (distanceMm < DistanceMinMm || distanceMm > DistanceMaxMm)
            {
                // Also how a misaligned lock shows: for 511 mm (FF 01 FF FF) the frame read from the checksum byte on
                // (FF FF 01 FF) checks, but its high byte 0xFF is out of range; resynchronising breaks the lock.
                OutOfRangeFrames++;
                Resynchronise();
                return;
            }

            _frameCount = 0;
            FramesOk++;
            _latestMm = distanceMm;
            _hasFresh = true;
        }

        // A rejected frame may hold the start of the real one (a byte was lost before it): keep from the next 0xFF
        // inside it on, and drop what came before.
        private void Resynchronise()
        {
            int start = 1;
            while (start < FrameBytes && _frame[start] != Header)
            {
                start++;
            }

            BytesDiscarded += start;
            for (int i = start; i < FrameBytes; i++)
            {
                _frame[i - start] = _frame[i];
            }

            _frameCount = FrameBytes - start;
        }

        /// <summary>The module's checksum of a frame with these distance bytes.</summary>
        public static byte Checksum(byte high, byte low)
        {
            return (byte)((Header + high + low) & 0xFF);
        }
    }
}
