using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary><c>POST /staff/culture</c>: the language switch. Remembers the choice in a cookie for a year and goes back.</summary>
public sealed class CultureModel : PageModel
{
    /// <summary>Nothing to show: back to the overview.</summary>
    public IActionResult OnGet() => LocalRedirect(StaffRegistration.BasePath + "/bins");

    /// <summary>Sets the culture cookie (zh-CN or en only) and returns to <paramref name="returnUrl"/> when it is a dashboard path.</summary>
    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = culture == StaffText.English ? StaffText.English : StaffText.Chinese;
        Response.Cookies.Append(StaffRegistration.CultureCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Path = StaffRegistration.BasePath, MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true,
                Secure = Request.IsHttps });
        var back = Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith(StaffRegistration.BasePath, StringComparison.Ordinal) ? returnUrl : StaffRegistration.BasePath + "/bins";
        return LocalRedirect(back);
    }
}
