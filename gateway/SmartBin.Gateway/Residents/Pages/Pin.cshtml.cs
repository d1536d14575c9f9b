using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace SmartBin.Gateway.Residents.Pages;

/// <summary>
/// <c>/me/pin</c>: choose (after a one-time code) or change the card's 6-digit PIN. Weak PINs (000000, 123456,
/// 121212…) are refused. Until a PIN is chosen, every other portal page leads here.
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
    public async Task<IActionResult> OnPostAsync(string? pin, string? repeat)
    {
        if (pin != repeat)
        {
            Error = format.Text["pin.problem.mismatch"].Value;
            return Page();
        }
        if (signIn.ChoosePin(Scope, pin) is { } problem)
        {
            Error = format.Text[problem].Value;
            return Page();
        }
        var full = Scope with { PinSet = true };
        await HttpContext.SignInAsync(ResidentScope.Scheme, full.Principal(), new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(ResidentRegistration.BasePath + "?pin=set");
    }
}
