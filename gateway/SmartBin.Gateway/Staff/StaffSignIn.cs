using System;
using System.Globalization;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff;

/// <summary>What a login attempt came to.</summary>
/// <param name="User">The account, when the password was right and the account enabled.</param>
/// <param name="RetryAfterS">Seconds until a rate-limited caller may try again; 0 when not limited.</param>
public sealed record StaffLoginResult(StaffUserRecord? User, int RetryAfterS)
{
    /// <summary>True when refused for too many failures (answer 429 with Retry-After).</summary>
    public bool RateLimited => RetryAfterS > 0;
}

/// <summary>
/// Checks staff logins: rate limits first (per remote address and per username, so neither one address trying many
/// names nor many addresses trying one name get far), then the password against the stored PBKDF2 hash. Unknown
/// names are checked against a decoy hash of the same cost, so timing does not tell which names exist. Every
/// outcome is counted in <c>smartbin_staff_logins_total{result}</c>.
/// </summary>
public sealed class StaffSignIn
{
    /// <summary>Longest username accepted, characters.</summary>
    public const int UsernameCharsMax = 64;

    private readonly SqliteGatewayStore store;
    private readonly GatewayMetrics metrics;
    private readonly FailedAuthLimiter perAddress;
    private readonly FailedAuthLimiter perUser;
    private readonly string decoyHash;

    /// <summary>Creates the checker with the limits of <paramref name="options"/>.</summary>
    public StaffSignIn(SqliteGatewayStore store, GatewayMetrics metrics, GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.metrics = metrics;
        var window = TimeSpan.FromSeconds(options.Staff.LoginWindowS);
        perAddress = new FailedAuthLimiter(options.Staff.LoginFailuresPerAddress, window, time);
        perUser = new FailedAuthLimiter(options.Staff.LoginFailuresPerUser, window, time);
        decoyHash = StaffPasswords.Hash("decoy-" + Guid.NewGuid().ToString("N"), options.Staff.PasswordIterations);
    }

    /// <summary>The form a username is stored and compared in: trimmed, lower case.</summary>
    public static string Normalize(string? username) => (username ?? "").Trim().ToLowerInvariant();

    /// <summary>Checks one attempt from <paramref name="address"/>.</summary>
    public StaffLoginResult Check(string address, string? username, string? password)
    {
        var name = Normalize(username);
        if (name.Length > UsernameCharsMax)
        {
            name = name[..UsernameCharsMax];
        }
        if (perAddress.IsBlocked(address, out var addressWaitS) | perUser.IsBlocked(name, out var userWaitS))
        {
            Count("rate-limited");
            return new StaffLoginResult(null, Math.Max(addressWaitS, userWaitS));
        }
        var user = name.Length == 0 ? null : store.FindStaffUser(name);
        var candidate = password is { Length: > 0 and <= StaffPasswords.PasswordCharsMax } ? password : "";
        var matches = StaffPasswords.Verify(candidate, user?.PasswordHash ?? decoyHash) && user is not null && candidate.Length > 0;
        if (matches && user!.DisabledUtc is null)
        {
            Count("ok");
            return new StaffLoginResult(user, 0);
        }
        perAddress.RecordFailure(address);
        perUser.RecordFailure(name);
        Count(matches ? "disabled" : "invalid");
        return new StaffLoginResult(null, 0);
    }

    /// <summary>Seconds as the Retry-After header writes them.</summary>
    public static string RetryAfterHeader(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    private void Count(string result) =>
        metrics.Increment("smartbin_staff_logins_total", "Staff login attempts, by result (ok, invalid, disabled, rate-limited).", 1, ("result", result));
}
