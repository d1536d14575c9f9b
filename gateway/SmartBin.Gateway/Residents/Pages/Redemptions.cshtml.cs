using System;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>/me/redemptions?p=N</c>: the household's shop payments, mall orders and bill deductions, newest first.</summary>
public sealed class RedemptionsModel(SqliteGatewayStore store, GatewayOptions options) : PagedResidentPageModel<ResidentRedemption>
{
    /// <summary>
    /// Points the redemption took from the household as it stands: a deduction its points (0 once reversed), a payment
    /// or order what was captured less refunds; a reservation still open holds points without taking them (0).
    /// </summary>
    public static long Spent(ResidentRedemption r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.State switch
        {
            "deducted" => r.Points,
            "captured" or "refunded" => r.CapturedPoints - r.RefundedPoints,
            _ => 0,
        };
    }

    /// <summary>Reads page <paramref name="p"/> (out-of-range numbers show the nearest page).</summary>
    public void OnGet(int? p) =>
        LoadPage(p, options.Residents.PageSize, (offset, limit) => ResidentRows.Redemptions(store, Scope.HouseholdId, offset, limit));
}
