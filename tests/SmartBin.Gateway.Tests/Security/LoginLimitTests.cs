using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Security;

/// <summary>
/// The staff login limit holds for every way of reaching the login handler (path spellings, handler and return
/// parameters, another claimed client address), and every limited attempt is counted in
/// <c>smartbin_staff_logins_total{result="rate-limited"}</c> without a password check.
/// </summary>
public sealed class LoginLimitTests
{
    private const string Metric = "smartbin_staff_logins_total";

    private static readonly string[] Variants =
        ["/staff/login", "/staff/LOGIN", "/staff/login/", "/staff/Login?handler=", "/staff/login?returnUrl=%2Fstaff%2Fusers"];

    [Fact]
    public async Task Once_a_username_is_limited_every_route_to_the_login_handler_answers_429_and_each_is_counted()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Staff:LoginFailuresPerUser"] = "3" });
        using var client = rig.NewClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await StaffRig.PostLoginAsync(client, StaffRig.Baiyun, "guess-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var invalid = rig.Metrics.Value(Metric, ("result", "invalid"));
        var limited = 0;
        foreach (var path in Variants)
        {
            foreach (var forwardedFor in new[] { null, "203.0.113.7" })
            {
                var token = await StaffRig.TokenAsync(client, "/staff/login");
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["__RequestVerificationToken"] = token, ["username"] = " Bai ", ["password"] = StaffRig.Password,
                    }),
                };
                if (forwardedFor is not null)
                {
                    // Another address (as a proxy would report it) does not escape the per-username limit.
                    request.Headers.Add("X-Forwarded-For", forwardedFor);
                }
                using var response = await client.SendAsync(request);
                Assert.True((int)response.StatusCode == 429, $"POST {path} (X-Forwarded-For {forwardedFor}): {(int)response.StatusCode}");
                Assert.NotNull(response.Headers.RetryAfter);
                limited++;
            }
        }
        Assert.Equal(limited, rig.Metrics.Value(Metric, ("result", "rate-limited")));
        Assert.Equal(invalid, rig.Metrics.Value(Metric, ("result", "invalid")));
        Assert.Equal(0, rig.Metrics.Value(Metric, ("result", "ok")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/staff/api/bins")).StatusCode);
    }

    [Fact]
    public async Task Once_an_address_is_limited_every_username_and_route_from_it_answers_429_while_another_address_signs_in()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Staff:LoginFailuresPerAddress"] = "4" });
        using var attacker = rig.NewClient();
        attacker.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9");
        foreach (var name in new[] { "a1", "a2", "a3", "a4" })
        {
            using var wrong = await StaffRig.PostLoginAsync(attacker, name, "whatever-it-is");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        foreach (var path in Variants)
        {
            var token = await StaffRig.TokenAsync(attacker, "/staff/login");
            using var response = await attacker.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["username"] = StaffRig.Admin, ["password"] = StaffRig.Password,
            }));
            Assert.True((int)response.StatusCode == 429, $"POST {path}: {(int)response.StatusCode}");
        }
        Assert.Equal(Variants.Length, rig.Metrics.Value(Metric, ("result", "rate-limited")));
        // The limit is the attacker's address, not everyone behind the same proxy.
        using var colleague = rig.NewClient();
        colleague.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.10");
        using var ok = await StaffRig.PostLoginAsync(colleague, StaffRig.Admin, StaffRig.Password);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
    }
}
