using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary><c>POST /staff/logout</c> (a form with the anti-forgery token): ends the session.</summary>
public sealed class LogoutModel : StaffPageModel
{
    /// <summary>A plain visit signs nobody out (a link or an image could make it); back to the overview.</summary>
    public IActionResult OnGet() => LocalRedirect(StaffRegistration.BasePath + "/bins");

    /// <summary>Signs out and shows the login page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(StaffScope.Scheme);
        return LocalRedirect(StaffRegistration.BasePath + "/login");
    }
}
