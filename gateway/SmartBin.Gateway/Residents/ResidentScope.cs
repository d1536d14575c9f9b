using System;
using System.Globalization;
using System.Linq;
using System.Security.Claims;

namespace SmartBin.Gateway.Residents;

/// <summary>
/// Who a resident request is: the card signed in with and its household (the only household whose figures the
/// portal shows), whether the card has a PIN yet (after a one-time code it must choose one first), and the card's PIN
/// generation when the session began (setting the PIN ends every session of an earlier generation).
/// </summary>
/// <param name="CardUid">The card's UID as stored (upper-case hex).</param>
/// <param name="HouseholdId">The card's household.</param>
/// <param name="PinSet">False right after signing in with a one-time code, until a PIN is chosen.</param>
/// <param name="PinGeneration">The card's PIN generation the session was issued under (<see cref="ResidentCard.PinGeneration"/>).</param>
public sealed record ResidentScope(string CardUid, string HouseholdId, bool PinSet, long PinGeneration)
{
    /// <summary>Cookie authentication scheme of the portal (separate from the staff one).</summary>
    public const string Scheme = "SmartBin.Resident";

    /// <summary>Policy of the portal's pages: a resident session with a PIN chosen.</summary>
    public const string Policy = "resident";

    /// <summary>Policy of the choose-a-PIN page: any resident session, PIN chosen or not.</summary>
    public const string PendingPolicy = "resident-pending";

    /// <summary>Claim holding the card UID.</summary>
    public const string CardClaim = "smartbin:card";

    /// <summary>Claim holding the household id.</summary>
    public const string HouseholdClaim = "smartbin:household";

    /// <summary>Claim saying whether a PIN has been chosen (<see cref="PinSetValue"/> or <see cref="PinPendingValue"/>).</summary>
    public const string PinClaim = "smartbin:pin";

    /// <summary>Value of <see cref="PinClaim"/> once a PIN is chosen.</summary>
    public const string PinSetValue = "set";

    /// <summary>Value of <see cref="PinClaim"/> after a one-time code, before a PIN is chosen.</summary>
    public const string PinPendingValue = "pending";

    /// <summary>
    /// Claim holding <see cref="PinGeneration"/> (invariant digits). A cookie without it was issued before sessions
    /// ended on a PIN change and is treated as signed out.
    /// </summary>
    public const string PinGenerationClaim = "smartbin:pin-generation";

    /// <summary>The cookie's claims.</summary>
    public ClaimsPrincipal Principal() => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, CardUid),
            new Claim(CardClaim, CardUid),
            new Claim(HouseholdClaim, HouseholdId),
            new Claim(PinClaim, PinSet ? PinSetValue : PinPendingValue),
            new Claim(PinGenerationClaim, PinGeneration.ToString(CultureInfo.InvariantCulture)),
        ], Scheme));

    /// <summary>
    /// The scope of a resident principal, or null when it carries no resident claims (e.g. a staff principal) or lacks
    /// one of them (a cookie from before the PIN generation claim).
    /// </summary>
    public static ResidentScope? Of(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true, AuthenticationType: Scheme })
        {
            return null;
        }
        string? Get(string type) => principal.Claims.FirstOrDefault(c => c.Type == type)?.Value;
        return Get(CardClaim) is { } card && Get(HouseholdClaim) is { } household && Get(PinClaim) is { } pin &&
               long.TryParse(Get(PinGenerationClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? new ResidentScope(card, household, pin == PinSetValue, generation)
            : null;
    }

    /// <summary>The scope of a page behind the resident policies; throws when absent (a page reached without the policy).</summary>
    public static ResidentScope Require(ClaimsPrincipal principal) =>
        Of(principal) ?? throw new InvalidOperationException("resident page without a resident principal: is it behind the resident policy?");
}
