using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary>
/// <c>/me/pin</c>: choose (after a one-time code) or change the card's 6-digit PIN. Changing asks for the current PIN
/// (a wrong one counts like a wrong PIN at sign-in; a locked card cannot change it). Weak PINs (000000, 123456,
/// 121212…) are refused. Saving ends the card's other sessions and renews this one. Until a PIN is chosen, every other
/// portal page leads here.
/// </summary>
public sealed class PinModel(ResidentSignIn signIn, ResidentFormat format) : ResidentPageModel
{
    /// <summary>Why the PIN was refused, in the request's language; null otherwise.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Stores the PIN and renews the session as a full one, or shows why not.</summary>
    public async Task<IActionResult> OnPostAsync(string? current, string? pin, string? repeat)
    {
        if (pin != repeat)
        {
            Error = format.Text["pin.problem.mismatch"].Value;
            return Page();
        }
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = signIn.ChoosePin(Scope, address, current, pin);
        switch (result.Status)
        {
            case PinChangeStatus.Saved:
                await HttpContext.SignInAsync(ResidentScope.Scheme, result.Scope!.Principal(), new AuthenticationProperties { IsPersistent = false });
                return LocalRedirect(ResidentRegistration.BasePath + "?pin=set");
            case PinChangeStatus.SessionEnded:
                await HttpContext.SignOutAsync(ResidentScope.Scheme);
                return LocalRedirect(ResidentRegistration.BasePath + "/signin");
            case PinChangeStatus.Refused:
                Error = format.Text[result.ProblemKey!].Value;
                return Page();
            case PinChangeStatus.Locked:
                TooMany(result.RetryAfterS);
                Error = format.Format("signin.locked", format.Time(result.LockedUntilUtc!.Value));
                return Page();
            case PinChangeStatus.RateLimited:
                TooMany(result.RetryAfterS);
                Error = format.Format("signin.limited", Math.Max(1, (result.RetryAfterS + 59) / 60));
                return Page();
            default:
                Error = format.Text["pin.problem.current"].Value;
                return Page();
        }
    }

    private void TooMany(int retryAfterS)
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = retryAfterS.ToString(CultureInfo.InvariantCulture);
    }
}
