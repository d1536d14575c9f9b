using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Redemption;

/// <summary>Endpoint metadata: the partner kind an endpoint serves (checked by <see cref="PartnerAuthFilter"/>).</summary>
/// <param name="Kind">One of <see cref="PartnerKinds"/>.</param>
public sealed record PartnerKindRequirement(string Kind);

/// <summary>Endpoint metadata: the JSON body an endpoint reads, for the OpenAPI description only (the handler parses it itself).</summary>
/// <param name="BodyType">A record from PartnerBodies.cs.</param>
public sealed record PartnerRequestBody(Type BodyType);

/// <summary>
/// Authenticates every partner endpoint before anything else runs (so an anonymous caller learns nothing from
/// validation errors): 401 without a valid, enabled key; 403 <c>forbidden-kind</c> when the endpoint belongs to
/// another kind of partner. The partner is then in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class PartnerAuthFilter(PartnerDirectory directory) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return PartnerProblems.Unauthorized(http, RedemptionCodes.KeyMissing,
                "Send your partner key as 'Authorization: Bearer sbp_…' (printed once by 'SmartBin.Gateway partner add').");
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return PartnerProblems.Unauthorized(http, RedemptionCodes.KeyMalformed, "Use the Bearer scheme: 'Authorization: Bearer sbp_…'.");
        }
        var auth = directory.Authenticate(header["Bearer ".Length..].Trim());
        if (auth.Partner is not { } partner)
        {
            return PartnerProblems.Unauthorized(http, auth.Code, auth.Detail);
        }
        var required = http.GetEndpoint()?.Metadata.GetMetadata<PartnerKindRequirement>()
            ?? throw new InvalidOperationException($"partner endpoint {http.Request.Path} declares no partner kind");
        if (partner.Kind != required.Kind)
        {
            return PartnerProblems.Create(http, StatusCodes.Status403Forbidden, RedemptionCodes.ForbiddenKind,
                $"This endpoint serves {required.Kind} partners; you are registered as {partner.Kind}. See docs/redemption.md for your endpoints.");
        }
        http.Items[typeof(Partner)] = partner;
        return await next(context);
    }
}

/// <summary>problem+json refusals, each counted in <c>smartbin_redemption_rejected_total{code}</c>.</summary>
internal static class PartnerProblems
{
    public const string RejectedMetric = "smartbin_redemption_rejected_total";

    public static IResult Create(HttpContext http, int status, string code, string detail)
    {
        http.RequestServices.GetRequiredService<GatewayMetrics>()
            .Increment(RejectedMetric, "Partner redemption calls refused, by code.", 1, ("code", code));
        return Results.Problem(detail: detail, statusCode: status, title: Title(status), type: "urn:smartbin:problem:" + code,
            extensions: new Dictionary<string, object?> { ["code"] = code });
    }

    public static IResult Unauthorized(HttpContext http, string code, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Create(http, StatusCodes.Status401Unauthorized, code, detail);
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Not authenticated",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        422 => "Not possible",
        _ => "Refused",
    };
}
