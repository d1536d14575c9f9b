using System;
using System.IO;
using System.Linq;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// The store the report and page benchmarks measure: its size from the command line (<c>--bins 1000
/// --households 9003 --per-day 5500 --days 365</c>, the last day 2026-06-30), <c>--runs</c>, and where it lives: a
/// temporary folder removed afterwards unless <c>--keep</c>, or <c>--database path</c>, seeded once and kept.
/// </summary>
internal sealed class YearOfData
{
    private readonly bool removeAfter;

    private YearOfData(string[] args, Func<string[], string, int, int> arg, string folderPrefix)
    {
        Bins = arg(args, "--bins", 1_000);
        Households = arg(args, "--households", 9_003);
        PerDay = arg(args, "--per-day", 5_500);
        Days = arg(args, "--days", 365);
        Runs = arg(args, "--runs", 20);
        LastDay = new DateOnly(2026, 6, 30);
        FirstDay = LastDay.AddDays(1 - Days);
        var at = Array.IndexOf(args, "--database");
        var given = at >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
        Folder = given is null ? Directory.CreateTempSubdirectory(folderPrefix).FullName : Path.GetDirectoryName(given)!;
        DatabasePath = given ?? Path.Combine(Folder, "smartbin.db");
        removeAfter = given is null && !args.Contains("--keep");
    }

    public int Bins { get; }
    public int Households { get; }
    public int PerDay { get; }
    public int Days { get; }
    public int Runs { get; }
    public DateOnly FirstDay { get; }
    public DateOnly LastDay { get; }
    public string Folder { get; }
    public string DatabasePath { get; }

    /// <summary>The sizes from <paramref name="args"/>; a new temporary folder named <paramref name="folderPrefix"/>… unless --database.</summary>
    public static YearOfData FromArgs(string[] args, Func<string[], string, int, int> arg, string folderPrefix) => new(args, arg, folderPrefix);

    /// <summary>The first line a benchmark prints: what it runs on.</summary>
    public string Describe(string benchmark, string runsOf) =>
        $"smartbin-bench {benchmark}: {Bins} bins, {Households} households, {PerDay} drop-offs/day, {Days} days " +
        $"({FirstDay:yyyy-MM-dd}..{LastDay:yyyy-MM-dd}), {Runs} {runsOf}, {Environment.ProcessorCount} cores";

    /// <summary>Writes the year into the migrated store at <see cref="DatabasePath"/> (bulk, not through ingest).</summary>
    public void Seed() => new ReportingSeeder(DatabasePath, Bins, Households, PerDay, FirstDay, Days, seed: 6).Run();

    /// <summary>Removes the temporary folder, or says where the kept database is.</summary>
    public void Finish()
    {
        if (removeAfter)
        {
            Directory.Delete(Folder, recursive: true);
        }
        else
        {
            Console.WriteLine($"kept {DatabasePath}");
        }
    }
}
