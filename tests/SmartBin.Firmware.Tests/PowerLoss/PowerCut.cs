using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SmartBin.Firmware.Tests.Storage;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>When, relative to the call at the write point, the power goes.</summary>
    internal enum CutMode
    {
        /// <summary>The call never starts: the flash is as the previous write point left it.</summary>
        Before,

        /// <summary>The call is cut part-way, as the fault FS's tear seed says.</summary>
        Torn,

        /// <summary>The call completes, and the power goes before its caller learns so.</summary>
        After,
    }

    /// <summary>
    /// A write point with its meaning: the kind of flash operation (<c>outbox-append</c>, <c>sequence-bump</c>, ...),
    /// which one of that kind in the scenario (from 1), and which part of it (a mirrored file's copy, the temp write
    /// or the rename of an append).
    /// </summary>
    internal sealed record PowerLossPoint(FlashWrite Write, string Kind, int Occurrence, string Part)
    {
        public string Name => Kind + "#" + Occurrence + (Part.Length == 0 ? string.Empty : "." + Part);
    }

    /// <summary>One case of the matrix: a point, how the power goes there, and the tear seed for <see cref="CutMode.Torn"/>.</summary>
    internal sealed record PowerCut(PowerLossPoint Point, CutMode Mode, int TearSeed)
    {
        /// <summary>
        /// The case's name in the test output, e.g. <c>outbox-append#3.write torn(seed 2)</c>: short, because xunit
        /// shows the first 50 characters of a theory argument. <see cref="Where"/> says where it falls in the script.
        /// </summary>
        public string Name => $"{Point.Name} {ModeName}";

        /// <summary>The write point's number and the script step that made it, e.g. <c>write 32 in drop-off-4-offline</c>.</summary>
        public string Where => $"write {Point.Write.Point} in {Point.Write.Step}";

        public string ModeName => Mode switch
        {
            CutMode.Before => "before",
            CutMode.Torn => $"torn(seed {TearSeed})",
            _ => "after",
        };

        /// <summary>True when the call at the point took full effect (so the reference model counts it done).</summary>
        public bool Completes => Mode == CutMode.After;

        /// <summary>Arms the flash for this cut.</summary>
        public void Arm(InMemoryFlashFileSystem flash)
        {
            if (Mode == CutMode.After)
            {
                flash.ArmPowerLossAfter(Point.Write.Point);
            }
            else
            {
                flash.ArmPowerLoss(Point.Write.Point, TearSeed);
            }
        }

        /// <summary>
        /// Every way the fault FS can cut this call that leaves a different flash: before, each tear seed whose
        /// outcome is neither "not started" nor "done", after. Write has four torn shapes (seeds 0-3: no bytes,
        /// all but one, half, a seed-derived prefix; seed 4 is "not started", i.e. before); Rename one (seed 1:
        /// target deleted, source not moved); Delete and CreateDirectory none (seeds give only not done or done).
        /// With <paramref name="everySeed"/>, every seed of <see cref="TearSeeds"/> for every call, repeats included.
        /// </summary>
        public static IEnumerable<PowerCut> For(PowerLossPoint point, bool everySeed = false)
        {
            (int BeforeSeed, int[] TornSeeds) shape = point.Write.Verb switch
            {
                FlashVerb.Write => (4, [0, 1, 2, 3]),
                FlashVerb.Rename => (0, [1]),
                _ => (0, []),
            };
            yield return new PowerCut(point, CutMode.Before, shape.BeforeSeed);
            foreach (int seed in everySeed ? TearSeeds.All.Select<object[], int>(row => (int)row[0]) : shape.TornSeeds)
            {
                yield return new PowerCut(point, CutMode.Torn, seed);
            }

            yield return new PowerCut(point, CutMode.After, 0);
        }
    }

    /// <summary>Names each write point of a recorded scenario by what it does for the bin.</summary>
    internal static class PowerLossPoints
    {
        /// <summary>Kinds a bin's session writes; anything else is named <see cref="Unclassified"/> and fails the coverage test.</summary>
        public static readonly string[] KnownKinds =
        [
            "dir-create", "config-save", "calibration-save", "ca-save", "sequence-bump", "outbox-append", "outbox-ack-remove",
            "outbox-recover-temp", "outbox-discard-temp", "outbox-quarantine",
        ];

        public const string Unclassified = "unclassified";

        private static readonly Lazy<string> DefaultConfigText = new(() =>
        {
            var flash = new InMemoryFlashFileSystem();
            var store = new SmartBin.Firmware.Core.Storage.ConfigStore(flash, "defaults");
            store.Load();
            store.Save();
            return Encoding.UTF8.GetString(flash.ReadAll("defaults/config.a")!);
        });

        public static List<PowerLossPoint> Name(IReadOnlyList<FlashWrite> writes)
        {
            var points = new List<PowerLossPoint>();
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            string previousConfig = DefaultConfigText.Value;
            foreach (FlashWrite write in writes)
            {
                (string kind, string part) = Classify(write, ref previousConfig);
                bool first = part is "" or "a" or "write";
                occurrences[kind] = occurrences.GetValueOrDefault(kind) + (first ? 1 : 0);
                points.Add(new PowerLossPoint(write, kind, Math.Max(1, occurrences[kind]), part));
            }

            return points;
        }

        private static (string Kind, string Part) Classify(FlashWrite w, ref string previousConfig)
        {
            string name = w.FileName;
            string copy = name.EndsWith(".a", StringComparison.Ordinal) ? "a" : name.EndsWith(".b", StringComparison.Ordinal) ? "b" : "?";
            switch (w.Verb)
            {
                case FlashVerb.Write when name.StartsWith("seq.", StringComparison.Ordinal):
                    return ("sequence-bump", copy);
                case FlashVerb.Write when name.StartsWith("config.", StringComparison.Ordinal):
                    string text = Encoding.UTF8.GetString(w.Data!);
                    string kind = CalibrationLines(text) != CalibrationLines(previousConfig) ? "calibration-save" : "config-save";
                    previousConfig = copy == "b" ? text : previousConfig;
                    return (kind, copy);
                case FlashVerb.Write when name.StartsWith("mqtt-ca.", StringComparison.Ordinal):
                    return ("ca-save", copy);
                case FlashVerb.Write when name == "append.tmp":
                    return ("outbox-append", "write");
                case FlashVerb.Rename when name == "append.tmp" && w.ToPath!.EndsWith(".rec", StringComparison.Ordinal):
                    // Open promotes a complete temp left by a cut; in a session the rename completes an append.
                    return w.Step.StartsWith("boot", StringComparison.Ordinal) ? ("outbox-recover-temp", string.Empty) : ("outbox-append", "rename");
                case FlashVerb.Rename when name.EndsWith(".rec", StringComparison.Ordinal):
                    return ("outbox-quarantine", string.Empty);
                case FlashVerb.Delete when name.EndsWith(".rec", StringComparison.Ordinal):
                    return ("outbox-ack-remove", string.Empty);
                case FlashVerb.Delete when name == "append.tmp":
                    return ("outbox-discard-temp", string.Empty);
                case FlashVerb.CreateDirectory:
                    return ("dir-create", string.Empty);
                default:
                    return (Unclassified, w.Verb + " " + name);
            }
        }

        /// <summary>The calibration lines of a config copy: a save that changes them is a calibration save.</summary>
        private static string CalibrationLines(string configText) =>
            string.Join('\n', configText.Split('\n').Where(line => line.StartsWith("cal.", StringComparison.Ordinal)));
    }
}
