using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Tests.Storage;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>An outbox append of the uncut run: what it stored and the write points that made it durable.</summary>
    internal sealed record AppendFact(long Sequence, byte Kind, byte[] Payload, int WritePoint, int RenamePoint);

    /// <summary>A save of a mirrored file in the uncut run: its copy-A write point and what a reader gets from it.</summary>
    internal sealed record SaveFact<T>(int CopyAPoint, T Content);

    /// <summary>
    /// The reference model: the uncut session's writes, decoded into what they promise (entries queued, numbers
    /// handed out, configs and CAs saved), and for a cut at a write point, what must hold after the reboot.
    /// The rule it applies is the flash contract, not the firmware's code: a call before the cut took effect,
    /// the cut call took effect only in <see cref="CutMode.After"/>, nothing after it happened.
    /// </summary>
    internal sealed class PowerLossReference
    {
        private const string Directory = "smartbin";

        public static readonly Lazy<PowerLossReference> Uncut = new(Record);

        private PowerLossReference(BinSession session)
        {
            Writes = session.Flash.Writes.ToList();
            Points = PowerLossPoints.Name(Writes);
            Ledger = session.Gateway.Ledger;
            Appends = DecodeAppends(Writes);
            SequenceWrites = Writes.Where(w => w.Verb == FlashVerb.Write && w.FileName.StartsWith("seq.", StringComparison.Ordinal))
                .Select(w => (w.Point, ByteOrder.GetInt64(w.Data!, 8))).ToList();
            ConfigSaves = CopyAWrites("config.").Select(w => new SaveFact<string[]>(w.Point, ConfigFrom(w.Data!))).ToList();
            CaSaves = CopyAWrites(CaCertificateStore.FileBaseName + ".").Select(w => new SaveFact<byte[]?>(w.Point, CaFrom(w.Data!))).ToList();
        }

        public IReadOnlyList<FlashWrite> Writes { get; }

        public IReadOnlyList<PowerLossPoint> Points { get; }

        /// <summary>What the gateway booked in the uncut run.</summary>
        public IReadOnlyDictionary<long, BookedMessage> Ledger { get; }

        public IReadOnlyList<AppendFact> Appends { get; }

        public IReadOnlyList<(int Point, long Value)> SequenceWrites { get; }

        public IReadOnlyList<SaveFact<string[]>> ConfigSaves { get; }

        public IReadOnlyList<SaveFact<byte[]?>> CaSaves { get; }

        /// <summary>True when the call at <paramref name="point"/> took effect before the power went.</summary>
        public static bool TookEffect(int point, PowerCut cut) =>
            point < cut.Point.Write.Point || (point == cut.Point.Write.Point && cut.Completes);

        /// <summary>Entries durably queued before the cut: each must reach the gateway exactly once, byte for byte.</summary>
        public IEnumerable<AppendFact> Queued(PowerCut cut) => Appends.Where(a => TookEffect(a.RenamePoint, cut));

        /// <summary>Entries whose temp write had started at the cut: these alone may be booked with a sequence that is not queued.</summary>
        public IEnumerable<AppendFact> Started(PowerCut cut) => Appends.Where(a => a.WritePoint <= cut.Point.Write.Point);

        /// <summary>Highest sequence in a counter copy that was complete at the cut: every later number must be larger.</summary>
        public long HighestPersistedSequence(PowerCut cut) =>
            SequenceWrites.Where(s => TookEffect(s.Point, cut)).Select(s => s.Value).DefaultIfEmpty(0).Max();

        /// <summary>The config the bin must load: the last save whose copy A was complete (the reader takes the newer valid copy).</summary>
        public string[] ExpectedConfig(PowerCut cut) =>
            ConfigSaves.LastOrDefault(s => TookEffect(s.CopyAPoint, cut))?.Content ?? ConfigModel.Defaults();

        /// <summary>The CA the bin must hold: the last save whose copy A was complete, or none.</summary>
        public byte[]? ExpectedCa(PowerCut cut) => CaSaves.LastOrDefault(s => TookEffect(s.CopyAPoint, cut))?.Content;

        /// <summary>One case for each distinct way to cut each write point, in write-point order.</summary>
        public IEnumerable<PowerCut> DistinctCuts() => Points.SelectMany(p => PowerCut.For(p));

        /// <summary>The full matrix: before, every tear seed (repeats included) and after, at every write point.</summary>
        public IEnumerable<PowerCut> AllCuts() => Points.SelectMany(p => PowerCut.For(p, everySeed: true));

        private static PowerLossReference Record()
        {
            var session = new BinSession();
            session.RunScript();
            if (session.Bin.Controller.Outbox.Count != 0)
            {
                throw new InvalidOperationException("the uncut session must end with an empty outbox");
            }

            return new PowerLossReference(session);
        }

        private IEnumerable<FlashWrite> CopyAWrites(string prefix) =>
            Writes.Where(w => w.Verb == FlashVerb.Write && w.FileName == prefix + "a");

        private static List<AppendFact> DecodeAppends(IReadOnlyList<FlashWrite> writes)
        {
            var appends = new List<AppendFact>();
            foreach (FlashWrite w in writes.Where(w => w.Verb == FlashVerb.Write && w.FileName == OutboxFiles.TempName))
            {
                if (!OutboxRecord.TryDecode(w.Data!, OutboxRecord.PayloadBytesLimit, out long seq, out byte kind, out int length))
                {
                    throw new InvalidOperationException($"write {w.Point} stored an undecodable outbox record");
                }

                FlashWrite rename = writes.First(r => r.Point > w.Point && r.Verb == FlashVerb.Rename && r.FileName == OutboxFiles.TempName);
                appends.Add(new AppendFact(seq, kind, w.Data![OutboxRecord.HeaderBytes..(OutboxRecord.HeaderBytes + length)], w.Point, rename.Point));
            }

            return appends;
        }

        private static string[] ConfigFrom(byte[] copy)
        {
            var flash = new InMemoryFlashFileSystem();
            flash.Plant(Directory + "/config.a", copy);
            var store = new ConfigStore(flash, Directory);
            store.Load();
            return ConfigModel.Dump(store);
        }

        private static byte[]? CaFrom(byte[] copy)
        {
            var flash = new InMemoryFlashFileSystem();
            flash.Plant(Directory + "/" + CaCertificateStore.FileBaseName + ".a", copy);
            return CaCertificateStore.ReadPem(flash, Directory);
        }
    }
}
