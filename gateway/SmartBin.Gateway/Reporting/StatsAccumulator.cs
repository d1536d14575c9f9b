using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Reporting;

/// <summary>Folds day-total rows into the figures of <see cref="ProgrammeStats"/>; credited rows count, others are set aside by outcome.</summary>
internal sealed class StatsAccumulator(ReportPeriod period)
{
    private readonly SortedDictionary<(DateOnly Day, string Material), Totals> days = new();
    private readonly Dictionary<string, Totals> communities = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Totals> versions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long DropOffs, long Grams)> notCounted = new(StringComparer.Ordinal);

    /// <summary>Credited drop-offs of every community read, also those whose households are elsewhere (plan choice only).</summary>
    public long CreditedRows { get; private set; }

    /// <summary>All credited drop-offs.</summary>
    public Totals Total { get; private set; }

    /// <summary>Adds one row of <c>dropoff_day_totals</c>.</summary>
    public void Add(DateOnly day, string communityId, string material, string factorVersion, string outcome, Totals totals)
    {
        if (outcome != DropOffOutcomes.Credited)
        {
            var (n, g) = notCounted.GetValueOrDefault(outcome);
            notCounted[outcome] = (n + totals.DropOffs, g + totals.NetGrams);
            return;
        }
        CreditedRows += totals.DropOffs;
        days[(day, material)] = days.GetValueOrDefault((day, material)) + totals;
        communities[communityId] = communities.GetValueOrDefault(communityId) + totals;
        versions[factorVersion] = versions.GetValueOrDefault(factorVersion) + totals;
        Total += totals;
    }

    /// <summary>Credited totals at a community's bins.</summary>
    public Totals Community(string communityId) => communities.GetValueOrDefault(communityId);

    /// <summary>Per material, in material name order.</summary>
    public IReadOnlyDictionary<string, Totals> ByMaterial()
    {
        var byMaterial = new SortedDictionary<string, Totals>(StringComparer.Ordinal);
        foreach (var ((_, material), totals) in days)
        {
            byMaterial[material] = byMaterial.GetValueOrDefault(material) + totals;
        }
        return byMaterial;
    }

    /// <summary>Per day and material, by day then material.</summary>
    public IReadOnlyList<DailyMaterialTotal> DayRows() => days.Select(d => new DailyMaterialTotal(d.Key.Day, d.Key.Material, d.Value)).ToList();

    /// <summary>Per ISO week (of the local day) and material; a week cut by the period says how many of its days are in it.</summary>
    public IReadOnlyList<WeeklyMaterialTotal> WeekRows()
    {
        var weeks = new SortedDictionary<(int Year, int Week, string Material), Totals>();
        foreach (var ((day, material), totals) in days)
        {
            var (year, week) = ReportPeriod.WeekOf(day);
            weeks[(year, week, material)] = weeks.GetValueOrDefault((year, week, material)) + totals;
        }
        return weeks.Select(w =>
        {
            var monday = ReportPeriod.IsoWeek(w.Key.Year, w.Key.Week).From;
            var first = monday < period.From ? period.From : monday;
            var last = monday.AddDays(6) > period.To ? period.To : monday.AddDays(6);
            return new WeeklyMaterialTotal(w.Key.Year, w.Key.Week, monday, last.DayNumber - first.DayNumber + 1, w.Key.Material, w.Value);
        }).ToList();
    }

    /// <summary>Factor versions used, by name.</summary>
    public IReadOnlyList<FactorVersionUse> FactorVersions(Func<string, IReadOnlyDictionary<string, int>> factorsOf) =>
        versions.Select(v => new FactorVersionUse(v.Key, v.Value, factorsOf(v.Key))).ToList();

    /// <summary>Drop-offs not counted, by outcome name.</summary>
    public IReadOnlyList<OutcomeTotal> NotCounted() => notCounted.Select(o => new OutcomeTotal(o.Key, o.Value.DropOffs, o.Value.Grams)).ToList();
}
