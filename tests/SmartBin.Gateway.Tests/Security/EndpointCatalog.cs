using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Staff;

namespace SmartBin.Gateway.Tests.Security;

/// <summary>How an endpoint is protected, read from its metadata (not from its path).</summary>
internal enum Guard
{
    /// <summary>On the public allow-list of <see cref="EndpointCatalog.Public"/>.</summary>
    Public,

    /// <summary>Dashboard page behind the staff or admin cookie policy: anonymous callers are redirected to the login page.</summary>
    StaffPage,

    /// <summary>Dashboard JSON behind the staff cookie policy: anonymous callers get 401.</summary>
    StaffApi,

    /// <summary>Admin API (<see cref="AdminAccess"/>): operator key.</summary>
    Admin,

    /// <summary>Partner API (<see cref="PartnerKindRequirement"/>): partner key.</summary>
    Partner,

    /// <summary>Resident portal page behind the resident cookie policies: anonymous callers are sent to its sign-in page.</summary>
    ResidentPage,

    /// <summary>Resident portal JSON behind the resident cookie policy: anonymous callers get 401.</summary>
    ResidentApi,

    /// <summary>None of the above: the catalog test fails on it.</summary>
    Unclassified,
}

/// <summary>One method of one mapped endpoint.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Pattern">Route pattern with a leading slash.</param>
/// <param name="Guard">Its protection.</param>
/// <param name="Endpoint">The endpoint.</param>
internal sealed record MappedEndpoint(string Method, string Pattern, Guard Guard, RouteEndpoint Endpoint)
{
    public string Name => Method + " " + Pattern;
}

/// <summary>
/// Every endpoint of a built gateway, from its <see cref="EndpointDataSource"/>, classified by metadata. Routes
/// without method metadata (Razor pages: the handler is chosen after routing) are listed as GET and POST.
/// </summary>
internal static class EndpointCatalog
{
    /// <summary>
    /// The deliberately public endpoints, each with the reason it may be. Anything else must refuse anonymous callers.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Public = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /health/live"] = "liveness probe: a constant body",
        ["GET /health/ready"] = "readiness probe for the supervisor: check names and short details, no data",
        ["GET /metrics"] = "Prometheus scrape: counters by reason/route/leaf, no ids of residents, no secrets (SecretsInLogsTests reads it)",
        ["GET /"] = "status page, public by design (docs/gateway.md): bins, alerts, masked cards, pseudonymous household ids",
        ["GET /api/status/communities"] = "the status page as JSON (same data, same decision)",
        ["GET /api/status/bins"] = "the status page as JSON",
        ["GET /api/status/dropoffs"] = "the status page as JSON (cards masked)",
        ["GET /api/status/balances"] = "the status page as JSON (household ids, no names)",
        ["GET /api/status/alerts"] = "the status page as JSON",
        ["GET /openapi/{documentName}.json"] = "the partner API's description: no data",
        ["GET /staff/login"] = "the sign-in form",
        ["POST /staff/login"] = "signing in (anti-forgery token and rate limits apply)",
        ["GET /staff/culture"] = "redirects to the overview (which then asks for sign-in)",
        ["POST /staff/culture"] = "the language switch on the login page: sets a culture cookie only (anti-forgery token applies)",
        ["GET /me/signin"] = "the resident sign-in form",
        ["POST /me/signin"] = "resident sign-in with card and PIN or code (anti-forgery token, per-card and per-address limits apply)",
        ["GET /me/culture"] = "redirects to the portal (which then asks for sign-in)",
        ["POST /me/culture"] = "the language switch on the resident sign-in page: sets a culture cookie only (anti-forgery token applies)",
    };

    public static IReadOnlyList<MappedEndpoint> Of(IServiceProvider services)
    {
        var found = new List<MappedEndpoint>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods)
            {
                found.Add(new MappedEndpoint(method, pattern, Classify(method + " " + pattern, pattern, endpoint), endpoint));
            }
        }
        return found.OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList();
    }

    private static Guard Classify(string name, string pattern, RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        if (Public.ContainsKey(name))
        {
            return Guard.Public;
        }
        if (metadata.GetMetadata<AdminAccess>() is not null)
        {
            return Guard.Admin;
        }
        if (metadata.GetMetadata<PartnerKindRequirement>() is not null)
        {
            return Guard.Partner;
        }
        var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
        if (!anonymous && policies.Count > 0 && policies.All(p => p is StaffRoles.StaffPolicy or StaffRoles.AdminPolicy))
        {
            return pattern.StartsWith(StaffRegistration.ApiPath + "/", StringComparison.Ordinal) ? Guard.StaffApi : Guard.StaffPage;
        }
        if (!anonymous && policies.Count > 0 && policies.All(p => p is SmartBin.Gateway.Residents.ResidentScope.Policy or SmartBin.Gateway.Residents.ResidentScope.PendingPolicy))
        {
            return pattern.StartsWith("/me/api/", StringComparison.Ordinal) ? Guard.ResidentApi : Guard.ResidentPage;
        }
        return Guard.Unclassified;
    }

    /// <summary>A path for <paramref name="pattern"/> with every parameter filled from <paramref name="values"/>.</summary>
    public static string Fill(string pattern, IReadOnlyDictionary<string, string> values)
    {
        var path = pattern;
        foreach (var (name, value) in values)
        {
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        if (path.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"no sample value for a parameter of {pattern}: add one to the test's table");
        }
        return path;
    }
}
