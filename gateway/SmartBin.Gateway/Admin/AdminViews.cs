using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Web;

namespace SmartBin.Gateway.Admin;

/// <summary>A bin as the admin API returns it (camelCase JSON); <see cref="Provisionings"/> only in single-bin answers.</summary>
internal sealed record BinView(
    string BinId,
    string Community,
    string Material,
    string Label,
    bool Active,
    bool HasSecret,
    DateTime? SecretIssuedUtc,
    DateTime? LastSeenUtc,
    string DisabledReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JsonObject>? Provisionings);

/// <summary>The MQTT settings handed to a bin with its secret.</summary>
internal sealed record MqttView(string Host, int Port, bool Tls, string? CaCertificatePem);

/// <summary>Answer of the secret endpoint: the clear secret, shown this once.</summary>
internal sealed record SecretView(string BinId, string Secret, MqttView Mqtt);

/// <summary>A card registration answer.</summary>
internal sealed record CardView(string CardUid, string HouseholdId, string Community, int ReleasedDropOffs, long ReleasedPoints, int HeldDropOffs);

/// <summary>A card's state (GET /cards/{uid}, POST /cards/{uid}/deactivate); the deactivation fields are null while it is active.</summary>
internal sealed record CardStateView(
    string CardUid,
    string HouseholdId,
    string Community,
    bool Active,
    DateTime RegisteredUtc,
    DateTime? DeactivatedUtc,
    string? DeactivatedBy,
    string? DeactivatedReason,
    IReadOnlyList<CardDeactivationView> Deactivations);

/// <summary>One recorded deactivation of a card.</summary>
internal sealed record CardDeactivationView(string HouseholdId, string? Reason, string Operator, DateTime DeactivatedUtc);

/// <summary>A card of a household.</summary>
internal sealed record HouseholdCardView(string CardUid, bool Active, DateTime RegisteredUtc);

/// <summary>A household with its cards.</summary>
internal sealed record HouseholdViewJson(string HouseholdId, string Community, string Label, IReadOnlyList<HouseholdCardView> Cards);

/// <summary>Builds the views from store rows.</summary>
internal static class AdminViews
{
    public static BinView Bin(AdminBin bin, BinLiveState? live, IReadOnlyList<ProvisioningRow>? provisionings) => new(
        bin.BinId, bin.Community, bin.Material, bin.Label, bin.Active, bin.HasSecret, bin.SecretIssuedUtc?.UtcDateTime,
        live?.Get(bin.BinId)?.LastSeenUtc.UtcDateTime, bin.DisabledReason, provisionings?.Select(Record).ToList());

    /// <summary>The stored request plus what the gateway adds: bin id, operator and when it was recorded.</summary>
    public static JsonObject Record(ProvisioningRow row)
    {
        var record = JsonNode.Parse(row.RequestJson)!.AsObject();
        record["binId"] = row.BinId;
        record["operator"] = row.Operator;
        record["recordedUtc"] = row.RecordedUtc.UtcDateTime;
        return record;
    }

    public static CardStateView Card(CardState card)
    {
        var current = card.Current;
        return new CardStateView(card.CardUid, card.HouseholdId, card.Community, card.Active, card.RegisteredUtc.UtcDateTime,
            current?.DeactivatedUtc.UtcDateTime, current?.Operator, current is null ? null : NullIfEmpty(current.Reason),
            card.Deactivations.Select(d => new CardDeactivationView(d.HouseholdId, NullIfEmpty(d.Reason), d.Operator, d.DeactivatedUtc.UtcDateTime)).ToList());
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    public static HouseholdViewJson Household(HouseholdView h) =>
        new(h.HouseholdId, h.Community, h.Label, h.Cards.Select(c => new HouseholdCardView(c.CardUid, c.Active, c.RegisteredUtc.UtcDateTime)).ToList());
}
