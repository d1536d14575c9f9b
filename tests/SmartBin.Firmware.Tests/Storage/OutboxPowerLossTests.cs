using System.Collections.Generic;
using System.Linq;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>
    /// Acceptance: power lost at every flash write of the outbox, each way a write can tear: after reboot
    /// nothing is corrupt, nothing durable is lost, and no sequence number is handed out twice.
    /// </summary>
    public sealed class OutboxPowerLossTests(ITestOutputHelper output)
    {
        private const string Dir = "outbox";
        private const int Capacity = 6;
        private const int PayloadBytesMax = 64;

        [Theory]
        [MemberData(nameof(TearSeeds.All), MemberType = typeof(TearSeeds))]
        public void A_cut_at_any_write_point_loses_nothing_and_never_reuses_a_sequence(int tearSeed)
        {
            int writePoints = CountWritePoints();
            Assert.True(writePoints > 40, "the workload should reach every kind of write");

            for (int cut = 1; cut <= writePoints; cut++)
            {
                var (fs, model) = RunCutAt(cut, tearSeed);
                var summary = Verify(fs, model);
                output.WriteLine($"{fs.LastCut}: {summary}");
            }
        }

        [Theory]
        [MemberData(nameof(TearSeeds.All), MemberType = typeof(TearSeeds))]
        public void A_second_cut_during_recovery_is_safe_too(int tearSeed)
        {
            int writePoints = CountWritePoints();
            int recoveryCuts = 0;
            for (int cut = 1; cut <= writePoints; cut++)
            {
                int recoveryWrites = CountRecoveryWritePoints(cut, tearSeed);
                for (int second = 1; second <= recoveryWrites; second++)
                {
                    var (fs, model) = RunCutAt(cut, tearSeed);
                    string first = fs.LastCut!;
                    fs.ArmPowerLoss(fs.WritePointCount + second, tearSeed + second);
                    Assert.Throws<PowerLossException>(() => new Outbox(fs, Dir, Capacity, PayloadBytesMax).Open());
                    fs.Reboot();
                    output.WriteLine($"{first}, then in recovery {fs.LastCut}: {Verify(fs, model)}");
                    recoveryCuts++;
                }
            }

            Assert.True(recoveryCuts > 0, "some cuts must leave work for recovery");
        }

        private static int CountWritePoints()
        {
            var fs = new InMemoryFlashFileSystem();
            OutboxWorkload.Run(fs, new OutboxModel());
            return fs.WritePointCount;
        }

        private static int CountRecoveryWritePoints(int cut, int tearSeed)
        {
            var (fs, _) = RunCutAt(cut, tearSeed);
            int before = fs.WritePointCount;
            new Outbox(fs, Dir, Capacity, PayloadBytesMax).Open();
            return fs.WritePointCount - before;
        }

        private static (InMemoryFlashFileSystem Fs, OutboxModel Model) RunCutAt(int cut, int tearSeed)
        {
            var fs = new InMemoryFlashFileSystem();
            var model = new OutboxModel();
            fs.ArmPowerLoss(cut, tearSeed);
            Assert.Throws<PowerLossException>(() => OutboxWorkload.Run(fs, model));
            fs.Reboot();
            return (fs, model);
        }

        /// <summary>Opens after the cut and checks the outbox against what the workload was promised.</summary>
        private static string Verify(InMemoryFlashFileSystem fs, OutboxModel model)
        {
            var outbox = new Outbox(fs, Dir, Capacity, PayloadBytesMax);
            outbox.Open();
            var present = OutboxTests.ReadAll(outbox).ToDictionary(e => e.Sequence);

            Assert.Equal(0, outbox.CorruptRecordCount);
            Assert.False(outbox.SequenceCounterWasLost);
            foreach (var (seq, entry) in model.Durable)
            {
                bool mayBeGone = seq == model.AckInFlight;
                Assert.True(mayBeGone || present.ContainsKey(seq), $"durable entry {seq} lost");
                if (present.TryGetValue(seq, out var found))
                {
                    Assert.Equal(entry.Kind, found.Kind);
                    Assert.Equal(entry.Payload, found.Payload);
                }
            }

            foreach (var (seq, found) in present)
            {
                bool durable = model.Durable.ContainsKey(seq);
                bool inFlight = model.AppendInFlight is { } append && append.Sequence == seq;
                Assert.True(durable || inFlight, $"entry {seq} should not be there (acknowledged or never appended)");
                if (inFlight)
                {
                    Assert.Equal(model.AppendInFlight!.Value.Payload, found.Payload);
                }
            }

            long next = outbox.ReserveSequence();
            Assert.True(next > model.HighestHandedOut, $"sequence {next} reused (handed out up to {model.HighestHandedOut})");
            Assert.True(present.Count == 0 || next > present.Keys.Max());
            ProveStillWorks(outbox, next);
            return $"{present.Count} entries, next sequence {next}";
        }

        private static void ProveStillWorks(Outbox outbox, long sequence)
        {
            var payload = OutboxTests.Payload(sequence, 8);
            if (!outbox.IsFull)
            {
                Assert.True(outbox.TryAppend(sequence, OutboxKind.DropOff, payload, payload.Length));
            }

            while (outbox.Count > 0)
            {
                Assert.True(outbox.Acknowledge(outbox.SequenceAt(0)));
            }
        }
    }

    /// <summary>What the workload was promised before the cut.</summary>
    internal sealed class OutboxModel
    {
        public long HighestHandedOut { get; set; }

        /// <summary>Entries whose TryAppend returned true and whose ack has not completed.</summary>
        public Dictionary<long, (byte Kind, byte[] Payload)> Durable { get; } = [];

        public (long Sequence, byte Kind, byte[] Payload)? AppendInFlight { get; set; }

        public long? AckInFlight { get; set; }
    }

    /// <summary>
    /// A scripted day of a bin: reservations, drop-offs and events of every payload size, acks (oldest, newest,
    /// unknown), a reserved number never used, a restart in the middle, filling up, a refused append, draining.
    /// </summary>
    internal static class OutboxWorkload
    {
        private const string Dir = "outbox";

        public static void Run(InMemoryFlashFileSystem fs, OutboxModel model)
        {
            var outbox = Open(fs);
            for (int i = 0; i < 12; i++)
            {
                long seq = Reserve(outbox, model);
                byte kind = i % 4 == 3 ? OutboxKind.Event : OutboxKind.DropOff;
                int length = i == 0 ? 0 : i == 1 ? 64 : (i * 13) % 64;
                Append(outbox, model, seq, kind, length);
                if (outbox.Count >= 4)
                {
                    Ack(outbox, model, outbox.SequenceAt(0));
                }

                if (i == 5)
                {
                    Reserve(outbox, model);
                    Ack(outbox, model, 999);
                }

                if (i == 8)
                {
                    outbox = Open(fs);
                    Ack(outbox, model, outbox.SequenceAt(outbox.Count - 1));
                }
            }

            while (!outbox.IsFull)
            {
                Append(outbox, model, Reserve(outbox, model), OutboxKind.DropOff, 5);
            }

            long refused = Reserve(outbox, model);
            Assert.False(outbox.TryAppend(refused, OutboxKind.DropOff, OutboxTests.Payload(refused, 5), 5));
            Ack(outbox, model, outbox.SequenceAt(2));
            while (outbox.Count > 0)
            {
                Ack(outbox, model, outbox.SequenceAt(0));
            }
        }

        private static Outbox Open(InMemoryFlashFileSystem fs)
        {
            var outbox = new Outbox(fs, Dir, 6, 64);
            outbox.Open();
            return outbox;
        }

        private static long Reserve(Outbox outbox, OutboxModel model)
        {
            long seq = outbox.ReserveSequence();
            model.HighestHandedOut = seq;
            return seq;
        }

        private static void Append(Outbox outbox, OutboxModel model, long seq, byte kind, int length)
        {
            byte[] payload = OutboxTests.Payload(seq, length);
            model.AppendInFlight = (seq, kind, payload);
            Assert.True(outbox.TryAppend(seq, kind, payload, length));
            model.Durable[seq] = (kind, payload);
            model.AppendInFlight = null;
        }

        private static void Ack(Outbox outbox, OutboxModel model, long seq)
        {
            model.AckInFlight = seq;
            bool removed = outbox.Acknowledge(seq);
            Assert.Equal(model.Durable.ContainsKey(seq), removed);
            model.Durable.Remove(seq);
            model.AckInFlight = null;
        }
    }
}
