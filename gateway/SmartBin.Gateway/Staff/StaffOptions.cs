namespace SmartBin.Gateway.Staff;

/// <summary>Staff dashboard settings (section <c>SmartBin:Staff</c>; docs/gateway.md lists each key).</summary>
public sealed class StaffOptions
{
    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP's 2023 figure for this hash). Each stored hash
    /// keeps its own count, so raising this leaves existing passwords working. Tests use a low value.
    /// </summary>
    public int PasswordIterations { get; set; } = 600_000;

    /// <summary>Failed logins one remote address may make per window; then it gets 429 until the window ends.</summary>
    public int LoginFailuresPerAddress { get; set; } = 20;

    /// <summary>Failed logins for one username per window (from any address); then that username gets 429 until the window ends.</summary>
    public int LoginFailuresPerUser { get; set; } = 5;

    /// <summary>The login failure window, s.</summary>
    public int LoginWindowS { get; set; } = 900;

    /// <summary>A session ends after this long without a request, minutes (sliding).</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>How often the bins overview refreshes itself, s.</summary>
    public int LivePollS { get; set; } = 5;
}
