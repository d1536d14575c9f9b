using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Crediting;

/// <summary>A point on the map, WGS-84 degrees.</summary>
/// <param name="LatitudeDeg">Latitude, −90..90.</param>
/// <param name="LongitudeDeg">Longitude, −180..180.</param>
public readonly record struct GeoPoint(double LatitudeDeg, double LongitudeDeg);

/// <summary>What a bin reported about one drop-off (docs/protocol.md), plus when the gateway received it.</summary>
/// <param name="BinId">Reporting bin.</param>
/// <param name="Material">The bin's material stream.</param>
/// <param name="NetGrams">Net weight, g.</param>
/// <param name="Flags">The message's flag bits.</param>
/// <param name="SessionStartUtc">Session start as the bin saw it.</param>
/// <param name="SessionEndUtc">Session close as the bin saw it.</param>
/// <param name="CardUid">Card UID (upper-case hex), empty when unattributed.</param>
/// <param name="ReceivedUtc">Gateway receive time; used instead of the bin's times when its clock was unset.</param>
public sealed record DropOffFacts(
    string BinId,
    Material Material,
    int NetGrams,
    DropOffFlags Flags,
    DateTimeOffset SessionStartUtc,
    DateTimeOffset SessionEndUtc,
    string CardUid,
    DateTimeOffset ReceivedUtc)
{
    /// <summary>When the drop-off happened for prices, factors, caps and travel: session end, or receive time if the bin's clock was unset.</summary>
    public DateTimeOffset OccurredUtc => (Flags & DropOffFlags.ClockUnset) != 0 ? ReceivedUtc : SessionEndUtc;
}

/// <summary>The card's previous drop-off, for the impossible-travel check.</summary>
/// <param name="BinId">Bin of the previous drop-off.</param>
/// <param name="BinLocation">Where that bin stands.</param>
/// <param name="OccurredUtc">When it happened.</param>
public sealed record PreviousDropOff(string BinId, GeoPoint BinLocation, DateTimeOffset OccurredUtc);

/// <summary>What the registry and ledger know about the card and resident at evaluation time.</summary>
/// <param name="HouseholdId">Household the card is registered to; null for an unknown card.</param>
/// <param name="CreditedGramsToday">Grams already credited to the resident this local day (see <see cref="CreditingEngine.LocalDayOf"/>).</param>
/// <param name="CreditedPointsToday">Points already credited to the resident this local day.</param>
/// <param name="BinLocation">Where the reporting bin stands; null if not known (travel is then not checked).</param>
/// <param name="Previous">The card's previous drop-off; null if none.</param>
/// <param name="BinMaterial">The material stream the bin is registered for; null if not known (then not checked).</param>
public sealed record ResidentContext(
    string? HouseholdId,
    long CreditedGramsToday,
    long CreditedPointsToday,
    GeoPoint? BinLocation,
    PreviousDropOff? Previous,
    Material? BinMaterial = null)
{
    /// <summary>True when the card is registered to a household.</summary>
    public bool IsCardRegistered => !string.IsNullOrEmpty(HouseholdId);
}

/// <summary>The engine's verdict on one drop-off.</summary>
public enum CreditOutcome
{
    /// <summary>Points and carbon go to the household now.</summary>
    Credited = 1,

    /// <summary>Recorded and held for staff review; <see cref="CreditDecision.Reason"/> says why.</summary>
    Held = 2,

    /// <summary>Card not registered: points kept in suspense, released when the card is registered.</summary>
    Suspense = 3,

    /// <summary>Refused; <see cref="CreditDecision.Reason"/> says why.</summary>
    Rejected = 4,

    /// <summary>No card: counts for the fill level, credits nobody.</summary>
    NotCredited = 5,
}

/// <summary>The rule versions a decision was made under; recorded with every credit for the audit trail.</summary>
/// <param name="PriceVersion">Price version in force, or empty if none was.</param>
/// <param name="CarbonFactorVersion">Carbon factor version in force, or empty if none was.</param>
/// <param name="RuleSetVersion">Rule set version.</param>
public sealed record RuleVersions(string PriceVersion, string CarbonFactorVersion, string RuleSetVersion);

/// <summary>
/// The engine's decision. <see cref="Points"/> and <see cref="GramsCo2e"/> are what the drop-off is worth under the
/// versions used, whatever the outcome, so a held or suspended drop-off can be released without re-pricing; the
/// ledger books them only when <see cref="Outcome"/> is <see cref="CreditOutcome.Credited"/> (or on release).
/// </summary>
/// <param name="Outcome">Verdict.</param>
/// <param name="Reason">Reason code (see <see cref="ReasonCodes"/>); empty when credited.</param>
/// <param name="Points">Points the drop-off is worth, ≥ 0.</param>
/// <param name="GramsCo2e">g CO2e avoided, ≥ 0.</param>
/// <param name="Versions">Rule versions used.</param>
/// <param name="Notes">Notes that do not change the outcome (e.g. <c>below-min</c>, <c>no-factor</c>).</param>
public sealed record CreditDecision(
    CreditOutcome Outcome,
    string Reason,
    long Points,
    long GramsCo2e,
    RuleVersions Versions,
    IReadOnlyList<string> Notes)
{
    /// <summary>Structural equality, including the notes (records compare lists by reference otherwise).</summary>
    public bool Equals(CreditDecision? other) =>
        other is not null && Outcome == other.Outcome && Reason == other.Reason && Points == other.Points &&
        GramsCo2e == other.GramsCo2e && Versions == other.Versions && System.Linq.Enumerable.SequenceEqual(Notes, other.Notes);

    /// <summary>Hash consistent with <see cref="Equals(CreditDecision?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Outcome, Reason, Points, GramsCo2e, Versions, Notes.Count);
}

/// <summary>Reason and note codes; these strings reach acks, logs and the staff review queue.</summary>
public static class ReasonCodes
{
    /// <summary>NotCredited: the drop-off had no card.</summary>
    public const string Unattributed = "unattributed";

    /// <summary>Rejected: net weight zero or negative.</summary>
    public const string NonPositiveNet = "non-positive-net";

    /// <summary>Rejected: material outside the six streams.</summary>
    public const string UnknownMaterial = "unknown-material";

    /// <summary>Rejected: no price or factor version in force at the drop-off time.</summary>
    public const string NoRuleVersion = "no-rule-version";

    /// <summary>Held: the scale flagged the weighing (unsettled or weight fell during the session).</summary>
    public const string WeighingUncertain = "weighing-uncertain";

    /// <summary>Held: the drop-off names another material than the bin is registered for (price and factor would be wrong).</summary>
    public const string MaterialMismatch = "material-mismatch";

    /// <summary>Held: more grams in one drop than the material plausibly allows.</summary>
    public const string ImplausibleWeight = "implausible-weight";

    /// <summary>Held: the card moved between bins faster than a person can (cloned card?).</summary>
    public const string ImpossibleTravel = "impossible-travel";

    /// <summary>Suspense: card not registered to a household.</summary>
    public const string UnknownCard = "unknown-card";

    /// <summary>Held: the resident's daily grams or points cap would be exceeded.</summary>
    public const string DailyCap = "daily-cap";

    /// <summary>Note: net under the scale's Min; credited but not a legal-for-trade weighing.</summary>
    public const string BelowMinNote = "below-min";

    /// <summary>Note: no carbon factor for this material and baseline; 0 g credited.</summary>
    public const string NoFactorNote = "no-factor";

    /// <summary>Note: the bin's clock was unset; the receive time was used.</summary>
    public const string ClockUnsetNote = "clock-unset";
}
