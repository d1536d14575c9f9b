using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary><c>POST /me/culture</c>: the language switch. Remembers the choice in a cookie for a year and goes back.</summary>
public sealed class CultureModel : PageModel
{
    /// <summary>Nothing to show: back to the overview.</summary>
    public IActionResult OnGet() => LocalRedirect(ResidentRegistration.BasePath);

    /// <summary>Sets the culture cookie (zh-CN or en only) and returns to <paramref name="returnUrl"/> when it is a portal path.</summary>
    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = culture == ResidentText.English ? ResidentText.English : ResidentText.Chinese;
        Response.Cookies.Append(ResidentRegistration.CultureCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Path = ResidentRegistration.BasePath, MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        var back = Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(ResidentRegistration.BasePath, StringComparison.Ordinal) ? returnUrl : ResidentRegistration.BasePath;
        return LocalRedirect(back);
    }
}
