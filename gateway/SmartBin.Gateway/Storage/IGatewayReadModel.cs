using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Storage;

/// <summary>A bin as registered.</summary>
/// <param name="BinId">Bin id.</param>
/// <param name="CommunityId">Community id (e.g. baiyun).</param>
/// <param name="Material">Material stream.</param>
/// <param name="Location">Where it stands (free text, e.g. "Building 3 gate").</param>
/// <param name="LatitudeDeg">Latitude, or null.</param>
/// <param name="LongitudeDeg">Longitude, or null.</param>
/// <param name="CapacityGrams">Capacity, g.</param>
/// <param name="FillAlertPct">Fill alert threshold for this bin, %.</param>
public sealed record BinSummary(string BinId, string CommunityId, string Material, string Location, double? LatitudeDeg, double? LongitudeDeg, int CapacityGrams, int FillAlertPct);

/// <summary>A committed drop-off as staff see it.</summary>
/// <param name="BinId">Bin.</param>
/// <param name="Seq">Sequence.</param>
/// <param name="OccurredUtc">Drop-off time used for crediting.</param>
/// <param name="CardUid">Card or empty.</param>
/// <param name="HouseholdId">Household or null.</param>
/// <param name="Material">Material.</param>
/// <param name="NetGrams">Net, g.</param>
/// <param name="Outcome">credited, recorded, held, rejected, suspense.</param>
/// <param name="Reason">Reason code or empty.</param>
/// <param name="Points">Points the drop-off is worth.</param>
/// <param name="GramsCo2e">g CO2e it is worth.</param>
public sealed record DropOffRow(string BinId, long Seq, DateTimeOffset OccurredUtc, string CardUid, string? HouseholdId, string Material, int NetGrams, string Outcome, string Reason, long Points, long GramsCo2e);

/// <summary>A household's balances.</summary>
/// <param name="HouseholdId">Household.</param>
/// <param name="CommunityId">Community.</param>
/// <param name="Points">Points balance (never negative).</param>
/// <param name="GramsCo2e">Carbon points balance, g CO2e.</param>
public sealed record BalanceRow(string HouseholdId, string CommunityId, long Points, long GramsCo2e);

/// <summary>A community with its totals.</summary>
/// <param name="CommunityId">Id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Households">Households.</param>
/// <param name="Population">People.</param>
/// <param name="TargetGrams">Diversion target, g.</param>
/// <param name="CreditedGrams">Net grams of committed drop-offs (all outcomes but rejected).</param>
public sealed record CommunitySummary(string CommunityId, string Name, int Households, int Population, long TargetGrams, long CreditedGrams);

/// <summary>Read side of the system of record, for the status page and APIs. Safe to call from any thread.</summary>
public interface IGatewayReadModel
{
    /// <summary>Communities with totals.</summary>
    IReadOnlyList<CommunitySummary> Communities();

    /// <summary>Registered bins.</summary>
    IReadOnlyList<BinSummary> Bins();

    /// <summary>Most recent drop-offs first; optionally one bin's.</summary>
    IReadOnlyList<DropOffRow> RecentDropOffs(int limit, string? binId = null);

    /// <summary>Households by points balance, highest first.</summary>
    IReadOnlyList<BalanceRow> TopBalances(int limit);

    /// <summary>One household's balance, or null if unknown.</summary>
    BalanceRow? Balance(string householdId);
}
