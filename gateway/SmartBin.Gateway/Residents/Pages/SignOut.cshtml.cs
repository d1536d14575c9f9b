using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>POST /me/signout</c> (a form with the anti-forgery token): ends the session.</summary>
public sealed class SignOutModel : ResidentPageModel
{
    /// <summary>A plain visit signs nobody out (a link or an image could make it); back to the overview.</summary>
    public IActionResult OnGet() => LocalRedirect(ResidentRegistration.BasePath);

    /// <summary>Signs out and shows the sign-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ResidentScope.Scheme);
        return LocalRedirect(ResidentRegistration.BasePath + "/signin");
    }
}
