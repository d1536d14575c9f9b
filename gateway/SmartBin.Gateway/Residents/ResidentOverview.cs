using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents;

/// <summary>The figures at the top of the portal, for one household.</summary>
/// <param name="HouseholdLabel">The household's label (e.g. its address).</param>
/// <param name="CommunityName">Its community.</param>
/// <param name="Points">Spendable points.</param>
/// <param name="ReservedPoints">Points held by open mall orders or shop authorisations (not spendable until released or taken).</param>
/// <param name="GramsCo2e">Carbon points, g CO2e avoided.</param>
/// <param name="DropOffs">The household's drop-offs, all outcomes.</param>
/// <param name="Version">Changes whenever the figures or the drop-off list change (the page's light poll compares it).</param>
public sealed record ResidentOverview(string HouseholdLabel, string CommunityName, long Points, long ReservedPoints, long GramsCo2e, long DropOffs, string Version)
{
    /// <summary>Reads the overview of <paramref name="householdId"/>.</summary>
    internal static ResidentOverview Read(SqliteGatewayStore store, string householdId)
    {
        var (label, community) = ResidentRows.Household(store, householdId) ?? (householdId, "");
        var points = store.Balance(LedgerAccounts.Household(householdId), LedgerUnits.Points);
        var reserved = store.Balance(LedgerAccounts.Reserved(householdId), LedgerUnits.Points);
        var carbon = store.Balance(LedgerAccounts.Household(householdId), LedgerUnits.GramsCo2e);
        var latest = ResidentRows.DropOffs(store, householdId, 0, 1);
        var newest = latest.Rows.Count > 0 ? latest.Rows[0].OccurredUtc.ToUnixTimeMilliseconds() + ":" + latest.Rows[0].Outcome : "-";
        var version = string.Join('|', points.ToString(CultureInfo.InvariantCulture), reserved.ToString(CultureInfo.InvariantCulture),
            carbon.ToString(CultureInfo.InvariantCulture), latest.Total.ToString(CultureInfo.InvariantCulture), newest);
        return new ResidentOverview(label, community, points, reserved, carbon, latest.Total, version);
    }
}

/// <summary><c>GET /me/api/summary</c>: the signed-in household's figures and their version, for the overview's light poll.</summary>
internal static class ResidentApi
{
    // The store comes from the request's services, not a parameter: hosts without a store (status page tests) would
    // otherwise read the parameter as a request body and refuse to map the route.
    public static IResult Summary(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<SqliteGatewayStore>();
        var scope = ResidentScope.Require(context.User);
        var overview = ResidentOverview.Read(store, scope.HouseholdId);
        return Results.Json(new { overview.Version, overview.Points, overview.GramsCo2e, overview.DropOffs });
    }
}
