using System;

namespace SmartBin.Gateway.Storage;

/// <summary>The ledger's two units. Both are integers: points (1 point = 0.01 CNY) and grams of CO2e.</summary>
public static class LedgerUnits
{
    /// <summary>Points, redeemable: money.</summary>
    public const string Points = "points";

    /// <summary>Carbon points, g CO2e avoided (non-tradable).</summary>
    public const string GramsCo2e = "gco2e";

    /// <summary>True for one of the two units.</summary>
    public static bool IsUnit(string? unit) => unit is Points or GramsCo2e;
}

/// <summary>Account names of the ledger.</summary>
public static class LedgerAccounts
{
    /// <summary>The programme: counterpart of everything issued; the only account allowed below zero.</summary>
    public const string Issuance = "issuance";

    /// <summary>Sink for spending (shops, bills).</summary>
    public const string Redemption = "redemption";

    /// <summary>Prefix of household accounts.</summary>
    public const string HouseholdPrefix = "household:";

    /// <summary>Prefix of suspense accounts (value waiting for an unknown card to be registered).</summary>
    public const string SuspensePrefix = "suspense:";

    /// <summary>The account of household <paramref name="householdId"/>.</summary>
    public static string Household(string householdId) => HouseholdPrefix + householdId;

    /// <summary>The suspense account of card <paramref name="cardUid"/>.</summary>
    public static string Suspense(string cardUid) => SuspensePrefix + cardUid;

    /// <summary>Prefix of the accounts holding a household's points under an open reservation (Redemption/README.md).</summary>
    public const string ReservedPrefix = "reserved:";

    /// <summary>Prefix of the accounts of what partners captured (owed to them; settlement is not built yet).</summary>
    public const string PartnerPrefix = "partner:";

    /// <summary>Points of household <paramref name="householdId"/> held by open reservations.</summary>
    public static string Reserved(string householdId) => ReservedPrefix + householdId;

    /// <summary>Points captured by partner <paramref name="partnerId"/>.</summary>
    public static string Partner(string partnerId) => PartnerPrefix + partnerId;
}

/// <summary>Transfer kinds the store writes itself; callers may use their own (e.g. <c>redemption</c>).</summary>
public static class TransferKinds
{
    /// <summary>A drop-off credited to a household (at ingest or on staff release).</summary>
    public const string Credit = "credit";

    /// <summary>A drop-off's value parked in a card's suspense account.</summary>
    public const string Suspense = "suspense";

    /// <summary>Suspense moved to the household when the card was registered.</summary>
    public const string Release = "release";

    /// <summary>A reversing transfer (correction).</summary>
    public const string Reversal = "reversal";
}

/// <summary>How a transfer request ended.</summary>
public enum TransferStatus
{
    /// <summary>Booked now.</summary>
    Applied = 1,

    /// <summary>The same key with the same content was booked before; <see cref="TransferResult.Transfers"/> holds the original.</summary>
    AlreadyApplied = 2,

    /// <summary>Nothing booked; <see cref="TransferResult.Reason"/> says why.</summary>
    Refused = 3,
}

/// <summary>Refusal reasons.</summary>
public static class TransferRefusals
{
    /// <summary>The debited account (other than issuance) would go below zero.</summary>
    public const string InsufficientBalance = "insufficient-balance";

    /// <summary>The key was used before for a different transfer.</summary>
    public const string IdempotencyConflict = "idempotency-conflict";

    /// <summary>Malformed request (unit, amount, accounts, key); the detail follows after a colon.</summary>
    public const string Invalid = "invalid";

    /// <summary>Nothing to reverse (unknown transfer or drop-off, or nothing booked).</summary>
    public const string NotFound = "not-found";

    /// <summary>The caller's idempotency key is in a namespace the store books under itself (<c>dropoff:</c>, <c>release:</c>, <c>reject:</c>, <c>p:</c>).</summary>
    public const string ReservedKey = "reserved-key";

    /// <summary>The transfer was booked by the store for a drop-off: correct it with <c>ReverseDropOff</c>.</summary>
    public const string StoreBooked = "store-booked";

    /// <summary>The transfer was reversed before under another key.</summary>
    public const string AlreadyReversed = "already-reversed";
}

/// <summary>One booked transfer.</summary>
/// <param name="Id">Transfer id (ascending in booking order).</param>
/// <param name="IdempotencyKey">Key that makes the write idempotent.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Amount">Amount, &gt; 0.</param>
/// <param name="DebitAccount">Account the value leaves.</param>
/// <param name="CreditAccount">Account the value enters.</param>
/// <param name="Kind">Kind (see <see cref="TransferKinds"/>).</param>
/// <param name="Reference">What it is about, e.g. drop-off id <c>{binId}:{seq}</c>.</param>
/// <param name="ReversesTransferId">The transfer this one reverses, or null.</param>
/// <param name="CreatedUtc">Booking time.</param>
public sealed record TransferRecord(
    long Id,
    string IdempotencyKey,
    string Unit,
    long Amount,
    string DebitAccount,
    string CreditAccount,
    string Kind,
    string Reference,
    long? ReversesTransferId,
    DateTimeOffset CreatedUtc);

/// <summary>The outcome of <c>Transfer</c> or <c>Reverse</c>.</summary>
/// <param name="Status">Applied, already applied, refused.</param>
/// <param name="Reason">Refusal reason, else empty.</param>
/// <param name="Transfers">Booked (or originally booked) transfers; empty when refused.</param>
public sealed record TransferResult(TransferStatus Status, string Reason, System.Collections.Generic.IReadOnlyList<TransferRecord> Transfers)
{
    /// <summary>A refusal.</summary>
    public static TransferResult Refused(string reason) => new(TransferStatus.Refused, reason, []);
}

/// <summary>One side of a transfer, seen from one account.</summary>
/// <param name="TransferId">Transfer.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Amount">Signed amount: positive in, negative out.</param>
/// <param name="CounterAccount">The other account.</param>
/// <param name="Kind">Transfer kind.</param>
/// <param name="Reference">Transfer reference.</param>
/// <param name="CreatedUtc">Booking time.</param>
public sealed record LedgerEntry(long TransferId, string Unit, long Amount, string CounterAccount, string Kind, string Reference, DateTimeOffset CreatedUtc);

/// <summary>Outcome of a staff review action or registry write.</summary>
/// <param name="Ok">Done.</param>
/// <param name="Reason">Why not, else empty.</param>
public sealed record StoreResult(bool Ok, string Reason)
{
    /// <summary>Success.</summary>
    public static StoreResult Done { get; } = new(true, "");

    /// <summary>A failure with a reason code.</summary>
    public static StoreResult Fail(string reason) => new(false, reason);
}

/// <summary>Values of the <c>outcome</c> column of <c>dropoffs</c>.</summary>
public static class DropOffOutcomes
{
    /// <summary>Booked to a household.</summary>
    public const string Credited = "credited";

    /// <summary>Accepted with nothing to credit (unattributed).</summary>
    public const string Recorded = "recorded";

    /// <summary>Waiting for staff review.</summary>
    public const string Held = "held";

    /// <summary>Refused (by a rule or by staff).</summary>
    public const string Rejected = "rejected";

    /// <summary>Value parked in the card's suspense account until the card is registered.</summary>
    public const string Suspense = "suspense";

    /// <summary>Booked, then reversed by a correction.</summary>
    public const string Reversed = "reversed";
}
