using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Bench;

/// <summary>
/// smartbin-bench --reporting: server time of every report query and export on a store with a year of data.
///   dotnet run -c Release --project tests/SmartBin.Gateway.Bench -- --reporting [--bins 1000] [--households 9003]
///       [--per-day 5500] [--days 365] [--runs 20] [--keep] [--database path]
/// --database seeds that file (kept) or, when it exists, measures it again without seeding.
/// Time is measured around the service call alone (what a page or download costs the server), after two warm-up
/// calls; p50 and p95 by nearest rank over the runs.
/// </summary>
internal static class ReportingBench
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static int Run(string[] args, Func<string[], string, int, int> arg)
    {
        var data = YearOfData.FromArgs(args, arg, "smartbin-bench-reporting-");
        var seed = !File.Exists(data.DatabasePath);
        Console.WriteLine(data.Describe("--reporting", "runs per query"));
        var lastDay = data.LastDay;
        var time = new FixedTime(new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)));
        try
        {
            using var store = new SqliteGatewayStore(data.DatabasePath, SqliteGatewayStore.CreateEngine(CreditingDefaults.Rules()),
                new SeedOptions { PilotCommunities = true }, time);
            if (seed)
            {
                data.Seed();
            }
            Console.WriteLine($"database {new FileInfo(store.DatabasePath).Length / 1e6 + WalBytes(store.DatabasePath) / 1e6:F0} MB (with WAL)");
            var service = new ReportingService(store, new ReportingOptions { PilotStartDate = "2026-01-01", PilotEndDate = "2026-06-30" },
                new CarbonFactorTable(CreditingDefaults.CarbonFactors()), CarbonBaseline.Landfill, time);
            Measure(service, lastDay, data.Runs);
            return 0;
        }
        finally
        {
            data.Finish();
        }
    }

    private static void Measure(ReportingService service, DateOnly lastDay, int runs)
    {
        var week = ReportPeriod.WeekOf(lastDay);
        var weekPeriod = ReportPeriod.IsoWeek(week.IsoYear, week.IsoWeek);
        var month = new ReportPeriod(lastDay.AddDays(-29), lastDay);
        var year = new ReportPeriod(lastDay.AddDays(-364), lastDay);
        string[] baiyun = ["baiyun"];
        var yearStats = service.Stats(year, null);
        var campaign = service.Campaign(week.IsoYear, week.IsoWeek, null);
        Console.WriteLine($"year: {yearStats.Total.DropOffs:N0} credited drop-offs, {yearStats.Total.NetGrams / 1e6:F1} t, participation {yearStats.Participation.ActiveHouseholds}/{yearStats.Participation.Households}; " +
                          $"week {campaign.Label}: {campaign.Participants} participants, top {campaign.Individuals[0].RankedGrams} g");
        Console.WriteLine();
        Console.WriteLine("| query | rows/bytes | p50 ms | p95 ms |");
        Console.WriteLine("|---|---|---|---|");
        Row("stats, ISO week, all communities", runs, () => service.Stats(weekPeriod, null).Days.Count);
        Row("stats, 30 days, all communities", runs, () => service.Stats(month, null).Days.Count);
        Row("stats, 365 days, all communities", runs, () => service.Stats(year, null).Days.Count);
        Row("stats, 365 days, one community", runs, () => service.Stats(year, baiyun).Days.Count);
        Row("target progress", runs, () => (int)service.Progress(null).ElapsedDays);
        Row("campaign, ISO week, all communities", runs, () => service.Campaign(week.IsoYear, week.IsoWeek, null).Participants);
        Row("campaign, ISO week, one community", runs, () => service.Campaign(week.IsoYear, week.IsoWeek, baiyun).Participants);
        Row("stats CSV, 365 days", runs, () => Bytes(s => ReportingService.WriteStatsCsv(s, service.Stats(year, null))));
        Row("campaign CSV", runs, () => Bytes(s => ReportingService.WriteCampaignCsv(s, service.Campaign(week.IsoYear, week.IsoWeek, null))));
        Row("printable report, 30 days (en)", runs, () => service.PrintableReport(month, null, CultureInfo.GetCultureInfo("en")).Length);
        Row("printable report, 365 days (zh-CN)", runs, () => service.PrintableReport(year, null, CultureInfo.GetCultureInfo("zh-CN")).Length);
        Row("drop-off CSV, ISO week", runs, () => Bytes(s => service.WriteDropOffsCsv(s, weekPeriod, null)));
        Row("drop-off CSV, 30 days", Math.Max(3, runs / 4), () => Bytes(s => service.WriteDropOffsCsv(s, month, null)));
        Row("drop-off CSV, 365 days", 3, () => Bytes(s => service.WriteDropOffsCsv(s, year, null)));
    }

    private static void Row(string name, int runs, Func<long> work)
    {
        work();
        var size = work();
        var millis = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            millis.Add(clock.Elapsed.TotalMilliseconds);
        }
        millis.Sort();
        Console.WriteLine($"| {name} | {size:N0} | {Percentile(millis, 50):F1} | {Percentile(millis, 95):F1} |");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Bytes an export writes (to a counting stream, so the disk is not measured).</summary>
    private static long Bytes(Action<Stream> write)
    {
        using var sink = new CountingStream();
        write(sink);
        return sink.Length;
    }

    private static long WalBytes(string databasePath) => File.Exists(databasePath + "-wal") ? new FileInfo(databasePath + "-wal").Length : 0;

    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
    }
}
