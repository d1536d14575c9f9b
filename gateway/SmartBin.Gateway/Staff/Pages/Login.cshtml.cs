using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// <c>/staff/login</c>: username and password. Too many failures from one address or for one username answer 429
/// with <c>Retry-After</c> (the page says how long); a wrong password and an unknown name read the same.
/// </summary>
public sealed class LoginModel(StaffSignIn signIn, IStringLocalizer<StaffText> text, StaffFormat format) : PageModel
{
    /// <summary>Where to go after signing in (a local path only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The username typed, shown again after a failure.</summary>
    public string Username { get; private set; } = "";

    /// <summary>What went wrong, in the request's language; null on a first visit.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>
    /// Checks the attempt; signs in and redirects, or shows the form again with the reason. The fields are read from
    /// the form here, not bound as handler arguments: Razor's invoker logs handler arguments at Trace level
    /// (PageActionInvoker event 106), which put the password in the log.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var username = Request.Form["username"].ToString();
        var password = Request.Form["password"].ToString();
        Username = StaffSignIn.Normalize(username);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = signIn.Check(address, username, password);
        if (result.RateLimited)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = StaffSignIn.RetryAfterHeader(result.RetryAfterS);
            Error = format.Format("login.limited", Math.Max(1, (result.RetryAfterS + 59) / 60));
            return Page();
        }
        if (result.User is null)
        {
            Error = text["login.invalid"].Value;
            return Page();
        }
        await HttpContext.SignInAsync(StaffScope.Scheme, StaffScope.Principal(result.User), new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith(StaffRegistration.BasePath + "/", StringComparison.Ordinal) ? ReturnUrl : StaffRegistration.BasePath + "/bins");
    }
}
