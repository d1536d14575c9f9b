using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using SmartBin.Gateway.Redemption;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;
using static SmartBin.Gateway.Tests.Redemption.Scenarios;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>
/// Every mapped partner endpoint, discovered from the routing table, refuses anonymous callers, bad and disabled
/// keys, the wrong kind of partner, and other partners' redemptions or other communities' households.
/// </summary>
public sealed class AuthorisationTests
{
    private const string V1 = "/api/partner/v1";

    /// <summary>A partner of the same kind that must not see what the owner created (another partner, or one scoped to another community).</summary>
    private static readonly Dictionary<string, (string Owner, string Outsider, string WrongKind)> Cast = new()
    {
        [PartnerKinds.Shop] = ("shop-a", "shop-b", "mall-a"),
        [PartnerKinds.Mall] = ("mall-a", "mall-b", "card-a"),
        [PartnerKinds.CitizenCard] = ("card-a", "card-b", "shop-a"),
    };

    [Fact]
    public async Task Every_partner_endpoint_refuses_anonymous_bad_disabled_and_wrong_kind_callers()
    {
        await using var rig = await StartAsync();
        var routes = rig.PartnerRoutes();
        Assert.Equal(13, routes.Count); // a new endpoint must be seen here (and in the tables of the other tests)
        var wrongSecret = rig.Keys["shop-a"][..^4] + "AAAA";
        foreach (var (method, pattern, kind) in routes)
        {
            Assert.True(Cast.ContainsKey(kind), $"{method} {pattern} declares no partner kind");
            var path = pattern.Replace("{id}", "rdm_000000000000000000000000", StringComparison.Ordinal).Replace("{cardUid}", BaiyunCard, StringComparison.Ordinal);
            foreach (var (caller, status, code) in new[]
                     {
                         ("", HttpStatusCode.Unauthorized, "key-missing"),
                         ("Basic abc", HttpStatusCode.Unauthorized, "key-malformed"),
                         ("sbp_nope", HttpStatusCode.Unauthorized, "key-malformed"),
                         (wrongSecret, HttpStatusCode.Unauthorized, "key-invalid"),
                         ("sbp_0123456789ab_" + new string('A', 43), HttpStatusCode.Unauthorized, "key-invalid"),
                         ("shop-x", HttpStatusCode.Unauthorized, "partner-disabled"),
                         (Cast[kind].WrongKind, HttpStatusCode.Forbidden, "forbidden-kind"),
                     })
            {
                var answer = await SendAsync(rig, method, path, caller);
                Assert.True(answer.Status == status && answer.Code == code, $"{method} {pattern} as '{caller}': {answer.Status} {answer.Code}");
                if (status == HttpStatusCode.Unauthorized)
                {
                    Assert.Equal("Bearer", answer.Response.Headers.WwwAuthenticate.ToString());
                }
            }
            // Whatever the content type, an anonymous caller hears 401 first (no 415 or 400 that would answer before authentication).
            using var form = new System.Net.Http.HttpRequestMessage(new System.Net.Http.HttpMethod(method), path)
            {
                Content = method == "POST" ? new System.Net.Http.FormUrlEncodedContent([new("points", "1")]) : null,
            };
            Assert.Equal(HttpStatusCode.Unauthorized, (await rig.Client.SendAsync(form)).StatusCode);
        }
        Assert.Equal(0, rig.Scalar("SELECT COUNT(*) FROM partner_requests"));
    }

