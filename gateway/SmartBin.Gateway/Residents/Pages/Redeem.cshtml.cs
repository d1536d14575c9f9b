using System.Collections.Generic;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>/me/redeem</c>: how to spend points (shops, the online mall, bill deductions with the citizen service card).</summary>
public sealed class RedeemModel : ResidentPageModel
{
    /// <summary>The bills the citizen service card can pay with points (docs/redemption.md).</summary>
    public static IReadOnlyList<string> BillTypes => Redemption.BillTypes.All;

    /// <summary>Static text only.</summary>
    public void OnGet()
    {
    }
}
