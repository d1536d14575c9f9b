using System;
using System.Collections.Generic;
using System.Linq;

namespace SmartBin.Gateway.Storage;

/// <summary>An operator of the admin API and the stored form of their key (never the key itself).</summary>
/// <param name="Name">Operator name (unique).</param>
/// <param name="Role"><c>admin</c> or <c>staff</c>.</param>
/// <param name="KeyId">The public part of the key (12 lowercase hex characters).</param>
/// <param name="KeyHash">SHA-256 of the key's secret part, 32 bytes.</param>
/// <param name="CreatedUtc">When the operator was added.</param>
/// <param name="DisabledUtc">When disabled, else null.</param>
public sealed record OperatorRecord(string Name, string Role, string KeyId, byte[] KeyHash, DateTimeOffset CreatedUtc, DateTimeOffset? DisabledUtc);

/// <summary>A bin as the admin API shows it.</summary>
/// <param name="BinId">Bin id.</param>
/// <param name="Community">Community id.</param>
/// <param name="Material">Material wire name.</param>
/// <param name="Label">Where it stands (the registry's location text).</param>
/// <param name="Active">May connect and deliver.</param>
/// <param name="HasSecret">A secret hash is stored.</param>
/// <param name="SecretIssuedUtc">When the current secret was issued through the admin API, else null.</param>
/// <param name="DisabledReason">Why it was disabled (empty when active or never disabled).</param>
public sealed record AdminBin(string BinId, string Community, string Material, string Label, bool Active, bool HasSecret, DateTimeOffset? SecretIssuedUtc, string DisabledReason);

/// <summary>What <c>PUT /bins/{id}</c> did.</summary>
public enum PutBinOutcome
{
    /// <summary>A new bin row.</summary>
    Created = 1,

    /// <summary>The bin existed with the same community and material (label updated).</summary>
    Unchanged = 2,

    /// <summary>The bin exists with another community or material; nothing changed.</summary>
    Conflict = 3,

    /// <summary>The community does not exist.</summary>
    UnknownCommunity = 4,
}

/// <summary>A stored provisioning record.</summary>
/// <param name="RecordId">The client's record id.</param>
/// <param name="BinId">Bin id.</param>
/// <param name="Operator">Operator who stored it.</param>
/// <param name="RequestJson">The request body in its canonical form (as the admin API re-serialised it).</param>
/// <param name="RecordedUtc">When the gateway stored it.</param>
public sealed record ProvisioningRow(string RecordId, string BinId, string Operator, string RequestJson, DateTimeOffset RecordedUtc);

/// <summary>What storing a provisioning record did.</summary>
public enum ProvisioningOutcome
{
    /// <summary>Stored now.</summary>
    Created = 1,

    /// <summary>The same record id with the same body and bin was already stored.</summary>
    Existing = 2,

    /// <summary>The record id is stored with another body or bin; nothing changed.</summary>
    Conflict = 3,

    /// <summary>The bin does not exist.</summary>
    UnknownBin = 4,
}

/// <summary>A registered card as the service desk sees it.</summary>
/// <param name="CardUid">UID (upper-case hex).</param>
/// <param name="HouseholdId">Household it is registered to.</param>
/// <param name="Active">Active (inactive = lost or stolen).</param>
/// <param name="RegisteredUtc">When it was (last) registered.</param>
public sealed record CardRow(string CardUid, string HouseholdId, bool Active, DateTimeOffset RegisteredUtc);

/// <summary>A household with its cards.</summary>
/// <param name="HouseholdId">Household id.</param>
/// <param name="Community">Community id.</param>
/// <param name="Label">Label.</param>
/// <param name="Cards">Its cards, by UID.</param>
public sealed record HouseholdView(string HouseholdId, string Community, string Label, IReadOnlyList<CardRow> Cards);

/// <summary>Why a card was deactivated (the admin API's <c>reason</c>); empty when none was given.</summary>
public static class CardDeactivationReasons
{
    /// <summary>The resident lost it.</summary>
    public const string Lost = "lost";

    /// <summary>It was stolen.</summary>
    public const string Stolen = "stolen";

    /// <summary>It was copied (e.g. the impossible-travel rule held its drop-offs).</summary>
    public const string Cloned = "cloned";

    /// <summary>Any other reason.</summary>
    public const string Other = "other";

    /// <summary>The reasons an operator may give, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Lost, Stolen, Cloned, Other];

    /// <summary>True for one of <see cref="All"/> or the empty string (no reason given).</summary>
    public static bool IsStorable(string? reason) => reason is not null && (reason.Length == 0 || All.Contains(reason));
}

/// <summary>One deactivation of a card (table <c>card_deactivations</c>, append-only).</summary>
/// <param name="HouseholdId">The household whose registration it ended.</param>
/// <param name="Reason">One of <see cref="CardDeactivationReasons"/>, or empty.</param>
/// <param name="Operator">The admin API operator who did it.</param>
/// <param name="DeactivatedUtc">When.</param>
public sealed record CardDeactivation(string HouseholdId, string Reason, string Operator, DateTimeOffset DeactivatedUtc);

/// <summary>A card's registration, whether it is active, and its deactivations.</summary>
/// <param name="CardUid">UID (upper-case hex).</param>
/// <param name="HouseholdId">Household of its (last) registration.</param>
/// <param name="Community">That household's community.</param>
/// <param name="Active">False after a deactivation, until it is registered again.</param>
/// <param name="RegisteredUtc">When it was (last) registered.</param>
/// <param name="Deactivations">Its deactivations, oldest first (the latest <see cref="SqliteGatewayStore.CardDeactivationsShownMax"/>).</param>
public sealed record CardState(string CardUid, string HouseholdId, string Community, bool Active, DateTimeOffset RegisteredUtc, IReadOnlyList<CardDeactivation> Deactivations)
{
    /// <summary>
    /// The deactivation that made an inactive card inactive (its latest); null for an active card, or one deactivated
    /// before deactivations were recorded (schema migration 10).
    /// </summary>
    public CardDeactivation? Current => Active || Deactivations.Count == 0 ? null : Deactivations[^1];
}

/// <summary>What a deactivation did.</summary>
public enum CardDeactivationOutcome
{
    /// <summary>The card was active and is now inactive.</summary>
    Deactivated = 1,

    /// <summary>The card was already inactive; nothing changed.</summary>
    AlreadyInactive = 2,

    /// <summary>No card with this UID was ever registered.</summary>
    UnknownCard = 3,

    /// <summary>Malformed UID, empty operator or a reason not in <see cref="CardDeactivationReasons"/>; nothing changed.</summary>
    Invalid = 4,
}
