using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>
    /// Acceptance (issue 7, power loss on the bin): the power cut at every flash write of a bin's session, each way
    /// the fault FS can cut it; after the reboot every queued drop-off reaches the gateway exactly once with its
    /// sequence and bytes, no number is reused, config, calibration and CA are the old or the new whole, and the
    /// outbox drains. Each case is one named test: <c>outbox-append#3.write torn(seed 2)</c>.
    /// </summary>
    public sealed class BinPowerLossTests(ITestOutputHelper output)
    {
        /// <summary>Set to <c>full</c> to run every case; the suite otherwise runs <see cref="BinPowerLossCases.Suite"/>.</summary>
        public const string MatrixVariable = "SMARTBIN_POWERLOSS_MATRIX";

        /// <summary>Kinds issue 7 names, which the scenario must reach.</summary>
        private static readonly string[] RequiredKinds =
            ["config-save", "calibration-save", "ca-save", "sequence-bump", "outbox-append", "outbox-ack-remove"];

        public static TheoryData<string> Cases => new(BinPowerLossCases.Selected().Select(c => c.Name));

        [Theory]
        [MemberData(nameof(Cases))]
        public void Power_cut_here_loses_duplicates_and_tears_nothing(string powerLossPoint)
        {
            CutOutcome outcome = BinPowerLossMatrix.Run(BinPowerLossCases.Find(powerLossPoint));
            output.WriteLine(outcome.Summary);
            Assert.True(outcome.Problems.Count == 0, string.Join(Environment.NewLine, outcome.Problems));
            Assert.Equal((0, 0, 0), (outcome.Losses, outcome.Duplicates, outcome.TornFiles));
        }

        [Fact]
        public void The_whole_matrix_adds_up_to_no_loss_no_duplicate_and_no_torn_file()
        {
            List<CutOutcome> outcomes = BinPowerLossCases.Selected().Select(BinPowerLossMatrix.Run).ToList();
            output.WriteLine($"cases {outcomes.Count}, write points {PowerLossReference.Uncut.Value.Points.Count}, " +
                $"queued entries checked {outcomes.Sum(o => o.Queued)}, messages booked {outcomes.Sum(o => o.Booked)}, " +
                $"resends answered duplicate {outcomes.Sum(o => o.AnsweredDuplicate)}, losses {outcomes.Sum(o => o.Losses)}, " +
                $"duplicates {outcomes.Sum(o => o.Duplicates)}, torn files {outcomes.Sum(o => o.TornFiles)}, " +
                $"cases with a problem {outcomes.Count(o => o.Problems.Count > 0)}");
            Assert.Equal(0, outcomes.Sum(o => o.Losses + o.Duplicates + o.TornFiles + o.Problems.Count));
            Assert.True(outcomes.Sum(o => o.AnsweredDuplicate) > 0, "some cut must fall between the gateway's booking and the bin's removal");
        }

        [Fact]
        public void The_matrix_covers_every_kind_of_flash_write_the_session_makes_in_every_mode()
        {
            PowerLossReference reference = PowerLossReference.Uncut.Value;
            List<PowerCut> selected = BinPowerLossCases.Selected().ToList();
            foreach (IGrouping<string, PowerLossPoint> kind in reference.Points.GroupBy(p => p.Kind))
            {
                int cases = selected.Count(c => c.Point.Kind == kind.Key);
                output.WriteLine($"{kind.Key}: {kind.Count()} write points, {cases} cases run");
            }

            foreach (PowerLossPoint point in reference.Points)
            {
                int cases = selected.Count(c => c.Point == point);
                output.WriteLine($"  write {point.Write.Point,3} {point.Name,-24} {point.Write.Verb} {point.Write.Path}{(point.Write.ToPath is null ? "" : " -> " + point.Write.ToPath)} in {point.Write.Step}: {cases} cases");
            }

            Assert.All(reference.Points, p => Assert.True(p.Kind != PowerLossPoints.Unclassified, $"write {p.Write.Point} ({p.Write.Verb} {p.Write.Path}) has no name: give it one"));
            Assert.All(reference.Points, p => Assert.Contains(p.Kind, PowerLossPoints.KnownKinds));
            Assert.All(RequiredKinds, k => Assert.Contains(reference.Points, p => p.Kind == k));
            foreach (PowerLossPoint point in reference.Points.DistinctBy(p => (p.Kind, p.Part, p.Write.Verb)))
            {
                foreach (PowerCut mode in PowerCut.For(point))
                {
                    bool covered = selected.Any(c => c.Point.Kind == point.Kind && c.Point.Part == point.Part && c.Mode == mode.Mode && c.TearSeed == mode.TearSeed);
                    Assert.True(covered, $"no case cuts {point.Kind}{(point.Part.Length > 0 ? "." + point.Part : "")} {mode.ModeName}");
                }
            }

            Assert.Equal(reference.AllCuts().Select(c => c.Name).Distinct().Count(), reference.AllCuts().Count());
            Assert.Subset(reference.AllCuts().Select(c => c.Name).ToHashSet(), reference.DistinctCuts().Select(c => c.Name).ToHashSet());
            output.WriteLine($"cases: {selected.Count} run, {reference.DistinctCuts().Count()} distinct, {reference.AllCuts().Count()} in the full matrix ({MatrixVariable}=full)");
        }

        [Fact]
        public void The_reliability_doc_names_every_power_loss_point_kind_of_the_session()
        {
            string doc = System.IO.File.ReadAllText(RepoPaths.File("docs/reliability.md"));
            int start = doc.IndexOf("## Power loss on the bin", StringComparison.Ordinal);
            Assert.True(start >= 0, "docs/reliability.md has no '## Power loss on the bin' section");
            int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? doc[start..] : doc[start..end];
            Assert.All(PowerLossReference.Uncut.Value.Points.Select(p => p.Kind).Distinct(), kind => Assert.Contains($"`{kind}#n", section));
            Assert.Contains($"{PowerLossReference.Uncut.Value.Points.Count} flash writes", section);
        }

        [Fact]
        public void The_uncut_session_books_every_scripted_drop_off_once_and_is_what_the_model_reads()
        {
            PowerLossReference reference = PowerLossReference.Uncut.Value;
            int scriptedDropOffs = BinSession.Steps.Count(s => s.Name.StartsWith("drop-off", StringComparison.Ordinal));
            Assert.Equal(scriptedDropOffs, reference.Ledger.Values.Count(b => b.Leaf == "dropoff"));
            Assert.Equal(reference.Appends.Select(a => a.Sequence).Order(), reference.Ledger.Keys);
            Assert.All(reference.Appends, a => Assert.Equal(a.Payload, reference.Ledger[a.Sequence].Payload));
            Assert.True(reference.ConfigSaves.Count >= 3, "provision, calibration and the gateway's set each save");
            Assert.Single(reference.CaSaves);
        }
    }

    /// <summary>The matrix's cases and the deterministic subset the suite runs.</summary>
    internal static class BinPowerLossCases
    {
        /// <summary>The cases this run takes: all with <c>SMARTBIN_POWERLOSS_MATRIX=full</c>, else <see cref="Suite"/>.</summary>
        public static IEnumerable<PowerCut> Selected() =>
            Environment.GetEnvironmentVariable(BinPowerLossTests.MatrixVariable) == "full" ? PowerLossReference.Uncut.Value.AllCuts() : Suite();

        /// <summary>
        /// The suite's cases: each write point cut each way that leaves a different flash (the full matrix adds the
        /// tear seeds that repeat "not started" or "done" for a call, e.g. seed 4 of a Write, seeds 2-4 of a Delete).
        /// </summary>
        public static IEnumerable<PowerCut> Suite() => PowerLossReference.Uncut.Value.DistinctCuts();

        public static PowerCut Find(string name) => PowerLossReference.Uncut.Value.AllCuts().Single(c => c.Name == name);
    }
}
