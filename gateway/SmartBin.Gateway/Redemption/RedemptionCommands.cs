using System;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Redemption;

/// <summary>Whose points: a card (as presented at a till) or a household id (as known to the mall or the service card).</summary>
internal sealed record ResidentRef(string? CardUid, string? HouseholdId);

/// <summary>
/// One validated partner request. <see cref="Operation"/> names it (also in metrics); the fingerprint (the record's
/// value, hashed) is what a retry with the same idempotency key must repeat exactly.
/// </summary>
internal abstract record RedemptionCommand
{
    public abstract string Operation { get; }

    /// <summary>SHA-256 of the operation and every field: equal for the same request, whatever the JSON's spacing or order.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Operation + "|" + ToString())));
}

/// <summary>Reserve points (a shop's authorisation, a mall's order): household → reserved, until captured, released or expired.</summary>
internal sealed record ReserveCommand(string Kind, ResidentRef Resident, long Points, string Reference, int HoldMinutes) : RedemptionCommand
{
    public override string Operation => Kind == RedemptionKinds.Payment ? "payment.authorise" : "order.reserve";
}

/// <summary>Deduct points against a bill at once: household → partner.</summary>
internal sealed record DeductCommand(ResidentRef Resident, long Points, string BillType, string Reference) : RedemptionCommand
{
    public override string Operation => "bill.deduct";
}

/// <summary>What can be done to an existing redemption.</summary>
internal enum RedemptionAction
{
    Capture = 1,
    Release = 2,
    Refund = 3,
    Reverse = 4,
}

/// <summary>An action on redemption <see cref="RedemptionId"/> of kind <see cref="Kind"/>; <see cref="Points"/> for a partial capture or a refund.</summary>
internal sealed record ActionCommand(string Kind, RedemptionAction Action, string RedemptionId, long? Points) : RedemptionCommand
{
    public override string Operation => Kind == RedemptionKinds.Payment && Action == RedemptionAction.Release
        ? "payment.void"
        : $"{Kind}.{Action.ToString().ToLowerInvariant()}";
}
