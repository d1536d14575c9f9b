using System;
using System.Linq;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>A corrupt record is detected by its checks and never served; corruption of one counter copy costs nothing.</summary>
    public sealed class OutboxCrcTests
    {
        private const string Dir = "outbox";
        private const int PayloadBytes = 12;

        private static (InMemoryFlashFileSystem Fs, Outbox Outbox) ThreeEntries()
        {
            var fs = new InMemoryFlashFileSystem();
            var outbox = new Outbox(fs, Dir, 6, 64);
            outbox.Open();
            for (int i = 0; i < 3; i++)
            {
                long seq = outbox.ReserveSequence();
                Assert.True(outbox.TryAppend(seq, OutboxKind.DropOff, OutboxTests.Payload(seq, PayloadBytes), PayloadBytes));
            }

            return (fs, outbox);
        }

        [Fact]
        public void Every_single_bit_flip_in_a_record_is_caught_at_open_and_the_record_is_quarantined()
        {
            int recordBits = OutboxRecord.SizeOf(PayloadBytes) * 8;
            for (int bit = 0; bit < recordBits; bit++)
            {
                var (fs, _) = ThreeEntries();
                fs.FlipBit("outbox/r1.rec", bit);

                var reopened = new Outbox(fs, Dir, 6, 64);
                reopened.Open();

                Assert.Equal([1L, 3L], OutboxTests.ReadAll(reopened).Select(e => e.Sequence));
                Assert.Equal(1, reopened.CorruptRecordCount);
                Assert.Contains("outbox/r1.bad", fs.Paths);
                Assert.DoesNotContain("outbox/r1.rec", fs.Paths);
            }
        }

        [Fact]
        public void A_bit_flip_after_open_is_caught_when_the_publisher_peeks()
        {
            var (fs, outbox) = ThreeEntries();
            fs.FlipBit("outbox/r0.rec", 8 * (OutboxRecord.HeaderBytes + 3));
            var buffer = new byte[64];

            Assert.True(outbox.TryPeekOldest(0, out long seq, out _, buffer, out int length));

            Assert.Equal(2, seq);
            Assert.Equal(OutboxTests.Payload(2, PayloadBytes), buffer.AsSpan(0, length).ToArray());
            Assert.Equal(1, outbox.CorruptRecordCount);
            Assert.Equal(2, outbox.Count);
        }

        [Fact]
        public void A_record_whose_sequence_was_altered_with_a_matching_crc_is_not_served_under_the_wrong_number()
        {
            var (fs, outbox) = ThreeEntries();
            var forged = new byte[OutboxRecord.SizeOf(PayloadBytes)];
            OutboxRecord.Encode(forged, 3, OutboxKind.DropOff, OutboxTests.Payload(3, PayloadBytes), PayloadBytes);
            fs.Plant("outbox/r0.rec", forged);

            var entries = OutboxTests.ReadAll(outbox);

            Assert.Equal([2L, 3L], entries.Select(e => e.Sequence));
            Assert.Equal(1, outbox.CorruptRecordCount);
        }

        [Theory]
        [InlineData("outbox/seq.a")]
        [InlineData("outbox/seq.b")]
        public void A_bit_flip_in_one_counter_copy_changes_nothing(string copy)
        {
            var (fs, outbox) = ThreeEntries();
            Assert.True(outbox.Acknowledge(3));
            for (int bit = 0; bit < 20 * 8; bit++)
            {
                var flipped = new InMemoryFlashFileSystem();
                foreach (string path in fs.Paths)
                {
                    flipped.CreateDirectory(Dir);
                    flipped.Plant(path, fs.ReadAll(path)!);
                }

                flipped.FlipBit(copy, bit);
                var reopened = new Outbox(flipped, Dir, 6, 64);
                reopened.Open();

                Assert.False(reopened.SequenceCounterWasLost);
                Assert.Equal(4, reopened.ReserveSequence());
            }
        }
    }
}
