using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary>Base of the signed-in portal pages: the request's <see cref="ResidentScope"/>, which every query takes.</summary>
public abstract class ResidentPageModel : PageModel
{
    /// <summary>The signed-in card and household.</summary>
    public ResidentScope Scope => ResidentScope.Require(User);
}
