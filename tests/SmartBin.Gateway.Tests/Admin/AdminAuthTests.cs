using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>
/// Every admin endpoint, found in the app's own endpoint data source (so a new one cannot slip in unprotected),
/// refuses anonymous, malformed, unknown, wrong and disabled keys, and staff where the contract says admin only.
/// </summary>
public sealed class AdminAuthTests
{
    private const string BinId = "baiyun-0001";
    private const string HouseholdId = "demo-baiyun-0001-00";
    private static readonly string CardUid = StorageSeeds.DemoCardUid(1, 0); // a card of HouseholdId

    // The contract (docs/admin-api.md): staff may call exactly these.
    private static readonly string[] StaffEndpoints =
    [
        "GET /api/admin/v1/whoami", "GET /api/admin/v1/bins", "GET /api/admin/v1/bins/{binId}", "POST /api/admin/v1/cards",
        "GET /api/admin/v1/cards/{cardUid}", "POST /api/admin/v1/cards/{cardUid}/deactivate",
    ];

    private static readonly string[] ContractEndpoints =
    [
        .. StaffEndpoints, "PUT /api/admin/v1/bins/{binId}", "POST /api/admin/v1/bins/{binId}/secret",
        "POST /api/admin/v1/bins/{binId}/disable", "POST /api/admin/v1/bins/{binId}/enable",
        "POST /api/admin/v1/bins/{binId}/provisionings", "GET /api/admin/v1/households/{householdId}",
    ];

    // One body that would make every endpoint succeed, so a missing check would show as a 2xx, not hide behind a 400.
    private static readonly object Body = new
    {
        community = "baiyun", material = "PET", label = "x", reason = "stolen", cardUid = "0A0B0C0D", householdId = HouseholdId,
        recordId = "6f1c2a9e-3b7d-4c1a-9e2f-0a1b2c3d4e5f", firmware = "1.2.0", hardwareId = "esp32-0001",
        startedUtc = "2026-03-01T08:00:00Z", finishedUtc = "2026-03-01T08:10:00Z",
        calibration = new { version = 3, offsetCounts = 8_388, countsPerGram = 41.7, maxErrorMilliE = 300, checkGrams = 2_000, checkErrorMilliE = 200 },
        selfTest = new { ok = true, scale = "ok", reader = "ok", distance = "ok", storage = "ok", mqtt = "ok" },
    };

