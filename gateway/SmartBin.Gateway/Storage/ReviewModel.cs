using System;

namespace SmartBin.Gateway.Storage;

/// <summary>Values of <c>review_decisions.decision</c>.</summary>
public static class ReviewDecisions
{
    /// <summary>Staff released the held drop-off (<c>ReleaseHeld</c>).</summary>
    public const string Approved = "approved";

    /// <summary>Staff rejected the held drop-off (<c>RejectHeld</c>), with a note.</summary>
    public const string Rejected = "rejected";
}

/// <summary>A drop-off waiting for staff (held) or for its card (suspense), with its audit record.</summary>
/// <param name="BinId">Bin.</param>
/// <param name="Seq">Sequence.</param>
/// <param name="CommunityId">Community of the bin when it was dropped.</param>
/// <param name="BinLocation">Where the bin stood.</param>
/// <param name="ReceivedUtc">When the gateway received it.</param>
/// <param name="OccurredUtc">Drop-off time used for crediting.</param>
/// <param name="CardUid">Card UID (the page shows only its tail).</param>
/// <param name="HouseholdId">Household the store attached to the row (e.g. a daily-cap hold), or null.</param>
/// <param name="CardHouseholdId">Household the card is registered to now (active card), or null: approving credits this one.</param>
/// <param name="Material">Material.</param>
/// <param name="NetGrams">Net, g.</param>
/// <param name="Items">Stable rises seen.</param>
/// <param name="Flags">Protocol flag bits.</param>
/// <param name="Outcome"><c>held</c> or <c>suspense</c> (or the later outcome when read after a decision).</param>
/// <param name="Reason">Reason code of the hold (crediting rule), e.g. <c>daily-cap</c>.</param>
/// <param name="Notes">Engine notes (e.g. <c>below-min</c>).</param>
/// <param name="Points">Points it was evaluated at: what approving credits.</param>
/// <param name="GramsCo2e">g CO2e it was evaluated at.</param>
/// <param name="PriceVersion">Price table version.</param>
/// <param name="FactorVersion">Carbon factor version.</param>
/// <param name="RuleSetVersion">Rule set version.</param>
public sealed record ReviewItem(
    string BinId,
    long Seq,
    string CommunityId,
    string BinLocation,
    DateTimeOffset ReceivedUtc,
    DateTimeOffset OccurredUtc,
    string CardUid,
    string? HouseholdId,
    string? CardHouseholdId,
    string Material,
    int NetGrams,
    int Items,
    int Flags,
    string Outcome,
    string Reason,
    string Notes,
    long Points,
    long GramsCo2e,
    string PriceVersion,
    string FactorVersion,
    string RuleSetVersion);

/// <summary>One staff decision on a held drop-off (append-only table <c>review_decisions</c>, migration 7).</summary>
/// <param name="Id">Row id, ascending.</param>
/// <param name="BinId">Bin.</param>
/// <param name="Seq">Sequence.</param>
/// <param name="Decision">One of <see cref="ReviewDecisions"/>.</param>
/// <param name="Staff">Staff username.</param>
/// <param name="Note">The note (required for a rejection).</param>
/// <param name="HeldReason">Why it was held.</param>
/// <param name="Outcome">The drop-off's outcome right after the decision (credited, suspense, rejected).</param>
/// <param name="Points">Points the drop-off was evaluated at.</param>
/// <param name="DecidedUtc">When.</param>
public sealed record ReviewDecision(long Id, string BinId, long Seq, string Decision, string Staff, string Note, string HeldReason, string Outcome, long Points, DateTimeOffset DecidedUtc);
