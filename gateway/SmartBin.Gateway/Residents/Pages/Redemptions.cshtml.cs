using System;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>/me/redemptions?p=N</c>: the household's shop payments, mall orders and bill deductions, newest first.</summary>
public sealed class RedemptionsModel(SqliteGatewayStore store, GatewayOptions options) : ResidentPageModel
{
    /// <summary>The page's rows.</summary>
    public ResidentPage<ResidentRedemption> Rows { get; private set; } = null!;

    /// <summary>1-based page shown.</summary>
    public int PageNumber { get; private set; }

    /// <summary>Pages in all.</summary>
    public int Pages { get; private set; }

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
    public void OnGet(int? p)
    {
        var size = options.Residents.PageSize;
        PageNumber = Math.Max(1, p ?? 1);
        Rows = ResidentRows.Redemptions(store, Scope.HouseholdId, (PageNumber - 1) * size, size);
        Pages = (int)Math.Max(1, (Rows.Total + size - 1) / size);
        if (PageNumber > Pages)
        {
            PageNumber = Pages;
            Rows = ResidentRows.Redemptions(store, Scope.HouseholdId, (PageNumber - 1) * size, size);
        }
    }
}
