using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary>
/// <c>/me/signin</c>: card number and a PIN or a one-time code. An unknown card, a wrong PIN and a wrong or expired
/// code read the same; a locked card number says until when (answer 429 with Retry-After), right PIN included.
/// </summary>
public sealed class SignInModel(ResidentSignIn signIn, ResidentFormat format) : PageModel
{
    /// <summary>The card number typed, shown again after a failure.</summary>
    public string Card { get; private set; } = "";

    /// <summary>What went wrong, in the request's language; null on a first visit.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the attempt; signs in (to the PIN page after a code) or shows the form again with the reason.</summary>
    public async Task<IActionResult> OnPostAsync(string? card, string? secret)
    {
        Card = (card ?? "").Trim();
        if (Card.Length > 64)
        {
            Card = Card[..64];
        }
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = signIn.Check(address, card, secret);
        switch (result.Status)
        {
            case ResidentSignInStatus.SignedIn:
            case ResidentSignInStatus.CodeAccepted:
                await HttpContext.SignInAsync(ResidentScope.Scheme, result.Scope!.Principal(), new AuthenticationProperties { IsPersistent = false });
                return LocalRedirect(result.Status == ResidentSignInStatus.SignedIn ? ResidentRegistration.BasePath : ResidentRegistration.BasePath + "/pin");
            case ResidentSignInStatus.Locked:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = result.RetryAfterS.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Error = format.Format("signin.locked", format.Time(result.LockedUntilUtc!.Value));
                return Page();
            case ResidentSignInStatus.RateLimited:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = result.RetryAfterS.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Error = format.Format("signin.limited", Math.Max(1, (result.RetryAfterS + 59) / 60));
                return Page();
            default:
                Error = format.Text["signin.invalid"].Value;
                return Page();
        }
    }
}
