using System.Collections.Generic;
using System.Linq;
using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Drivers
{
    /// <summary>The simulated A02YYUW-class module feeding the real frame parser, as the COM3 adapter does.</summary>
    public sealed class SimulatedUltrasonicModuleTests
    {
        private const int TrueMm = 500; // 0x01F4: no frame boundary of this value checks out misaligned
        private const int PollMs = 50;
        private readonly SimulatedClock _clock = new();
        private readonly SimulatedDistanceSensor _contents = new(1000, seed: 3) { NoiseMm = 0, MissProbability = 0, DistanceMm = TrueMm };
        private readonly SimulatedUltrasonicModule _module;
        private readonly UltrasonicFrameParser _parser = new();
        private readonly byte[] _uart = new byte[64];

        public SimulatedUltrasonicModuleTests()
        {
            _module = new SimulatedUltrasonicModule(_clock, _contents, seed: 5);
        }

        [Fact]
        public void A_clean_line_gives_one_exact_frame_every_100_ms()
        {
            List<int> readings = Poll(10_000);

            Assert.InRange(_parser.FramesOk, 99, 101);
            Assert.Equal(0, _parser.ChecksumErrors + _parser.BytesDiscarded);
            Assert.All(readings, mm => Assert.Equal(TrueMm, mm));
        }

        [Fact]
        public void Bytes_arrive_at_9600_baud_so_a_read_can_cut_a_frame()
        {
            int[] seen = new int[UltrasonicFrameParser.FrameBytes + 1];
            for (int ms = 0; ms < 2000; ms++)
            {
                _clock.Advance(1);
                seen[_module.BytesToRead]++;
                _module.Read(_uart, 0, _uart.Length);
            }

            // At 1.04 ms a byte, a 1 ms poll sees at most one new byte, and sees each frame in pieces.
            Assert.True(seen[1] >= 4 * 19, $"single bytes seen {seen[1]} times");
            Assert.Equal(0, seen[2] + seen[3] + seen[4]);
        }

        [Fact]
        public void Corrupted_dropped_and_cut_bytes_cost_frames_and_only_rarely_fool_the_checksum()
        {
            UltrasonicLineFaults faults = _module.Faults;
            faults.CorruptByteProbability = 0.05;
            faults.DropByteProbability = 0.05;
            faults.PartialFrameProbability = 0.1;

            List<int> readings = Poll(60_000);

            Assert.True(_module.BytesCorrupted > 0 && _module.BytesLost > 0);
            Assert.True(_parser.ChecksumErrors > 0);
            Assert.True(readings.Count > 300, $"only {readings.Count} readings from 600 frames");

            // An 8-bit sum can be fooled (a low byte hit to 0xFF, its checksum lost, the next header completing
            // FF 01 FF FF = 511 mm); the fill monitor's persistence window outlasts such a reading.
            int wrong = readings.Count(mm => mm != TrueMm);
            Assert.True(wrong * 100 <= readings.Count, $"{wrong} wrong readings of {readings.Count}");
        }

        [Fact]
        public void Out_of_range_frames_are_rejected_and_the_sensor_reports_nothing()
        {
            _module.Faults.OutOfRangeProbability = 1.0;

            List<int> readings = Poll(5_000);

            Assert.Empty(readings);
            Assert.InRange(_parser.OutOfRangeFrames, 45, 51);
        }

        [Fact]
        public void A_reader_that_stops_overruns_the_buffer_and_the_parser_locks_on_again()
        {
            _clock.Advance(60_000);
            Assert.Equal(SimulatedUltrasonicModule.ReceiveBufferBytes, _module.BytesToRead);
            Assert.True(_module.BytesLost > 0);

            List<int> readings = Poll(2_000);

            Assert.NotEmpty(readings);
            Assert.All(readings, mm => Assert.Equal(TrueMm, mm));
        }

        [Fact]
        public void An_unplugged_module_sends_nothing()
        {
            _contents.IsConnected = false;
            Assert.Empty(Poll(2_000));
            Assert.Equal(0, _module.FramesSent);
        }

        // Feeds every 50 ms like the control loop; takes a reading at every feed, so each frame is seen once.
        private List<int> Poll(long durationMs)
        {
            var readings = new List<int>();
            for (long t = 0; t < durationMs; t += PollMs)
            {
                _clock.Advance(PollMs);
                int count = _module.Read(_uart, 0, _uart.Length);
                _parser.Feed(_uart, count);
                if (_parser.TryReadDistance(out int mm))
                {
                    readings.Add(mm);
                }
            }

            return readings;
        }
    }
}
