using System;
using System.Collections.Generic;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    public sealed class OutboxTests
    {
        private const string Dir = "outbox";
        private readonly InMemoryFlashFileSystem _fs = new();

        internal static byte[] Payload(long sequence, int length)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)((sequence * 31) + (i * 7) + 1);
            }

            return bytes;
        }

        internal static List<(long Sequence, byte Kind, byte[] Payload)> ReadAll(Outbox outbox)
        {
            var entries = new List<(long, byte, byte[])>();
            var buffer = new byte[outbox.MaxPayloadBytes];
            for (int skip = 0; outbox.TryPeekOldest(skip, out long seq, out byte kind, buffer, out int length); skip++)
            {
                entries.Add((seq, kind, buffer.AsSpan(0, length).ToArray()));
            }

            return entries;
        }

        private Outbox Open(int capacity = 6, IFlashFileSystem? fs = null)
        {
            var outbox = new Outbox(fs ?? _fs, Dir, capacity, 64);
            outbox.Open();
            return outbox;
        }

        private static long AppendDropOff(Outbox outbox, int length = 10)
        {
            long seq = outbox.ReserveSequence();
            Assert.True(outbox.TryAppend(seq, OutboxKind.DropOff, Payload(seq, length), length));
            return seq;
        }

        [Fact]
        public void Entries_come_back_oldest_first_with_identical_bytes_after_a_restart()
        {
            var outbox = Open();
            int[] lengths = [0, 1, 64, 17];
            foreach (int length in lengths)
            {
                AppendDropOff(outbox, length);
            }

            var entries = ReadAll(Open());

            Assert.Equal([1L, 2L, 3L, 4L], entries.ConvertAll(e => e.Sequence));
            for (int i = 0; i < lengths.Length; i++)
            {
                Assert.Equal(OutboxKind.DropOff, entries[i].Kind);
                Assert.Equal(Payload(i + 1, lengths[i]), entries[i].Payload);
            }
        }

        [Fact]
        public void Sequence_numbers_start_at_one_and_carry_on_after_a_restart()
        {
            var outbox = Open();
            Assert.Equal(1, outbox.ReserveSequence());
            Assert.Equal(2, outbox.ReserveSequence());

            Assert.Equal(3, Open().ReserveSequence());
        }

        [Fact]
        public void A_full_outbox_refuses_appends_and_counts_them()
        {
            var outbox = Open(capacity: 4);
            for (int i = 0; i < 4; i++)
            {
                AppendDropOff(outbox);
            }

            long seq = outbox.ReserveSequence();
            Assert.True(outbox.IsFull);
            Assert.False(outbox.TryAppend(seq, OutboxKind.DropOff, Payload(seq, 5), 5));
            Assert.Equal(1, outbox.FullRefusalCount);
            Assert.Equal(4, outbox.Count);
            Assert.Equal(0, outbox.FreeSlots);
            Assert.DoesNotContain(seq, ReadAll(outbox).ConvertAll(e => e.Sequence));
        }

        [Fact]
        public void Events_are_refused_when_only_the_drop_off_reserve_is_left()
        {
            var outbox = Open(capacity: 4);
            for (int i = 0; i < 3; i++)
            {
                long eventSeq = outbox.ReserveSequence();
                Assert.True(outbox.TryAppend(eventSeq, OutboxKind.Event, Payload(eventSeq, 3), 3));
            }

            long refused = outbox.ReserveSequence();
            Assert.False(outbox.CanAcceptEvent);
            Assert.False(outbox.TryAppend(refused, OutboxKind.Event, Payload(refused, 3), 3));
            Assert.Equal(1, outbox.DroppedEventCount);
            Assert.Equal(0, outbox.FullRefusalCount);

            AppendDropOff(outbox);
            Assert.True(outbox.IsFull);
        }

        [Fact]
        public void A_session_may_start_only_with_two_free_slots_so_a_racing_event_cannot_take_its_drop_off_slot()
        {
            var outbox = Open(capacity: 4);
            AppendDropOff(outbox);
            AppendDropOff(outbox);
            Assert.True(outbox.CanStartSession);

            long eventSeq = outbox.ReserveSequence();
            Assert.True(outbox.TryAppend(eventSeq, OutboxKind.Event, Payload(eventSeq, 3), 3));
            Assert.False(outbox.CanStartSession);
            AppendDropOff(outbox);
        }

        [Fact]
        public void Acks_for_unknown_sequences_are_ignored_and_counted()
        {
            var outbox = Open();
            long seq = AppendDropOff(outbox);

            Assert.False(outbox.Acknowledge(seq + 100));
            Assert.True(outbox.Acknowledge(seq));
            Assert.False(outbox.Acknowledge(seq));

            Assert.Equal(2, outbox.UnknownAckCount);
            Assert.Equal(0, outbox.Count);
        }

        [Fact]
        public void An_acknowledged_entry_stays_gone_after_a_restart_and_its_slot_is_reused()
        {
            var outbox = Open(capacity: 2);
            long first = AppendDropOff(outbox);
            long second = AppendDropOff(outbox);
            Assert.True(outbox.Acknowledge(first));
            long third = AppendDropOff(outbox);

            Assert.Equal([second, third], ReadAll(Open(capacity: 2)).ConvertAll(e => e.Sequence));
        }

        [Fact]
        public void Appends_out_of_reservation_order_are_served_in_sequence_order()
        {
            var outbox = Open();
            long a = outbox.ReserveSequence();
            long b = outbox.ReserveSequence();
            Assert.True(outbox.TryAppend(b, OutboxKind.Event, Payload(b, 4), 4));
            Assert.True(outbox.TryAppend(a, OutboxKind.DropOff, Payload(a, 4), 4));

            Assert.Equal([a, b], ReadAll(outbox).ConvertAll(e => e.Sequence));
            Assert.Equal(a, outbox.SequenceAt(0));
        }

        [Fact]
        public void Appending_an_unreserved_or_duplicate_sequence_is_a_programming_error()
        {
            var outbox = Open();
            long seq = AppendDropOff(outbox);

            Assert.Throws<ArgumentOutOfRangeException>(() => outbox.TryAppend(seq + 1, OutboxKind.DropOff, Payload(1, 1), 1));
            Assert.Throws<ArgumentException>(() => outbox.TryAppend(seq, OutboxKind.DropOff, Payload(1, 1), 1));
            long next = outbox.ReserveSequence();
            Assert.Throws<ArgumentOutOfRangeException>(() => outbox.TryAppend(next, OutboxKind.DropOff, new byte[65], 65));
        }

        [Fact]
        public void Clear_empties_the_outbox_but_never_reuses_a_sequence()
        {
            var outbox = Open();
            AppendDropOff(outbox);
            long last = AppendDropOff(outbox);

            outbox.Clear();

            Assert.Equal(0, outbox.Count);
            var reopened = Open();
            Assert.Equal(0, reopened.Count);
            Assert.Equal(last + 1, reopened.ReserveSequence());
            Assert.Equal(["outbox/seq.a", "outbox/seq.b"], _fs.Paths);
        }

        [Fact]
        public void Open_promotes_a_complete_temp_record_and_deletes_a_torn_one()
        {
            var outbox = Open();
            long seq = outbox.ReserveSequence();
            var record = new byte[OutboxRecord.SizeOf(5)];
            int length = OutboxRecord.Encode(record, seq, OutboxKind.DropOff, Payload(seq, 5), 5);
            _fs.Plant("outbox/append.tmp", record.AsSpan(0, length).ToArray());

            var recovered = Open();
            Assert.Equal(1, recovered.RecoveredTempCount);
            Assert.Equal(Payload(seq, 5), Assert.Single(ReadAll(recovered)).Payload);

            _fs.Plant("outbox/append.tmp", record.AsSpan(0, length - 1).ToArray());
            var again = Open();
            Assert.Equal(1, again.DiscardedTempCount);
            Assert.Equal(1, again.Count);
            Assert.DoesNotContain("outbox/append.tmp", _fs.Paths);
        }

        [Fact]
        public void A_cut_in_the_very_first_reservation_starts_again_from_one()
        {
            var outbox = Open();
            _fs.ArmPowerLoss(_fs.WritePointCount + 1, tearSeed: 0);
            Assert.Throws<PowerLossException>(() => outbox.ReserveSequence());
            _fs.Reboot();

            var reopened = Open();
            Assert.False(reopened.SequenceCounterWasLost);
            Assert.Equal(1, reopened.ReserveSequence());
        }

        [Fact]
        public void A_lost_counter_skips_far_past_every_sequence_on_flash()
        {
            var outbox = Open();
            AppendDropOff(outbox);
            long acked = AppendDropOff(outbox);
            long kept = AppendDropOff(outbox);
            outbox.Acknowledge(acked);
            _fs.FlipBit("outbox/seq.a", 70);
            _fs.FlipBit("outbox/seq.b", 3);

            var reopened = Open();

            Assert.True(reopened.SequenceCounterWasLost);
            Assert.Equal(kept + SequenceCounter.LostCounterSkip + 1, reopened.ReserveSequence());
        }

        [Fact]
        public void The_publisher_peek_path_allocates_nothing()
        {
            var fs = new SameArrayReads(_fs);
            var outbox = Open(fs: fs);
            for (int i = 0; i < 5; i++)
            {
                AppendDropOff(outbox, 20);
            }

            var buffer = new byte[64];
            Peek(outbox, buffer);
            long before = GC.GetAllocatedBytesForCurrentThread();
            long checksum = Peek(outbox, buffer);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.Equal(15, checksum);
        }

        private static long Peek(Outbox outbox, byte[] buffer)
        {
            long sum = 0;
            for (int skip = 0; skip < outbox.Count; skip++)
            {
                Assert.True(outbox.TryPeekOldest(skip, out long seq, out _, buffer, out _));
                sum += seq + outbox.SequenceAt(skip) - skip - 1;
            }

            return sum;
        }

        /// <summary>Returns the same array for repeated reads, so an allocation check measures only the outbox.</summary>
        private sealed class SameArrayReads(InMemoryFlashFileSystem inner) : IFlashFileSystem
        {
            private readonly Dictionary<string, byte[]?> _reads = [];

            public bool Exists(string path) => inner.Exists(path);

            public byte[]? ReadAll(string path)
            {
                if (!_reads.TryGetValue(path, out byte[]? data))
                {
                    data = inner.ReadAll(path);
                    _reads[path] = data;
                }

                return data;
            }

            public void Write(string path, byte[] data, int length) => Forget(() => inner.Write(path, data, length));

            public void Rename(string fromPath, string toPath) => Forget(() => inner.Rename(fromPath, toPath));

            public void Delete(string path) => Forget(() => inner.Delete(path));

            public string[] List(string directory) => inner.List(directory);

            public void CreateDirectory(string directory) => inner.CreateDirectory(directory);

            private void Forget(Action write)
            {
                _reads.Clear();
                write();
            }
        }
    }
}
