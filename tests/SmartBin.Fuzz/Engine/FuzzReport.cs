using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SmartBin.Fuzz.Engine;

/// <summary>One failure: kind (crash, violation, hang), reproducer index, what happened, and the input.</summary>
internal sealed record FuzzFailure(string Kind, long Index, string What, string Input);

/// <summary>Figures of one target's run: counts by reason, timing, failures with reproducers.</summary>
internal sealed class FuzzReport(string target, int seed, int epoch)
{
    private readonly Dictionary<string, long> byReason = new(StringComparer.Ordinal);
    private readonly List<FuzzFailure> failures = [];
    private readonly HashSet<string> signatures = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public string Target { get; } = target;

    public int Seed { get; } = seed;

    public long Inputs { get; private set; }

    public long Accepted { get; private set; }

    public long Crashes { get; private set; }

    public long Violations { get; private set; }

    public long Hangs { get; private set; }

    public TimeSpan MaxTime { get; private set; }

    public long SlowestIndex { get; private set; } = -1;

    public TimeSpan TotalTime { get; private set; }

    public TimeSpan WallTime { get; set; }

    /// <summary>Rejections by reason (crashes and violations under their own labels).</summary>
    public IReadOnlyDictionary<string, long> Rejections
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, long>(byReason);
            }
        }
    }

    public IReadOnlyList<FuzzFailure> Failures
    {
        get
        {
            lock (gate)
            {
                return [.. failures];
            }
        }
    }

    public bool Passed => Crashes == 0 && Violations == 0 && Hangs == 0;

    public void Count(string? reason, TimeSpan took, long index)
    {
        lock (gate)
        {
            Inputs++;
            TotalTime += took;
            if (took > MaxTime)
            {
                (MaxTime, SlowestIndex) = (took, index);
            }
            if (reason is null)
            {
                Accepted++;
                return;
            }
            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
        }
    }

    public void Fail(string kind, long index, string what, string input)
    {
        lock (gate)
        {
            if (kind == "crash")
            {
                Crashes++;
            }
            else
            {
                Violations++;
            }
            // One example per kind of failure (its first words), so a flood of one kind hides no other.
            var signature = kind + what[..Math.Min(what.Length, 40)];
            if (failures.Count < FuzzRunner.FailuresKeptMax && signatures.Add(signature))
            {
                failures.Add(new FuzzFailure(kind, index, what, input));
            }
        }
    }

    public void Hang(long index, TimeSpan elapsed, string input)
    {
        lock (gate)
        {
            Hangs++;
            failures.Add(new FuzzFailure("hang", index, $"still running after {elapsed.TotalMilliseconds:F0} ms", input));
        }
    }

    /// <summary>The command line that replays input <paramref name="index"/> (from its epoch's start).</summary>
    public string Reproducer(long index)
    {
        var from = index - index % epoch;
        return $"--parser {Target} --seed {Seed} --start {from} --inputs {index - from + 1}";
    }

    /// <summary>The table printed by the program and the tests.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        var avgUs = Inputs == 0 ? 0 : TotalTime.TotalMicroseconds / Inputs;
        text.AppendLine(CultureInfo.InvariantCulture, $"== {Target} (seed {Seed}) ==");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"inputs {Inputs:N0}  accepted {Accepted:N0}  rejected {Inputs - Accepted:N0}  crashes {Crashes}  violations {Violations}  hangs {Hangs}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"time per input: avg {avgUs:F1} µs, max {MaxTime.TotalMilliseconds:F2} ms (index {SlowestIndex}); wall {WallTime.TotalSeconds:F1} s");
        foreach (var (reason, count) in Rejections.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {reason,-28} {count,12:N0}");
        }
        foreach (var f in Failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {f.Kind.ToUpperInvariant()} at index {f.Index}: {f.What}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    input: {f.Input}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    reproduce: {Reproducer(f.Index)}");
        }
        return text.ToString();
    }
}
