namespace SmartBin.Gateway.Admin;

/// <summary>Operator roles.</summary>
public static class AdminRoles
{
    /// <summary>May call every admin endpoint.</summary>
    public const string Admin = "admin";

    /// <summary>Service desk: whoami, bin lists and views, card registration, look-up and deactivation.</summary>
    public const string Staff = "staff";

    /// <summary>True for a known role.</summary>
    public static bool IsRole(string? role) => role is Admin or Staff;
}

/// <summary>
/// Endpoint metadata that puts an endpoint behind the admin API's key check; every admin endpoint carries it (a test
/// walks the endpoint data source to make sure). <see cref="StaffAllowed"/> opens it to the <c>staff</c> role too.
/// </summary>
/// <param name="StaffAllowed">Staff may call it (admins always may).</param>
public sealed record AdminAccess(bool StaffAllowed);

/// <summary>The authenticated operator of a request.</summary>
/// <param name="Name">Operator name.</param>
/// <param name="Role">Role.</param>
public sealed record AdminCaller(string Name, string Role);
