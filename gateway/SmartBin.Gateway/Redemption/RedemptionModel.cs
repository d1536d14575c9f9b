using System;

namespace SmartBin.Gateway.Redemption;

/// <summary>Kinds of partner; each kind may call only its own endpoints.</summary>
public static class PartnerKinds
{
    /// <summary>An offline shop: card lookup, payments (authorise, capture, refund, void).</summary>
    public const string Shop = "shop";

    /// <summary>The online mall: two-phase orders (reserve, capture or release; holds expire).</summary>
    public const string Mall = "mall";

    /// <summary>The citizen service card: bill deductions and their reversal.</summary>
    public const string CitizenCard = "citizen-card";

    /// <summary>True for one of the three kinds.</summary>
    public static bool IsKind(string? kind) => kind is Shop or Mall or CitizenCard;
}

/// <summary>A registered partner (the key's hash never leaves the store).</summary>
/// <param name="PartnerId">Id, <c>[a-z0-9-]{2,32}</c>.</param>
/// <param name="Kind">One of <see cref="PartnerKinds"/>.</param>
/// <param name="Name">Display name.</param>
/// <param name="CommunityId">The one community whose households it may serve, or null for all.</param>
/// <param name="KeyId">Public part of its API key.</param>
/// <param name="CreatedUtc">Registration time.</param>
/// <param name="DisabledUtc">When it was disabled, or null while active.</param>
public sealed record Partner(string PartnerId, string Kind, string Name, string? CommunityId, string KeyId, DateTimeOffset CreatedUtc, DateTimeOffset? DisabledUtc);

/// <summary>Kinds of redemption (one per partner kind).</summary>
internal static class RedemptionKinds
{
    public const string Payment = "payment";
    public const string Order = "order";
    public const string BillDeduction = "bill-deduction";

    /// <summary>The redemption kind a partner kind creates.</summary>
    public static string For(string partnerKind) => partnerKind switch
    {
        PartnerKinds.Shop => Payment,
        PartnerKinds.Mall => Order,
        PartnerKinds.CitizenCard => BillDeduction,
        _ => throw new ArgumentOutOfRangeException(nameof(partnerKind), partnerKind, "unknown partner kind"),
    };
}

/// <summary>States of a redemption. Reserved → captured | released | expired; captured → refunded; deducted → reversed.</summary>
internal static class RedemptionStates
{
    public const string Reserved = "reserved";
    public const string Captured = "captured";
    public const string Released = "released";
    public const string Expired = "expired";
    public const string Refunded = "refunded";
    public const string Deducted = "deducted";
    public const string Reversed = "reversed";
}

/// <summary>Bills the citizen service card may deduct points against.</summary>
internal static class BillTypes
{
    public static readonly string[] All = ["water", "power", "gas", "property", "parking", "transport"];

    public static bool IsBillType(string? type) => type is not null && Array.IndexOf(All, type) >= 0;
}

/// <summary>Ledger transfer kinds the redemption service books.</summary>
internal static class RedemptionTransferKinds
{
    public const string Reserve = "redemption-reserve";
    public const string Capture = "redemption-capture";
    public const string Release = "redemption-release";
    public const string Expire = "redemption-expire";
    public const string Refund = "redemption-refund";
    public const string BillDeduction = "bill-deduction";
}

/// <summary>What a partner sees of a redemption (the response body of every redemption call).</summary>
/// <param name="Id">Redemption id (<c>rdm_</c> + 24 hex).</param>
/// <param name="Kind"><c>payment</c>, <c>order</c> or <c>bill-deduction</c>.</param>
/// <param name="State"><c>reserved</c>, <c>captured</c>, <c>released</c>, <c>expired</c>, <c>refunded</c>, <c>deducted</c> or <c>reversed</c>.</param>
/// <param name="HouseholdId">The household whose points are used.</param>
/// <param name="CommunityId">Its community.</param>
/// <param name="CardUid">The card presented, or null when the household was named.</param>
/// <param name="Points">Points reserved or deducted.</param>
/// <param name="CapturedPoints">Points the partner took (captured or deducted).</param>
/// <param name="RefundedPoints">Points given back after capture (refunds, reversal).</param>
/// <param name="Reference">The partner's own reference (receipt, order, bill).</param>
/// <param name="BillType">For bill deductions: water, power, gas, property, parking or transport.</param>
/// <param name="ExpiresUtc">When an open reservation lapses, or null.</param>
/// <param name="CreatedUtc">Created.</param>
/// <param name="UpdatedUtc">Last state change.</param>
/// <param name="AvailablePoints">The household's spendable points right after this call.</param>
public sealed record RedemptionView(
    string Id, string Kind, string State, string HouseholdId, string CommunityId, string? CardUid, long Points,
    long CapturedPoints, long RefundedPoints, string Reference, string? BillType, DateTimeOffset? ExpiresUtc,
    DateTimeOffset CreatedUtc, DateTimeOffset UpdatedUtc, long AvailablePoints);

