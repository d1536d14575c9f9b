using System;
using System.Linq;
using System.Security.Claims;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff;

/// <summary>Staff roles and the names of the authorization policies that go with them.</summary>
public static class StaffRoles
{
    /// <summary>Community staff: bins, alerts.</summary>
    public const string Staff = "staff";

    /// <summary>Staff who may also see the staff accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Policy: any signed-in staff member (role staff or admin).</summary>
    public const string StaffPolicy = "staff";

    /// <summary>Policy: role admin.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>True for a known role.</summary>
    public static bool IsRole(string? role) => role is Staff or Admin;
}

/// <summary>
/// Who a request is and what it may see: the username, role and community (null = every community). Every staff
/// query takes one, so a member of one community cannot be handed another's data by a page that forgot to filter.
/// </summary>
/// <param name="Username">Signed-in username.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="Role">Role.</param>
/// <param name="CommunityId">The only community visible, or null for all.</param>
public sealed record StaffScope(string Username, string DisplayName, string Role, string? CommunityId)
{
    /// <summary>Cookie authentication scheme of the dashboard.</summary>
    public const string Scheme = "SmartBin.Staff";

    /// <summary>Claim holding the community id ("*" = all communities).</summary>
    public const string CommunityClaim = "smartbin:community";

    /// <summary>Claim holding the display name.</summary>
    public const string DisplayNameClaim = "smartbin:display-name";

    private const string AllCommunitiesClaimValue = "*";

    /// <summary>True when the account sees every community (and bins the registry does not know).</summary>
    public bool AllCommunities => CommunityId is null;

    /// <summary>True when a row of <paramref name="communityId"/> (null = an unregistered bin) is visible.</summary>
    public bool Sees(string? communityId) => CommunityId is null || string.Equals(CommunityId, communityId, StringComparison.Ordinal);

    /// <summary>The claims the sign-in cookie carries for <paramref name="user"/>.</summary>
    public static ClaimsPrincipal Principal(StaffUserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.Username),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(CommunityClaim, user.CommunityId ?? AllCommunitiesClaimValue),
                new Claim(DisplayNameClaim, user.DisplayName),
            ], Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The scope of a signed-in principal; throws when the claims are missing (a page reached without the policy).</summary>
    public static StaffScope Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string Need(string type) => principal.Claims.FirstOrDefault(c => c.Type == type)?.Value
            ?? throw new InvalidOperationException($"staff request without claim {type}: is the page behind the staff policy?");
        var community = Need(CommunityClaim);
        return new StaffScope(Need(ClaimTypes.Name), Need(DisplayNameClaim), Need(ClaimTypes.Role), community == AllCommunitiesClaimValue ? null : community);
    }

    /// <summary>True when the cookie's claims still match the stored, enabled account (role and community unchanged).</summary>
    public bool StillMatches(StaffUserRecord? stored) =>
        stored is { DisabledUtc: null } && stored.Role == Role && string.Equals(stored.CommunityId, CommunityId, StringComparison.Ordinal);
}
