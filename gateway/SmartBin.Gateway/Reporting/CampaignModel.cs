using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// What a campaign "unit" is: the grouping key of households that compete together. Communities now; a building or
/// an organisation becomes another value once the registry records it per household (README: adding a unit kind).
/// </summary>
public enum CampaignUnitKind
{
    /// <summary>The household's community (<c>households.community_id</c>); size = the community's household count.</summary>
    Community = 1,
}

/// <summary>One credited drop-off as the campaign ranking sees it.</summary>
/// <param name="CardUid">The card (the person).</param>
/// <param name="HouseholdId">The card's household.</param>
/// <param name="UnitKey">The household's unit (community id for <see cref="CampaignUnitKind.Community"/>).</param>
/// <param name="OccurredUtc">Drop-off time.</param>
/// <param name="NetGrams">Net weight, g (&gt; 0 for credited drop-offs).</param>
public sealed record CampaignDropOff(string CardUid, string HouseholdId, string UnitKey, DateTimeOffset OccurredUtc, long NetGrams);

/// <summary>A unit taking part in the ranking (units without drop-offs rank too, with score 0).</summary>
/// <param name="UnitKey">Key.</param>
/// <param name="Name">Display name.</param>
/// <param name="Households">Households in the unit (the denominator).</param>
public sealed record CampaignUnit(string UnitKey, string Name, long Households);

/// <summary>A place in the individuals' ranking.</summary>
/// <param name="Rank">1-based place.</param>
/// <param name="HouseholdId">The card's household (staff can look it up; not shown in exports).</param>
/// <param name="CardTail">Last four characters of the card UID (never the whole UID: it is what a clone needs).</param>
/// <param name="MaskedName">Masked name of the household's first registered resident, or null when none is registered.</param>
/// <param name="UnitKey">The household's unit.</param>
/// <param name="CreditedGrams">Credited net grams in the week.</param>
/// <param name="RankedGrams">Grams that count: credited, capped at the weekly cap.</param>
/// <param name="DropOffs">Credited drop-offs in the week.</param>
/// <param name="ReachedUtc">When the running total first reached <paramref name="RankedGrams"/> (the first tie-break).</param>
public sealed record IndividualRank(int Rank, string HouseholdId, string CardTail, string? MaskedName, string UnitKey,
    long CreditedGrams, long RankedGrams, int DropOffs, DateTimeOffset ReachedUtc)
{
    /// <summary>True when the cap cut this person's grams.</summary>
    public bool Capped => RankedGrams < CreditedGrams;
}

/// <summary>A place in the units' ranking.</summary>
/// <param name="Rank">1-based place.</param>
/// <param name="UnitKey">Key.</param>
/// <param name="Name">Display name.</param>
/// <param name="Households">Households in the unit.</param>
/// <param name="ActiveHouseholds">Households with a credited drop-off in the week.</param>
/// <param name="CreditedGrams">Credited net grams of its households' cards.</param>
/// <param name="RankedGrams">The same with each card capped at the weekly cap.</param>
public sealed record UnitRank(int Rank, string UnitKey, string Name, long Households, long ActiveHouseholds, long CreditedGrams, long RankedGrams)
{
    /// <summary>The score: capped grams per household of the unit (README: the unit score); 0 for a unit without households.</summary>
    public double GramsPerHousehold => Households > 0 ? (double)RankedGrams / Households : 0;

    /// <summary>Active ÷ households, 0..1 (0 without households).</summary>
    public double ParticipationRate => Households > 0 ? (double)ActiveHouseholds / Households : 0;
}

/// <summary>The weekly campaign of one ISO week.</summary>
/// <param name="IsoYear">ISO year.</param>
/// <param name="IsoWeek">ISO week.</param>
/// <param name="Week">Its local days, Monday to Sunday.</param>
/// <param name="UnitKind">What the units are.</param>
/// <param name="WeeklyCapGrams">Per-person cap applied (0 = none).</param>
/// <param name="Participants">Cards with a credited drop-off in the week (in scope).</param>
/// <param name="Individuals">Top individuals, best first.</param>
/// <param name="Units">Top units, best first.</param>
public sealed record WeeklyCampaign(int IsoYear, int IsoWeek, ReportPeriod Week, CampaignUnitKind UnitKind, long WeeklyCapGrams, int Participants,
    IReadOnlyList<IndividualRank> Individuals, IReadOnlyList<UnitRank> Units)
{
    /// <summary>Label such as <c>2026-W10</c>.</summary>
    public string Label => ReportPeriod.WeekLabel(IsoYear, IsoWeek);
}
