using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>Base of the signed-in pages: the request's <see cref="StaffScope"/>, which every query takes.</summary>
public abstract class StaffPageModel : PageModel
{
    /// <summary>Who is asking and what they may see.</summary>
    public StaffScope Scope => StaffScope.Of(User);
}
