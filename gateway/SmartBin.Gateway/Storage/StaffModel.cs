using System;

namespace SmartBin.Gateway.Storage;

/// <summary>A staff account of the dashboard as stored (the password only as its PBKDF2 hash text).</summary>
/// <param name="Username">Login name (unique, case-sensitive as stored; logins compare it lower-cased).</param>
/// <param name="DisplayName">Name shown on the pages.</param>
/// <param name="Role"><c>staff</c> or <c>admin</c>.</param>
/// <param name="CommunityId">The only community the account sees, or null for every community.</param>
/// <param name="PasswordHash"><c>pbkdf2-sha256$iterations$salt$hash</c> (Staff/StaffPasswords.cs).</param>
/// <param name="CreatedUtc">When added.</param>
/// <param name="DisabledUtc">When disabled, else null.</param>
public sealed record StaffUserRecord(string Username, string DisplayName, string Role, string? CommunityId, string PasswordHash, DateTimeOffset CreatedUtc, DateTimeOffset? DisabledUtc);

/// <summary>What adding a staff account did.</summary>
public enum AddStaffOutcome
{
    /// <summary>Stored.</summary>
    Added = 1,

    /// <summary>The username is taken (disabled accounts keep theirs); nothing written.</summary>
    UsernameTaken = 2,

    /// <summary>The community does not exist; nothing written.</summary>
    UnknownCommunity = 3,
}
