using System;
using System.Globalization;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Admin;

/// <summary>
/// Authenticates and authorises every endpoint carrying <see cref="AdminAccess"/>: <c>Authorization: Bearer sbk_…</c>
/// looked up by key id, the secret's SHA-256 compared in constant time, then the role. Runs as middleware after
/// routing and before the endpoint, so a request is refused before its body is read or bound (an endpoint filter
/// would run after binding, and an anonymous caller could then learn about the body format from a 400).
/// </summary>
internal sealed class AdminAuthentication(RequestDelegate next)
{
    private const string CallerKey = "SmartBin.AdminCaller";

    // Compared against when the key id is unknown, so an unknown id costs the same hash and compare as a known one.
    private static readonly byte[] DecoyHash = ApiKeys.HashSecret("decoy");

    /// <summary>The request's operator (set by this middleware before any admin endpoint runs).</summary>
    public static AdminCaller Caller(HttpContext context) =>
        context.Items[CallerKey] as AdminCaller ?? throw new InvalidOperationException("admin endpoint reached without authentication");

    public async Task InvokeAsync(HttpContext context, SqliteGatewayStore store, FailedAuthLimiter limiter)
    {
        var access = context.GetEndpoint()?.Metadata.GetMetadata<AdminAccess>();
        if (access is null)
        {
            await next(context);
            return;
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limiter.IsBlocked(address, out var retryAfterS))
        {
            context.Response.Headers.RetryAfter = retryAfterS.ToString(CultureInfo.InvariantCulture);
            await AdminProblems.WriteAsync(context, AdminProblems.RateLimited,
                $"too many failed authentications from {address}; wait {retryAfterS} s (Retry-After) and check the API key before retrying");
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await AdminProblems.WriteAsync(context, AdminProblems.AuthMissing,
                "no API key: send 'Authorization: Bearer sbk_…' (smartbin: --api-key or SMARTBIN_API_KEY; an admin creates keys with 'SmartBin.Gateway operator add')");
            return;
        }
        var (caller, problem) = Check(store, header["Bearer ".Length..].Trim());
        if (caller is null)
        {
            limiter.RecordFailure(address);
            await AdminProblems.WriteAsync(context, AdminProblems.AuthInvalid, problem);
            return;
        }
        if (!access.StaffAllowed && caller.Role != AdminRoles.Admin)
        {
            await AdminProblems.WriteAsync(context, AdminProblems.ForbiddenRole,
                $"operator '{caller.Name}' has role '{caller.Role}'; {context.Request.Method} {context.Request.Path} needs role 'admin': ask an admin to do it or to give you an admin key");
            return;
        }
        context.Items[CallerKey] = caller;
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, caller.Name), new Claim(ClaimTypes.Role, caller.Role)], authenticationType: "SmartBinApiKey"));
        await next(context);
    }

    private static (AdminCaller? Caller, string Problem) Check(SqliteGatewayStore store, string key)
    {
        const string fix = "check that the whole key was copied (sbk_ + 12 hex + _ + 43 characters) or ask an admin for a new one";
        if (!ApiKeys.TryParse(key, out var keyId, out var secret))
        {
            return (null, "the API key is malformed; " + fix);
        }
        var found = store.FindOperatorByKeyId(keyId);
        var matches = ApiKeys.Matches(secret, found?.KeyHash ?? DecoyHash);
        if (found is null || !matches)
        {
            return (null, "the API key is not valid; " + fix);
        }
        if (found.DisabledUtc is not null)
        {
            return (null, $"operator '{found.Name}' was disabled; ask an admin for a new key");
        }
        return (new AdminCaller(found.Name, found.Role), "");
    }
}
