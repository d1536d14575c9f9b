using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Admin;

/// <summary>Residents' cards: registration, a card's state, and deactivation (lost, stolen or cloned cards).</summary>
public static partial class AdminEndpoints
{
    /// <summary>Cards deactivated through the API, by reason (<c>none</c> when none was given).</summary>
    public const string CardsDeactivatedMetric = "smartbin_admin_cards_deactivated_total";

    private const string CardUidRule = "8, 14 or 20 hex digits (a 4, 7 or 10 byte UID as the reader shows it)";

    private static async Task<IResult> RegisterCardAsync(HttpContext context, SqliteGatewayStore store)
    {
        var (body, problem) = await AdminJson.ReadObjectAsync(context);
        if (body is not { } json)
        {
            return problem!;
        }
        var given = AdminJson.Text(json, "cardUid", required: true, ref problem);
        var householdId = AdminJson.Text(json, "householdId", required: true, ref problem);
        if (problem is not null)
        {
            return problem;
        }
        if (CardUidOf(given!) is not { } uid)
        {
            return AdminJson.Bad($"field 'cardUid' = '{given}' is not a card UID: {CardUidRule}");
        }
        if (store.FindHousehold(householdId!) is not { } household)
        {
            return HouseholdUnknown(householdId!);
        }
        var existing = store.FindCard(uid);
        if (existing is { Active: true } && existing.HouseholdId == householdId)
        {
            return Results.Json(new CardView(uid, householdId, household.Community, 0, 0, 0));
        }
        // An inactive card is free: registering it again (to this or another household) makes it active.
        var result = store.RegisterCard(uid, householdId!);
        if (!result.Ok)
        {
            return result.Reason switch
            {
                RegistryRefusals.CardInUse => AdminProblems.Result(AdminProblems.CardTaken,
                    $"card {uid} is registered to household '{store.FindCard(uid)?.HouseholdId}'; if it changed hands, the old registration must be deactivated first " +
                    $"(lost or stolen card procedure: POST {BasePath}/cards/{uid}/deactivate, or `smartbin cards deactivate {uid}`)"),
                RegistryRefusals.UnknownHousehold => HouseholdUnknown(householdId!),
                _ => AdminJson.Bad($"card {uid} or household '{householdId}' was refused ({result.Reason})"),
            };
        }
        return Results.Json(new CardView(uid, householdId!, household.Community, result.ReleasedDropOffs, result.ReleasedPoints, result.HeldDropOffs),
            statusCode: StatusCodes.Status201Created);
    }

    private static IResult GetCard(string cardUid, SqliteGatewayStore store)
    {
        if (BadCardUid(cardUid, out var uid) is { } bad)
        {
            return bad;
        }
        return store.FindCardState(uid) is { } card ? Results.Json(AdminViews.Card(card)) : CardUnknown(uid);
    }

    private static async Task<IResult> DeactivateCardAsync(string cardUid, HttpContext context, SqliteGatewayStore store)
    {
        if (BadCardUid(cardUid, out var uid) is { } bad)
        {
            return bad;
        }
        var (body, problem) = await AdminJson.ReadObjectAsync(context, optional: true);
        if (body is not { } json)
        {
            return problem!;
        }
        var given = AdminJson.Text(json, "reason", required: false, ref problem);
        if (problem is not null)
        {
            return problem;
        }
        var reason = given?.Trim().ToLowerInvariant() ?? "";
        if (given is not null && !CardDeactivationReasons.All.Contains(reason))
        {
            return AdminJson.Bad($"field 'reason' = '{given}' is not a reason; use one of {string.Join(", ", CardDeactivationReasons.All)}, or leave it out");
        }
        var (outcome, card) = store.DeactivateCard(uid, AdminAuthentication.Caller(context).Name, reason);
        switch (outcome)
        {
            case CardDeactivationOutcome.Deactivated:
                context.RequestServices.GetRequiredService<GatewayMetrics>().Increment(CardsDeactivatedMetric,
                    "Cards deactivated through the admin API (lost, stolen, cloned), by reason.", 1, ("reason", reason.Length > 0 ? reason : "none"));
                return Results.Json(AdminViews.Card(card!));
            case CardDeactivationOutcome.AlreadyInactive:
                // Idempotent: a repeat (a retry, a second desk) answers the recorded deactivation and changes nothing.
                return Results.Json(AdminViews.Card(card!));
            case CardDeactivationOutcome.UnknownCard:
                return CardUnknown(uid);
            default:
                throw new InvalidOperationException($"card {uid} deactivation refused as invalid after the API's checks (reason '{reason}')");
        }
    }

    /// <summary>The upper-case UID, or null when <paramref name="given"/> is not 8, 14 or 20 hex digits.</summary>
    private static string? CardUidOf(string given)
    {
        var uid = given.ToUpperInvariant();
        return uid.Length is 8 or 14 or 20 && uid.AsSpan().IndexOfAnyExcept("0123456789ABCDEF") < 0 ? uid : null;
    }

    private static IResult? BadCardUid(string given, out string uid)
    {
        uid = CardUidOf(given) ?? "";
        return uid.Length > 0 ? null : AdminJson.Bad($"cardUid '{EmbeddedBroker.Printable(given)}' is not a card UID: {CardUidRule}");
    }

    private static IResult CardUnknown(string uid) => AdminProblems.Result(AdminProblems.CardUnknown,
        $"no card {uid} is registered; check the UID as the reader shows it. A card never registered needs no deactivation: " +
        "its drop-offs already wait in suspense until it is registered");
}
