namespace SmartBin.Gateway.Redemption;

// Request bodies as the OpenAPI description shows them. The handlers read the JSON themselves (PartnerRequest), so
// these records only describe it; every field name here is a field the handler accepts.

/// <summary>A shop's payment authorisation: reserves the points until captured, voided or the hold lapses.</summary>
/// <param name="CardUid">The card presented at the till, 2..32 hex digits.</param>
/// <param name="Points">Points to authorise (1 point = 0.01 CNY).</param>
/// <param name="Reference">The shop's receipt or transaction number (1..64 characters), unique among its live payments.</param>
/// <param name="Unit">Optional; only <c>points</c>. Carbon points (<c>gco2e</c>) are never redeemable.</param>
public sealed record CreatePaymentBody(string CardUid, long Points, string Reference, string? Unit = null);

/// <summary>Capture: takes the reserved points (all, or fewer; the rest goes back to the household).</summary>
/// <param name="Points">Points to capture; omit to capture all that was reserved.</param>
public sealed record CaptureBody(long? Points = null);

/// <summary>Refund: gives captured points back to the household; several partial refunds add up to at most what was captured.</summary>
/// <param name="Points">Points to give back.</param>
public sealed record RefundBody(long Points);

/// <summary>A mall order: reserves points (two-phase) until captured, released or the hold lapses.</summary>
/// <param name="CardUid">The resident's card (or give <c>householdId</c>).</param>
/// <param name="HouseholdId">The resident's household id (or give <c>cardUid</c>).</param>
/// <param name="Points">Points to reserve.</param>
/// <param name="OrderReference">The mall's order number (1..64 characters), unique among its live orders.</param>
/// <param name="HoldMinutes">How long to hold the points, minutes (default and maximum: SmartBin:Redemption options).</param>
/// <param name="Unit">Optional; only <c>points</c>.</param>
public sealed record CreateOrderBody(string? CardUid, string? HouseholdId, long Points, string OrderReference, int? HoldMinutes = null, string? Unit = null);

/// <summary>A bill paid with points: deducted at once; a reversal gives them back.</summary>
/// <param name="HouseholdId">The household (or give <c>cardUid</c>).</param>
/// <param name="CardUid">The citizen card's UID (or give <c>householdId</c>).</param>
/// <param name="BillType"><c>water</c>, <c>power</c>, <c>gas</c>, <c>property</c>, <c>parking</c> or <c>transport</c>.</param>
/// <param name="PartnerReference">Your bill or transaction reference (1..64 characters), unique among your live deductions.</param>
/// <param name="Points">Points to deduct.</param>
/// <param name="Unit">Optional; only <c>points</c>.</param>
public sealed record CreateBillDeductionBody(string? HouseholdId, string? CardUid, string BillType, string PartnerReference, long Points, string? Unit = null);
