using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartBin.Gateway.Staff;

namespace SmartBin.Gateway.Residents.Pages.Staff;

/// <summary>
/// <c>/staff/resident-code</c> (staff policy): issues a one-time sign-in code for a resident's card, shown once.
/// A staff member limited to one community can issue codes only for that community's cards; any other number reads
/// as "no such card".
/// </summary>
public sealed class ResidentCodeModel(ResidentSignIn signIn, ResidentFormat format) : PageModel
{
    /// <summary>The code just issued, or null.</summary>
    public IssuedResidentCode? Issued { get; private set; }

    /// <summary>Why nothing was issued; null otherwise.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Issues a code for <paramref name="card"/> when it is an active card of the staff member's communities.</summary>
    public void OnPost(string? card)
    {
        Issued = signIn.IssueCode(StaffScope.Of(User), card);
        Error = Issued is null ? format.Text["code.noCard"].Value : null;
    }
}