    [Fact]
    public async Task Every_mapped_admin_endpoint_carries_the_access_check_and_they_are_the_contracts_endpoints()
    {
        await using var rig = await AdminRig.StartAsync();
        var endpoints = AdminEndpointsOf(rig);
        Assert.All(endpoints, e => Assert.True(e.Access is not null, $"{e.Name} has no AdminAccess metadata"));
        Assert.Equal(ContractEndpoints.Order(StringComparer.Ordinal), endpoints.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(StaffEndpoints.Order(StringComparer.Ordinal),
            endpoints.Where(e => e.Access!.StaffAllowed).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_admin_endpoint_refuses_missing_malformed_unknown_wrong_and_disabled_keys_and_counts_each()
    {
        await using var rig = await AdminRig.StartAsync();
        var endpoints = AdminEndpointsOf(rig);
        var realKeyId = rig.AdminKey.Substring(4, ApiKeys.KeyIdChars);
        var badKeys = new[]
        {
            "not-a-key",
            rig.AdminKey[..^1],                                        // one character short
            ApiKeys.Create().Text,                                     // well formed, unknown key id
            "sbk_" + realKeyId + "_" + new string('A', ApiKeys.SecretChars), // known id, wrong secret
            rig.DisabledKey,
        };
        foreach (var endpoint in endpoints)
        {
            var anonymous = await rig.SendAsync(endpoint.Method, endpoint.SamplePath, null, Body);
            AdminRig.AssertProblem(anonymous, AdminProblems.AuthMissing);
            Assert.Equal("Bearer", anonymous.Response.Headers.WwwAuthenticate.Single().Scheme);
            foreach (var key in badKeys)
            {
                AdminRig.AssertProblem(await rig.SendAsync(endpoint.Method, endpoint.SamplePath, key, Body), AdminProblems.AuthInvalid);
            }
        }
        Assert.Equal(endpoints.Count, rig.Rejected(AdminProblems.AuthMissing));
        Assert.Equal(endpoints.Count * badKeys.Length, rig.Rejected(AdminProblems.AuthInvalid));
        // Nothing reached a handler: the demo bin still has its seeded state and no card or record was added.
        var bin = rig.Store.FindAdminBin(BinId)!;
        Assert.True(bin.Active);
        Assert.Null(bin.SecretIssuedUtc);
        Assert.Empty(rig.Store.Provisionings(BinId));
        Assert.Null(rig.Store.FindCard("0A0B0C0D"));
        Assert.True(rig.Store.FindCard(CardUid)!.Active);
    }

    [Fact]
    public async Task Staff_is_refused_403_on_every_admin_only_endpoint_and_served_on_the_others()
    {
        await using var rig = await AdminRig.StartAsync();
        var endpoints = AdminEndpointsOf(rig);
        foreach (var endpoint in endpoints.Where(e => !e.Access!.StaffAllowed))
        {
            var answer = await rig.SendAsync(endpoint.Method, endpoint.SamplePath, rig.StaffKey, Body);
            AdminRig.AssertProblem(answer, AdminProblems.ForbiddenRole);
            Assert.Contains("'staff'", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        foreach (var endpoint in endpoints.Where(e => e.Access!.StaffAllowed))
        {
            var (status, json, _) = await rig.SendAsync(endpoint.Method, endpoint.SamplePath, rig.StaffKey, Body);
            Assert.True((int)status is >= 200 and < 300, $"{endpoint.Name} as staff: {(int)status} {json}");
        }
        Assert.Equal(endpoints.Count(e => !e.Access!.StaffAllowed), rig.Rejected(AdminProblems.ForbiddenRole));
        Assert.Null(rig.Store.FindAdminBin(BinId)!.SecretIssuedUtc);
        // The staff key's deactivation went through, recorded under its operator.
        Assert.Equal("sam", rig.Store.FindCardState(CardUid)!.Current?.Operator);
    }

    [Fact]
    public async Task Whoami_names_the_operator_and_role()
    {
        await using var rig = await AdminRig.StartAsync();
        var (status, json, _) = await rig.AdminAsync(HttpMethod.Get, "whoami");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice", json.GetProperty("operator").GetString());
        Assert.Equal("admin", json.GetProperty("role").GetString());
        (_, json, _) = await rig.SendAsync(HttpMethod.Get, "whoami", rig.StaffKey);
        Assert.Equal("staff", json.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Failed_authentications_from_one_address_over_the_limit_get_429_even_with_a_good_key_until_the_window_ends()
    {
        await using var rig = await AdminRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Admin:FailedAuthLimit"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            AdminRig.AssertProblem(await rig.SendAsync(HttpMethod.Get, "whoami", ApiKeys.Create().Text), AdminProblems.AuthInvalid);
        }
        var limited = await rig.SendAsync(HttpMethod.Get, "whoami", rig.AdminKey);
        AdminRig.AssertProblem(limited, AdminProblems.RateLimited);
        Assert.True(limited.Response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(1, rig.Rejected(AdminProblems.RateLimited));
        // Anonymous requests are not guesses and did not count; the limit is per address and resets (FailedAuthLimiterTests).
        Assert.Equal(1, rig.Services.GetRequiredService<FailedAuthLimiter>().TrackedAddresses);
    }

    private static List<AdminEndpoint> AdminEndpointsOf(AdminRig rig)
    {
        var found = new List<AdminEndpoint>();
        foreach (var endpoint in rig.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!pattern.StartsWith("/api/admin", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var sample = pattern.Replace("{binId}", BinId, StringComparison.Ordinal).Replace("{householdId}", HouseholdId, StringComparison.Ordinal)
                    .Replace("{cardUid}", CardUid, StringComparison.Ordinal);
                Assert.DoesNotContain('{', sample);
                found.Add(new AdminEndpoint(method + " " + pattern, new HttpMethod(method), sample, endpoint.Metadata.GetMetadata<AdminAccess>()));
            }
        }
        Assert.NotEmpty(found);
        return found;
    }

    private sealed record AdminEndpoint(string Name, HttpMethod Method, string SamplePath, AdminAccess? Access);
}
