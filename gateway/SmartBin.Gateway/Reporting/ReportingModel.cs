using System;
using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Gateway.Reporting;

/// <summary>A period of whole local days (Asia/Shanghai by default, as <c>dropoffs.local_day</c>), both ends inclusive.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day (not before <paramref name="From"/>).</param>
public readonly record struct ReportPeriod(DateOnly From, DateOnly To)
{
    /// <summary>Days in the period.</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The ISO week (Monday to Sunday) <paramref name="isoWeek"/> of ISO year <paramref name="isoYear"/>.</summary>
    public static ReportPeriod IsoWeek(int isoYear, int isoWeek)
    {
        if (isoYear is < 2000 or > 9998 || isoWeek < 1 || isoWeek > ISOWeek.GetWeeksInYear(isoYear))
        {
            throw new ArgumentOutOfRangeException(nameof(isoWeek), $"{isoYear}-W{isoWeek} is not an ISO week");
        }
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, isoWeek, DayOfWeek.Monday));
        return new ReportPeriod(monday, monday.AddDays(6));
    }

    /// <summary>The ISO week a day falls in, as (ISO year, week).</summary>
    public static (int IsoYear, int IsoWeek) WeekOf(DateOnly day)
    {
        var dt = day.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(dt), ISOWeek.GetWeekOfYear(dt));
    }

    /// <summary><c>yyyy-MM-dd</c>, the form of <c>dropoffs.local_day</c>.</summary>
    internal static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>ISO week label, e.g. <c>2026-W10</c>.</summary>
    public static string WeekLabel(int isoYear, int isoWeek) => string.Create(CultureInfo.InvariantCulture, $"{isoYear}-W{isoWeek:D2}");

    /// <inheritdoc />
    public override string ToString() => $"{Key(From)}..{Key(To)}";
}

/// <summary>Drop-off count and sums of one group of credited drop-offs.</summary>
/// <param name="DropOffs">Drop-offs.</param>
/// <param name="NetGrams">Net weight, g.</param>
/// <param name="Points">Points issued for them.</param>
/// <param name="GramsCo2e">CO2e avoided, g.</param>
public readonly record struct Totals(long DropOffs, long NetGrams, long Points, long GramsCo2e)
{
    /// <summary>Sum of two totals.</summary>
    public static Totals operator +(Totals a, Totals b) =>
        new(a.DropOffs + b.DropOffs, a.NetGrams + b.NetGrams, a.Points + b.Points, a.GramsCo2e + b.GramsCo2e);
}

/// <summary>Credited totals of one material on one local day.</summary>
/// <param name="Day">Local day.</param>
/// <param name="Material">Material wire name (PET, HDPE, PP, LDPE, PS, MIXED).</param>
/// <param name="Totals">Sums.</param>
public sealed record DailyMaterialTotal(DateOnly Day, string Material, Totals Totals);

/// <summary>Credited totals of one material in one ISO week (only the week's days inside the period).</summary>
/// <param name="IsoYear">ISO year.</param>
/// <param name="IsoWeek">ISO week number.</param>
/// <param name="Monday">The week's Monday.</param>
/// <param name="DaysInPeriod">How many of its 7 days lie inside the period (7 = a complete week).</param>
/// <param name="Material">Material wire name.</param>
/// <param name="Totals">Sums.</param>
public sealed record WeeklyMaterialTotal(int IsoYear, int IsoWeek, DateOnly Monday, int DaysInPeriod, string Material, Totals Totals);

/// <summary>How much of the CO2e figure each carbon factor version produced.</summary>
/// <param name="Version">Factor version recorded with the credits, e.g. <c>epa-warm-v16</c>.</param>
/// <param name="Totals">Credited drop-offs evaluated under it.</param>
/// <param name="GramsCo2ePerKg">Its factors by material for the configured baseline (absent: no factor, 0 g credited).</param>
public sealed record FactorVersionUse(string Version, Totals Totals, IReadOnlyDictionary<string, int> GramsCo2ePerKg);

/// <summary>Drop-offs of the period that are not counted, by their current outcome.</summary>
/// <param name="Outcome">held, suspense, recorded, rejected or reversed.</param>
/// <param name="DropOffs">How many.</param>
/// <param name="NetGrams">Their net weight, g.</param>
public sealed record OutcomeTotal(string Outcome, long DropOffs, long NetGrams);