    [Fact]
    public async Task No_partner_reaches_another_partners_redemption_or_another_communitys_household()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, 10_000);
        rig.Credit(XiahangHousehold, 10_000);
        var ids = new Dictionary<string, string>
        {
            [PartnerKinds.Shop] = await CreateAsync(rig, "shop-a", "payments", 10),
            [PartnerKinds.Mall] = await CreateAsync(rig, "mall-a", "orders", 10),
            [PartnerKinds.CitizenCard] = await CreateAsync(rig, "card-a", "bill-deductions", 10),
        };
        var (transfers, checkedRoutes) = (rig.TransferCount, 0);
        foreach (var (method, pattern, kind) in rig.PartnerRoutes())
        {
            var outsider = Cast[kind].Outsider;
            Answer answer;
            string expected;
            if (pattern.Contains("{id}", StringComparison.Ordinal))
            {
                // shop-b, mall-b, card-b: same kind, another partner: the redemption does not exist for them.
                var body = pattern.EndsWith("/refund", StringComparison.Ordinal) ? """{"points":1}""" : "{}";
                answer = await SendAsync(rig, method, pattern.Replace("{id}", ids[kind], StringComparison.Ordinal), outsider, body);
                expected = RedemptionCodes.RedemptionUnknown;
            }
            else
            {
                // Baiyun-scoped partners asking for a Xiahang household: 404, exactly as for a household that does not exist.
                answer = await SendAsync(rig, method, pattern.Replace("{cardUid}", XiahangCard, StringComparison.Ordinal), outsider, XiahangBody(pattern));
                expected = pattern.EndsWith("/orders", StringComparison.Ordinal) || pattern.EndsWith("/bill-deductions", StringComparison.Ordinal)
                    ? RedemptionCodes.HouseholdUnknown
                    : RedemptionCodes.CardUnknown;
                var unknown = await SendAsync(rig, method, pattern.Replace("{cardUid}", "0BADCAFE", StringComparison.Ordinal), outsider, XiahangBody(pattern).Replace(XiahangHousehold, "no-such-household", StringComparison.Ordinal).Replace(XiahangCard, "0BADCAFE", StringComparison.Ordinal));
                Assert.Equal((HttpStatusCode.NotFound, expected), (unknown.Status, unknown.Code));
                Assert.Equal(Without(unknown.Json.GetProperty("detail").GetString()!), Without(answer.Json.GetProperty("detail").GetString()!));
            }
            Assert.True(answer.Status == HttpStatusCode.NotFound && answer.Code == expected, $"{method} {pattern} as {outsider}: {answer.Status} {answer.Code}");
            checkedRoutes++;
        }
        Assert.Equal(rig.PartnerRoutes().Count, checkedRoutes);
        Assert.Equal(transfers, rig.TransferCount);

        // The unscoped partners do reach Xiahang.
        var xiahang = await rig.GetAsync("shop-a", $"{V1}/residents/by-card/{XiahangCard}");
        Assert.Equal("xiahang", xiahang.Json.GetProperty("communityId").GetString());
    }

    private static string XiahangBody(string pattern) => pattern switch
    {
        _ when pattern.EndsWith("/payments", StringComparison.Ordinal) => $$"""{"cardUid":"{{XiahangCard}}","points":5,"reference":"{{Ref()}}"}""",
        _ when pattern.EndsWith("/orders", StringComparison.Ordinal) => $$"""{"householdId":"{{XiahangHousehold}}","points":5,"orderReference":"{{Ref()}}"}""",
        _ when pattern.EndsWith("/bill-deductions", StringComparison.Ordinal) => $$"""{"householdId":"{{XiahangHousehold}}","billType":"gas","partnerReference":"{{Ref()}}","points":5}""",
        _ => "{}",
    };

    /// <summary>The detail with the household or card named in it removed: the two 404s must say the same otherwise.</summary>
    private static string Without(string detail) => detail.Replace(XiahangHousehold, "X", StringComparison.Ordinal)
        .Replace("no-such-household", "X", StringComparison.Ordinal).Replace(XiahangCard, "X", StringComparison.Ordinal).Replace("0BADCAFE", "X", StringComparison.Ordinal);

    private static Task<Answer> SendAsync(RedemptionRig rig, string method, string path, string caller, string body = "{}") =>
        method == "GET" ? rig.GetAsync(caller, path) : rig.PostAsync(caller, path, body, Key());
}
