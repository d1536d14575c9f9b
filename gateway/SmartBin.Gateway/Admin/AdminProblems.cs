using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Admin;

/// <summary>
/// The admin API's errors: <c>application/problem+json</c> (RFC 9457) with a stable <c>code</c>, a detail that says
/// what is wrong and how to fix it, and every refusal counted in <c>smartbin_admin_rejected_total{code}</c>.
/// </summary>
public static class AdminProblems
{
    /// <summary>Refusals by code.</summary>
    public const string RejectedMetric = "smartbin_admin_rejected_total";

    /// <summary>Content type of every error.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>Base of the <c>type</c> URI.</summary>
    public const string TypeBase = "https://smartbin.example/problems/";

    /// <summary>No Authorization: Bearer header.</summary>
    public const string AuthMissing = "auth-missing";

    /// <summary>The key is malformed, unknown, wrong or its operator disabled.</summary>
    public const string AuthInvalid = "auth-invalid";

    /// <summary>The operator's role may not call this endpoint.</summary>
    public const string ForbiddenRole = "forbidden-role";

    /// <summary>A field is missing or malformed.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>No such bin.</summary>
    public const string BinUnknown = "bin-unknown";

    /// <summary>The bin exists with another community or material.</summary>
    public const string BinConflict = "bin-conflict";

    /// <summary>No such household.</summary>
    public const string HouseholdUnknown = "household-unknown";

    /// <summary>No such card (never registered).</summary>
    public const string CardUnknown = "card-unknown";

    /// <summary>The card is registered to another household.</summary>
    public const string CardTaken = "card-taken";

    /// <summary>The record id is stored with another body.</summary>
    public const string RecordConflict = "record-conflict";

    /// <summary>Too many failed authentications from this address.</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The change is stored but the external mosquitto's files could not be rewritten (retry the call).</summary>
    public const string BrokerFilesFailed = "broker-files-failed";

    private static readonly Dictionary<string, (int Status, string Title)> Codes = new(StringComparer.Ordinal)
    {
        [AuthMissing] = (StatusCodes.Status401Unauthorized, "Authentication required"),
        [AuthInvalid] = (StatusCodes.Status401Unauthorized, "Invalid API key"),
        [ForbiddenRole] = (StatusCodes.Status403Forbidden, "Role not allowed"),
        [BadRequest] = (StatusCodes.Status400BadRequest, "Bad request"),
        [BinUnknown] = (StatusCodes.Status404NotFound, "Unknown bin"),
        [BinConflict] = (StatusCodes.Status409Conflict, "Bin exists with other settings"),
        [HouseholdUnknown] = (StatusCodes.Status404NotFound, "Unknown household"),
        [CardUnknown] = (StatusCodes.Status404NotFound, "Unknown card"),
        [CardTaken] = (StatusCodes.Status409Conflict, "Card registered to another household"),
        [RecordConflict] = (StatusCodes.Status409Conflict, "Provisioning record differs"),
        [RateLimited] = (StatusCodes.Status429TooManyRequests, "Too many failed authentications"),
        [BrokerFilesFailed] = (StatusCodes.Status503ServiceUnavailable, "Broker files not written"),
    };

    /// <summary>Every code, for tests and documentation.</summary>
    public static IReadOnlyCollection<string> AllCodes => Codes.Keys;

    /// <summary>HTTP status of <paramref name="code"/>.</summary>
    public static int StatusOf(string code) => Codes[code].Status;

    /// <summary>A problem result for an endpoint (counted when it executes).</summary>
    public static IResult Result(string code, string detail) => new ProblemResult(code, detail);

    /// <summary>Writes a problem response directly (middleware) and counts it.</summary>
    public static Task WriteAsync(HttpContext context, string code, string detail) => new ProblemResult(code, detail).ExecuteAsync(context);

    private sealed class ProblemResult(string code, string detail) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var (status, title) = Codes[code];
            context.RequestServices.GetRequiredService<GatewayMetrics>()
                .Increment(RejectedMetric, "Admin API requests refused, by problem code.", 1, ("code", code));
            context.Response.StatusCode = status;
            context.Response.Headers.CacheControl = "no-store";
            if (code == AuthMissing)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            var body = new Dictionary<string, object>
            {
                ["type"] = TypeBase + code,
                ["title"] = title,
                ["status"] = status,
                ["detail"] = detail,
                ["code"] = code,
            };
            await context.Response.WriteAsJsonAsync(body, (System.Text.Json.JsonSerializerOptions?)null, ContentType, context.RequestAborted);
        }
    }
}