/// <summary>Households that took part ÷ households in the community.</summary>
/// <param name="ActiveHouseholds">Households with at least one credited drop-off in the period.</param>
/// <param name="Households">Households in the community (its registered household count).</param>
public readonly record struct Participation(long ActiveHouseholds, long Households)
{
    /// <summary>Active ÷ households, 0..1; null when the community has no households.</summary>
    public double? Rate => Households > 0 ? (double)ActiveHouseholds / Households : null;
}

/// <summary>A community in a report.</summary>
/// <param name="CommunityId">Id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Households">Households in the community.</param>
/// <param name="TargetGrams">Its share of the pilot target, g.</param>
public sealed record ReportCommunity(string CommunityId, string Name, long Households, long TargetGrams);

/// <summary>One community's figures for the period.</summary>
/// <param name="Community">The community.</param>
/// <param name="Totals">Credited drop-offs at its bins.</param>
/// <param name="Participation">Its households' participation.</param>
public sealed record CommunityStats(ReportCommunity Community, Totals Totals, Participation Participation);

/// <summary>Progress of the communities in scope towards their pilot target.</summary>
/// <param name="Start">First pilot day.</param>
/// <param name="End">Last pilot day.</param>
/// <param name="AsOf">Today (local), the last day counted; clamped into the pilot.</param>
/// <param name="TargetGrams">Sum of the communities' targets, g.</param>
/// <param name="CreditedGrams">Credited net grams from <paramref name="Start"/> to <paramref name="AsOf"/>.</param>
/// <param name="ElapsedDays">Days from the start to <paramref name="AsOf"/>, both inclusive (0 before the pilot).</param>
/// <param name="RemainingDays">Days after <paramref name="AsOf"/> to the end.</param>
public sealed record TargetProgress(DateOnly Start, DateOnly End, DateOnly AsOf, long TargetGrams, long CreditedGrams, int ElapsedDays, int RemainingDays)
{
    /// <summary>Days in the pilot.</summary>
    public int TotalDays => End.DayNumber - Start.DayNumber + 1;

    /// <summary>Credited ÷ target, 0..; null without a target.</summary>
    public double? Fraction => TargetGrams > 0 ? (double)CreditedGrams / TargetGrams : null;

    /// <summary>Average credited grams per elapsed day; null before the pilot starts.</summary>
    public double? ActualGramsPerDay => ElapsedDays > 0 ? (double)CreditedGrams / ElapsedDays : null;

    /// <summary>Grams per remaining day still needed to reach the target (0 once reached); null when no day remains.</summary>
    public double? NeededGramsPerDay => RemainingDays > 0 ? Math.Max(0, TargetGrams - CreditedGrams) / (double)RemainingDays : null;

    /// <summary>True when the target is reached, or the actual pace kept up to the end would reach it.</summary>
    public bool OnTrack => CreditedGrams >= TargetGrams || (ActualGramsPerDay is { } pace && CreditedGrams + (pace * RemainingDays) >= TargetGrams);
}

/// <summary>Programme statistics of a period and a set of communities.</summary>
/// <param name="Period">The period.</param>
/// <param name="Communities">Communities in scope (that exist).</param>
/// <param name="Total">All credited drop-offs.</param>
/// <param name="ByMaterial">Totals per material.</param>
/// <param name="Days">Per day and material (only days with drop-offs).</param>
/// <param name="Weeks">Per ISO week and material.</param>
/// <param name="FactorVersions">Carbon factor versions used.</param>
/// <param name="NotCounted">Drop-offs left out, by outcome.</param>
/// <param name="Participation">Participation over all communities in scope.</param>
/// <param name="PerCommunity">Per community.</param>
/// <param name="Progress">Pilot target progress of the communities in scope (independent of the period).</param>
public sealed record ProgrammeStats(
    ReportPeriod Period,
    IReadOnlyList<ReportCommunity> Communities,
    Totals Total,
    IReadOnlyDictionary<string, Totals> ByMaterial,
    IReadOnlyList<DailyMaterialTotal> Days,
    IReadOnlyList<WeeklyMaterialTotal> Weeks,
    IReadOnlyList<FactorVersionUse> FactorVersions,
    IReadOnlyList<OutcomeTotal> NotCounted,
    Participation Participation,
    IReadOnlyList<CommunityStats> PerCommunity,
    TargetProgress Progress);
