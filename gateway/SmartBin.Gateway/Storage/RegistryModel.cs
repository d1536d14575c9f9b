namespace SmartBin.Gateway.Storage;

/// <summary>A community to register.</summary>
/// <param name="CommunityId">Id, e.g. <c>baiyun</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Households">Households.</param>
/// <param name="Population">People.</param>
/// <param name="TargetGrams">Diversion target, g.</param>
/// <param name="TimeZoneId">IANA time zone.</param>
public sealed record CommunityRegistration(string CommunityId, string Name, int Households, int Population, long TargetGrams, string TimeZoneId);

/// <summary>A bin to register (or update).</summary>
/// <param name="BinId">Bin id (MQTT client id).</param>
/// <param name="CommunityId">Community.</param>
/// <param name="Material">Material stream wire name.</param>
/// <param name="Location">Where it stands, free text.</param>
/// <param name="LatitudeDeg">Latitude or null.</param>
/// <param name="LongitudeDeg">Longitude or null.</param>
/// <param name="CapacityGrams">Capacity, g.</param>
/// <param name="FillAlertPct">Fill alert threshold, %.</param>
/// <param name="Active">Active (may connect).</param>
public sealed record BinRegistration(
    string BinId,
    string CommunityId,
    string Material,
    string Location,
    double? LatitudeDeg,
    double? LongitudeDeg,
    int CapacityGrams,
    int FillAlertPct,
    bool Active = true);

/// <summary>Outcome of registering a card.</summary>
/// <param name="Ok">Registered.</param>
/// <param name="Reason">Why not, else empty.</param>
/// <param name="ReleasedDropOffs">Suspense drop-offs released into the household.</param>
/// <param name="ReleasedPoints">Points moved from suspense to the household.</param>
/// <param name="HeldDropOffs">Suspense drop-offs that did not fit the household's daily caps: held <c>daily-cap</c> for staff.</param>
public sealed record CardRegistrationResult(bool Ok, string Reason, int ReleasedDropOffs, long ReleasedPoints, int HeldDropOffs = 0);

/// <summary>Registry refusal reasons.</summary>
public static class RegistryRefusals
{
    /// <summary>The referenced community does not exist.</summary>
    public const string UnknownCommunity = "unknown-community";

    /// <summary>The referenced household does not exist.</summary>
    public const string UnknownHousehold = "unknown-household";

    /// <summary>The referenced bin does not exist.</summary>
    public const string UnknownBin = "unknown-bin";

    /// <summary>The card is unknown or already inactive.</summary>
    public const string UnknownCard = "unknown-card";

    /// <summary>The card is active and registered to another household.</summary>
    public const string CardInUse = "card-in-use";

    /// <summary>A bin id the protocol cannot carry (not <c>[a-z0-9-]{3,32}</c>).</summary>
    public const string InvalidId = "invalid-id";

    /// <summary>A value is malformed (empty id, not hex, out of range).</summary>
    public const string Invalid = "invalid";

    /// <summary>The drop-off is not in the state the action needs (e.g. release of a drop-off that is not held).</summary>
    public const string NotHeld = "not-held";

    /// <summary>The drop-off does not exist.</summary>
    public const string UnknownDropOff = "unknown-drop-off";
}
