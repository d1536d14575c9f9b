using System;
using System.Diagnostics;
using System.Threading;

namespace SmartBin.Fuzz.Engine;

/// <summary>
/// Runs a target over a range of input indexes on a worker thread, timing each input. An input still running after
/// the time limit is a hang: the run stops there and reports it (the stuck worker is a background thread and is
/// abandoned). Exceptions are collected with their reproducer; the run goes on after them.
/// </summary>
internal static class FuzzRunner
{
    /// <summary>Failures kept per run (the count goes on).</summary>
    public const int FailuresKeptMax = 20;

    private const int WatchPeriodMs = 20;

    /// <summary>The generator of input <paramref name="index"/> of the run with <paramref name="seed"/>.</summary>
    public static Random InputRandom(int seed, long index) =>
        new(unchecked((int)(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)index * 0xBF58476D1CE4E5B9UL)) ^ (int)(index >> 17)));

    /// <summary>Runs <paramref name="count"/> inputs from <paramref name="start"/>.</summary>
    public static FuzzReport Run(IFuzzTarget target, int seed, long start, long count, int timeLimitMs)
    {
        var report = new FuzzReport(target.Name, seed, target.Epoch);
        var current = -1L;
        var currentStarted = 0L;
        var done = false;
        var worker = new Thread(() =>
        {
            for (var i = start; i < start + count; i++)
            {
                Volatile.Write(ref currentStarted, Stopwatch.GetTimestamp());
                Volatile.Write(ref current, i);
                RunOne(target, seed, i, start, report);
            }
            Volatile.Write(ref done, true);
        }, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz " + target.Name };
        var wall = Stopwatch.StartNew();
        worker.Start();
        while (!worker.Join(WatchPeriodMs))
        {
            var index = Volatile.Read(ref current);
            var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref currentStarted));
            if (index >= 0 && !Volatile.Read(ref done) && elapsed.TotalMilliseconds > timeLimitMs && Volatile.Read(ref current) == index)
            {
                report.Hang(index, elapsed, target.LastInput);
                break;
            }
        }
        report.WallTime = wall.Elapsed;
        return report;
    }

    private static void RunOne(IFuzzTarget target, int seed, long index, long start, FuzzReport report)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (index == start || index % target.Epoch == 0)
            {
                target.Reset();
            }
            var reason = target.Run(index, InputRandom(seed, index));
            report.Count(reason, Stopwatch.GetElapsedTime(started), index);
            if (reason is not null && !target.DocumentedReasons.Contains(reason))
            {
                report.Fail("violation", index, $"undocumented reason '{reason}'", target.LastInput);
            }
        }
        catch (FuzzViolation e)
        {
            report.Count("(violation)", Stopwatch.GetElapsedTime(started), index);
            report.Fail("violation", index, e.Message, target.LastInput);
            ResetAfterFailure(target);
        }
        catch (Exception e)
        {
            report.Count("(crash)", Stopwatch.GetElapsedTime(started), index);
            report.Fail("crash", index, e.GetType().Name + ": " + e.Message + " at " + FirstFrame(e), target.LastInput);
            ResetAfterFailure(target);
        }
    }

    // After a failure the shared state is suspect: start it again so later inputs test the parser, not the wreck.
    private static void ResetAfterFailure(IFuzzTarget target)
    {
        try
        {
            target.Reset();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Reported through the next input's failure, if it fails too.
        }
    }

    private static string FirstFrame(Exception e)
    {
        var trace = e.StackTrace ?? "";
        var line = trace.Split('\n', 2)[0].Trim();
        return line.Length > 0 ? line : "(no trace)";
    }
}
