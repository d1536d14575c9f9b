using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Security;

/// <summary>
/// Issue 6/7 acceptance: the whole gateway as Program.Main builds it (dashboard, admin API, partner API, status
/// pages), its endpoints enumerated at run time. Each is on the public allow-list (with a reason) or refuses
/// anonymous callers; an endpoint nobody classified fails the test, so a later one cannot slip in unguarded.
/// </summary>
public sealed class EndpointAuthorizationTests
{
    private const string BaiyunBin = "baiyun-0001";
    private const string XiahangBin = "xiahang-0001";

    // Sample values for every route parameter a mapped endpoint has (a new parameter fails EndpointCatalog.Fill).
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["binId"] = BaiyunBin,
        ["householdId"] = "demo-baiyun-0001-00",
        ["id"] = "rdm_000000000000000000000000",
        ["cardUid"] = StorageSeeds.DemoCardUid(1, 0),
        ["documentName"] = RedemptionEndpoints.DocumentName,
    };

    [Fact]
    public async Task Every_endpoint_is_on_the_public_allow_list_or_refuses_anonymous_callers()
    {
        await using var rig = await StaffRig.StartAsync();
        var endpoints = EndpointCatalog.Of(rig.Services);
        var unclassified = endpoints.Where(e => e.Guard == Guard.Unclassified).Select(e => e.Name).ToList();
        Assert.True(unclassified.Count == 0, "endpoints neither public on purpose nor guarded: " + string.Join(", ", unclassified));
        // A stale allow-list entry would hide nothing today but could cover a later endpoint of that name unseen.
        Assert.Empty(EndpointCatalog.Public.Keys.Except(endpoints.Select(e => e.Name)));
        foreach (var guard in new[] { Guard.StaffPage, Guard.StaffApi, Guard.Admin, Guard.Partner, Guard.ResidentPage, Guard.ResidentApi })
        {
            Assert.Contains(endpoints, e => e.Guard == guard);
        }

        using var anonymous = rig.NewClient();
        foreach (var endpoint in endpoints)
        {
            var path = EndpointCatalog.Fill(endpoint.Pattern, Samples);
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
            if (endpoint.Method is "POST" or "PUT")
            {
                request.Content = new StringContent("""{"community":"baiyun","material":"PET","points":1}""", Encoding.UTF8, "application/json");
            }
            using var response = await anonymous.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            switch (endpoint.Guard)
            {
                case Guard.Public when endpoint.Method == "GET":
                    Assert.True(status == 200 || (endpoint.Pattern is "/staff/culture" or "/me/culture" && status == 302), $"{endpoint.Name}: {status}");
                    break;
                case Guard.Public:
                    // Public forms still need their anti-forgery token (CsrfAndCookieTests covers them fully).
                    Assert.True(status == 400, $"{endpoint.Name} without a token: {status}");
                    break;
                case Guard.ResidentPage:
                    Assert.True(status == 302, $"{endpoint.Name}: {status}");
                    Assert.StartsWith("/me/signin", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
                    break;
                case Guard.StaffPage:
                    Assert.True(status == 302, $"{endpoint.Name}: {status}");
                    Assert.StartsWith("/staff/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
                    break;
                default:
                    Assert.True(status == 401, $"{endpoint.Name}: {status} {body}");
                    break;
            }
            if (endpoint.Guard != Guard.Public)
            {
                Assert.DoesNotContain(BaiyunBin, body, StringComparison.Ordinal);
                Assert.DoesNotContain("demo-baiyun", body, StringComparison.Ordinal);
            }
        }
        // Nothing an anonymous caller sent reached a handler that writes.
        Assert.Null(rig.Store.FindAdminBin(BaiyunBin)!.SecretIssuedUtc);
    }

    [Fact]
    public async Task One_kind_of_credential_opens_no_other_kind_of_endpoint()
    {
        // Each admin endpoint counts the partner key as one failed authentication from this address: with the default
        // limit (10) the admin API would answer 429 once there are more than ten admin endpoints, hiding the 401 checked here.
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Admin:FailedAuthLimit"] = "1000000" });
        var operatorKey = AddOperator(rig, "op-admin", AdminRoles.Admin);
        var partnerKey = rig.Services.GetRequiredService<PartnerDirectory>().Add("shop-a", PartnerKinds.Shop, "Shop A", null).ApiKey;
        using var staffCookie = await rig.SignedInAsync(StaffRig.Admin);
        using var plain = rig.NewClient();
        foreach (var endpoint in EndpointCatalog.Of(rig.Services).Where(e => e.Guard is Guard.Admin or Guard.Partner or Guard.StaffApi or Guard.StaffPage))
        {
            var path = EndpointCatalog.Fill(endpoint.Pattern, Samples);
            // The staff admin's cookie on key APIs, the partner key on the admin API and the dashboard, and so on.
            var attempts = new List<(HttpClient Client, string? Bearer, string Who)>();
            if (endpoint.Guard is Guard.Admin or Guard.Partner)
            {
                attempts.Add((staffCookie, null, "staff admin cookie"));
            }
            if (endpoint.Guard != Guard.Admin)
            {
                attempts.Add((plain, operatorKey, "operator admin key"));
            }
            if (endpoint.Guard != Guard.Partner)
            {
                attempts.Add((plain, partnerKey, "partner key"));
            }
            foreach (var (client, bearer, who) in attempts)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
                if (bearer is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var refused = endpoint.Guard == Guard.StaffPage
                    ? status == 302 && response.Headers.Location!.AbsolutePath.StartsWith("/staff/login", StringComparison.Ordinal)
                    : status == 401;
                Assert.True(refused, $"{endpoint.Name} with the {who}: {status}");
            }
        }
    }

    [Fact]
    public async Task An_operator_key_with_the_staff_role_gets_403_on_every_admin_only_endpoint()
    {
        await using var rig = await StaffRig.StartAsync();
        var staffKey = AddOperator(rig, "desk1", AdminRoles.Staff);
        using var client = rig.NewClient();
        var adminOnly = EndpointCatalog.Of(rig.Services)
            .Where(e => e.Endpoint.Metadata.GetMetadata<AdminAccess>() is { StaffAllowed: false }).ToList();
        Assert.NotEmpty(adminOnly);
        foreach (var endpoint in adminOnly)
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), EndpointCatalog.Fill(endpoint.Pattern, Samples));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staffKey);
            request.Content = new StringContent("""{"community":"baiyun","material":"PET","reason":"x"}""", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint.Name} as an operator with role staff: {(int)response.StatusCode}");
        }
        var bin = rig.Store.FindAdminBin(BaiyunBin)!;
        Assert.True(bin.Active);
        Assert.Null(bin.SecretIssuedUtc);
    }

    private static string AddOperator(StaffRig rig, string name, string role)
    {
        var key = ApiKeys.Create();
        Assert.True(rig.Store.AddOperator(new OperatorRecord(name, role, key.KeyId, key.SecretHash, DateTimeOffset.UtcNow, null)));
        return key.Text;
    }

    internal static async Task<Alert> OpenAlertAsync(StaffRig rig, string binId) => await StaffAccessTests.OpenFillAlertAsync(rig, binId);

    internal static AlertEngine Alerts(StaffRig rig) => rig.Services.GetRequiredService<AlertEngine>();
}