/// <summary>A resident's household as a shop sees it at the till (no names).</summary>
/// <param name="CardUid">The card, upper-case hex.</param>
/// <param name="HouseholdId">Its household.</param>
/// <param name="CommunityId">The household's community.</param>
/// <param name="AvailablePoints">Spendable points (points under an open reservation are not spendable; carbon points never are).</param>
public sealed record ResidentView(string CardUid, string HouseholdId, string CommunityId, long AvailablePoints);

/// <summary>
/// The result of one partner call: a view (2xx) or a refusal (code and a detail that says how to fix it).
/// <see cref="Remember"/>: the answer is stored under the caller's idempotency key and replayed for a retry.
/// </summary>
internal sealed record RedemptionOutcome(int Status, RedemptionView? View, string Code, string Detail, bool Remember, bool Replayed = false)
{
    public bool Ok => Status is >= 200 and < 300;

    public static RedemptionOutcome Done(int status, RedemptionView view) => new(status, view, "", "", Remember: true);

    /// <summary>A refusal after the request reached a business decision: remembered like a success.</summary>
    public static RedemptionOutcome Refused(int status, string code, string detail) => new(status, null, code, detail, Remember: true);

    /// <summary>A refusal before anything started (unknown target, conflict): not remembered, fix and retry with the same key.</summary>
    public static RedemptionOutcome NotStarted(int status, string code, string detail) => new(status, null, code, detail, Remember: false);
}

/// <summary>
/// Refusal codes of the partner API (the <c>code</c> member of every problem+json body and the label of
/// <c>smartbin_redemption_rejected_total</c>). docs/redemption.md lists each with how to fix it.
/// </summary>
public static class RedemptionCodes
{
    /// <summary>401: no Authorization header.</summary>
    public const string KeyMissing = "key-missing";

    /// <summary>401: not <c>Bearer sbp_…</c>.</summary>
    public const string KeyMalformed = "key-malformed";

    /// <summary>401: unknown key or wrong secret.</summary>
    public const string KeyInvalid = "key-invalid";

    /// <summary>401: the partner was disabled.</summary>
    public const string PartnerDisabled = "partner-disabled";

    /// <summary>403: the endpoint belongs to another kind of partner.</summary>
    public const string ForbiddenKind = "forbidden-kind";

    /// <summary>400: POST without an Idempotency-Key header.</summary>
    public const string IdempotencyKeyMissing = "idempotency-key-missing";

    /// <summary>400: Idempotency-Key not 1..64 of A-Z a-z 0-9 . _ -.</summary>
    public const string IdempotencyKeyInvalid = "idempotency-key-invalid";

    /// <summary>409: the key was used before for another request.</summary>
    public const string IdempotencyConflict = "idempotency-conflict";

    /// <summary>400: the body is not the JSON object the endpoint takes.</summary>
    public const string BodyInvalid = "body-invalid";

    /// <summary>400: points not an integer in range.</summary>
    public const string PointsInvalid = "points-invalid";

    /// <summary>422: only points are redeemable; carbon points (gco2e) never are.</summary>
    public const string CarbonNotRedeemable = "carbon-not-redeemable";

    /// <summary>404: no active card with this UID in the partner's reach.</summary>
    public const string CardUnknown = "card-unknown";

    /// <summary>404: no household with this id in the partner's reach.</summary>
    public const string HouseholdUnknown = "household-unknown";

    /// <summary>404: no redemption of this partner and kind with this id.</summary>
    public const string RedemptionUnknown = "redemption-unknown";

    /// <summary>422: the household's available points do not cover the request.</summary>
    public const string InsufficientBalance = "insufficient-balance";

    /// <summary>409: a live redemption of this partner already carries this reference.</summary>
    public const string DuplicateReference = "duplicate-reference";

    /// <summary>409: the reservation lapsed (its points went back to the household).</summary>
    public const string ReservationExpired = "reservation-expired";

    /// <summary>409: the redemption's state does not allow this action.</summary>
    public const string InvalidState = "invalid-state";

    /// <summary>422: capture of more than was reserved.</summary>
    public const string CaptureExceedsReserved = "capture-exceeds-reserved";

    /// <summary>422: refund of more than captured and not yet refunded.</summary>
    public const string RefundExceedsCaptured = "refund-exceeds-captured";

    /// <summary>409: the partner's account no longer holds the points (settled); contact the programme.</summary>
    public const string PartnerBalanceInsufficient = "partner-balance-insufficient";
}
