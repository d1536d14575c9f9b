using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Tests.Storage;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>What one power cut did, checked against the reference model.</summary>
    internal sealed record CutOutcome(
        string Case, int Queued, int Booked, int AnsweredDuplicate, int Losses, int Duplicates, int TornFiles, List<string> Problems, string Summary);

    /// <summary>
    /// Runs one case of the matrix: replays the session with the power cut at the case's write point, boots the bin
    /// from the surviving flash, lets it reconnect and drain its outbox to the gateway, makes one more drop-off, and
    /// compares everything with <see cref="PowerLossReference"/>.
    /// </summary>
    internal static class BinPowerLossMatrix
    {
        private const string Directory = "smartbin";
        private const int AfterCutGrams = 700;
        private const int AfterCutToleranceGrams = 20;

        public static CutOutcome Run(PowerCut cut)
        {
            PowerLossReference reference = PowerLossReference.Uncut.Value;
            var session = new BinSession();
            var problems = new List<string>();
            cut.Arm(session.Flash.Inner);
            try
            {
                session.RunScript();
                problems.Add("the script ended without reaching the cut");
            }
            catch (PowerLossException)
            {
            }

            CheckSamePast(reference, session, cut, problems);
            int doneShown = session.DoneShownCount;
            session.RebootAfterCut();
            session.Settle();
            long nextSequence = NextSequenceAfterCut(session, problems);
            session.Settle();
            return Check(reference, session, cut, doneShown, nextSequence, problems);
        }

        private static CutOutcome Check(PowerLossReference reference, BinSession session, PowerCut cut, int doneShown, long nextSequence, List<string> problems)
        {
            AckingGateway gateway = session.Gateway;
            BinController controller = session.Bin.Controller;
            List<AppendFact> queued = reference.Queued(cut).ToList();
            int losses = queued.Count(a => !gateway.Ledger.TryGetValue(a.Sequence, out BookedMessage? b) || !b.Payload.SequenceEqual(a.Payload));
            problems.AddRange(queued.Where(a => !gateway.Ledger.ContainsKey(a.Sequence)).Select(a => $"queued seq {a.Sequence} never reached the gateway"));

            long persisted = reference.HighestPersistedSequence(cut);
            Dictionary<long, AppendFact> started = reference.Started(cut).ToDictionary(a => a.Sequence);
            foreach (BookedMessage booked in gateway.Ledger.Values.Where(b => b.Sequence <= persisted))
            {
                if (!started.TryGetValue(booked.Sequence, out AppendFact? fact) || !fact.Payload.SequenceEqual(booked.Payload))
                {
                    problems.Add($"booked seq {booked.Sequence} is not what the bin queued under it before the cut");
                }
            }

            int duplicates = gateway.Conflicts.Count + gateway.DropOffsByContent().Sum(g => g.Count() - 1);
            problems.AddRange(gateway.Conflicts);
            problems.AddRange(gateway.DropOffsByContent().Where(g => g.Count() > 1).Select(g => $"one drop-off booked {g.Count()} times: seq {string.Join(", ", g.Select(b => b.Sequence))}"));
            if (nextSequence <= persisted)
            {
                problems.Add($"sequence {nextSequence} after the reboot does not exceed {persisted}, persisted before the cut");
            }

            int dropOffsQueued = queued.Count(a => a.Kind == OutboxKind.DropOff);
            if (doneShown > dropOffsQueued)
            {
                problems.Add($"Done shown {doneShown} times but only {dropOffsQueued} drop-offs were queued");
            }

            if (controller.Outbox.Count != 0)
            {
                problems.Add($"outbox depth {controller.Outbox.Count} after settling");
            }

            int torn = CountTorn(reference, session, cut, problems);
            string summary = $"{cut.Name} ({cut.Where}): {session.Flash.Inner.LastCut}; queued {queued.Count}, booked {gateway.Ledger.Count}, " +
                $"resent as duplicate {gateway.DuplicateCount}, next seq {nextSequence} (persisted {persisted}), config gen {controller.Config.Generation}";
            return new CutOutcome(cut.Name, queued.Count, gateway.Ledger.Count, gateway.DuplicateCount, losses, duplicates, torn, problems, summary);
        }

        /// <summary>Torn state the bin could serve: a config or CA that is neither the old nor the new, a corrupt or leftover outbox file, a lost counter.</summary>
        private static int CountTorn(PowerLossReference reference, BinSession session, PowerCut cut, List<string> problems)
        {
            BinController controller = session.Bin.Controller;
            var torn = new List<string>();
            var loaded = new ConfigStore(session.Flash.Inner, Directory);
            loaded.Load();
            if (!ConfigModel.Dump(loaded).SequenceEqual(reference.ExpectedConfig(cut)))
            {
                torn.Add("the config on flash is not the last one whose copy A was complete");
            }

            if (controller.Weighing.Calibration.Version != controller.Config.GetInt("cal.version"))
            {
                torn.Add($"calibration version {controller.Weighing.Calibration.Version} in use, {controller.Config.Get("cal.version")} in the config");
            }

            byte[]? ca = CaCertificateStore.ReadPem(session.Flash.Inner, Directory);
            byte[]? expectedCa = reference.ExpectedCa(cut);
            if (!(ca is null ? expectedCa is null : expectedCa is not null && ca.SequenceEqual(expectedCa)))
            {
                torn.Add("the CA on flash is not the last one whose copy A was complete");
            }

            if (controller.Outbox.CorruptRecordCount > 0 || controller.Outbox.SequenceCounterWasLost)
            {
                torn.Add($"outbox: {controller.Outbox.CorruptRecordCount} corrupt entries, counter lost {controller.Outbox.SequenceCounterWasLost}");
            }

            torn.AddRange(session.Flash.Inner.Paths.Where(p => p.EndsWith(OutboxFiles.QuarantineExtension, StringComparison.Ordinal) || p.EndsWith(OutboxFiles.TempName, StringComparison.Ordinal))
                .Select(p => "left on flash: " + p));
            problems.AddRange(torn);
            return torn.Count;
        }

        /// <summary>
        /// The number the bin hands out next: from a real drop-off when it is ready (and that drop-off must weigh
        /// right), else straight from the outbox (a cut before calibration leaves a bin that takes no cards yet).
        /// </summary>
        private static long NextSequenceAfterCut(BinSession session, List<string> problems)
        {
            if (!session.Bin.Controller.IsReady)
            {
                return session.Bin.Controller.Outbox.ReserveSequence();
            }

            session.DropOff(BinSession.AfterCutCard, AfterCutGrams);
            List<JsonElement> mine = session.Gateway.Ledger.Values.Where(b => b.Leaf == "dropoff")
                .Select(b => JsonDocument.Parse(b.Payload).RootElement)
                .Where(d => d.GetProperty("card").GetString() == BinSession.AfterCutCard).ToList();
            if (mine.Count != 1)
            {
                problems.Add($"the drop-off after the reboot was booked {mine.Count} times");
                return long.MaxValue;
            }

            int netGrams = mine[0].GetProperty("netG").GetInt32();
            if (Math.Abs(netGrams - AfterCutGrams) > AfterCutToleranceGrams)
            {
                problems.Add($"the drop-off after the reboot weighed {netGrams} g, not {AfterCutGrams} g");
            }

            return mine[0].GetProperty("seq").GetInt64();
        }

        /// <summary>The replay must have written what the uncut run wrote up to the cut, or the case tests another past.</summary>
        private static void CheckSamePast(PowerLossReference reference, BinSession session, PowerCut cut, List<string> problems)
        {
            IReadOnlyList<FlashWrite> replay = session.Flash.Writes;
            int point = cut.Point.Write.Point;
            bool same = replay.Count == point && Enumerable.Range(0, point).All(i =>
                replay[i].Verb == reference.Writes[i].Verb && replay[i].Path == reference.Writes[i].Path &&
                replay[i].ToPath == reference.Writes[i].ToPath && (replay[i].Data ?? []).SequenceEqual(reference.Writes[i].Data ?? []));
            if (!same)
            {
                problems.Add($"the replay did not write what the uncut run wrote up to write {point} ({replay.Count} writes)");
            }
        }
    }
}
