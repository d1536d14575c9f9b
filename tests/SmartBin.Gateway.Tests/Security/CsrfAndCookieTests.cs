using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Tests.Staff;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Gateway.Tests.Security;

/// <summary>
/// Every POST handler of the dashboard (found at run time, <see cref="WrongScopeTests.PostHandlers"/>, plus the public
/// login and language forms) refuses a request without a valid anti-forgery token, with a valid session cookie;
/// and the dashboard's cookies are HttpOnly, SameSite=Strict, and Secure when the request came over HTTPS.
/// </summary>
public sealed class CsrfAndCookieTests(ITestOutputHelper output)
{
    private const string Token = "__RequestVerificationToken";

    [Fact]
    public async Task Every_dashboard_post_without_a_valid_token_is_400_and_does_nothing_even_with_a_session_cookie()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Alerts:FillPersistenceS"] = "0" });
        var alert = await StaffAccessTests.OpenFillAlertAsync(rig, "baiyun-0001");
        var engine = rig.Services.GetRequiredService<AlertEngine>();
        var posts = WrongScopeTests.PostHandlers(rig).Select(p => (p.Pattern, p.Handler))
            .Concat([("/staff/login", ""), ("/staff/culture", "")]).ToList();
        Assert.True(posts.Count >= 7, "POST handlers found: " + posts.Count);
        using var alice = await rig.SignedInAsync(StaffRig.Admin);
        // A token from someone else's session (as a forging page could fetch for itself) is not this session's.
        using var other = await rig.SignedInAsync(StaffRig.Baiyun);
        var foreignToken = await StaffRig.TokenAsync(other, "/staff/bins");
        var logins = rig.Metrics.Total("smartbin_staff_logins_total");
        foreach (var (pattern, handler) in posts)
        {
            var path = pattern.Replace("{binId}", "baiyun-0001", StringComparison.Ordinal) + (handler.Length > 0 ? "?handler=" + handler : "");
            foreach (var (label, token) in new[] { ("none", (string?)null), ("foreign", foreignToken), ("garbage", "CfDJ8garbage") })
            {
                var form = new Dictionary<string, string>
                {
                    ["alertId"] = alert.Id.ToString(CultureInfo.InvariantCulture), ["note"] = "forged", ["culture"] = "en",
                    ["username"] = StaffRig.Baiyun, ["password"] = StaffRig.Password,
                };
                if (token is not null)
                {
                    form[Token] = token;
                }
                using var response = await alice.PostAsync(path, new FormUrlEncodedContent(form));
                output.WriteLine($"POST {path} token {label}: {(int)response.StatusCode}");
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} with token {label}: {(int)response.StatusCode}");
                Assert.False(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith(StaffRegistration.CultureCookie, StringComparison.Ordinal)),
                    "the language cookie was set by a forged post");
            }
        }
        Assert.Empty(engine.Actions([alert.Id]));
        Assert.Equal(logins, rig.Metrics.Total("smartbin_staff_logins_total")); // no password was even checked
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/staff/bins")).StatusCode); // the forged logout did not sign out
        // The control: with its own token the same form acts.
        using var ack = await alice.PostAsync("/staff/alerts?handler=Acknowledge", StaffAccessTests.Form(await StaffRig.TokenAsync(alice, "/staff/alerts"), alert.Id, "real"));
        Assert.Equal(HttpStatusCode.Redirect, ack.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dashboard_cookies_are_httponly_samesite_strict_and_secure_over_https(bool https)
    {
        await using var rig = await StaffRig.StartAsync();
        // Cookies kept by hand: a cookie jar would (rightly) not send a Secure cookie back over the test's plain HTTP.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = rig.BaseAddress };
        if (https)
        {
            // How the documented TLS reverse proxy on the same machine says the browser's request was HTTPS.
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }
        var jar = new Dictionary<string, string>(StringComparer.Ordinal);
        var cookies = new List<string>();
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Dictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = form is null ? null : new FormUrlEncodedContent(form) };
            if (jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
            }
            var response = await client.SendAsync(request);
            foreach (var set in SetCookies(response))
            {
                cookies.Add(set);
                var pair = set.Split(';')[0].Split('=', 2);
                jar[pair[0]] = pair[1];
            }
            return response;
        }
        async Task<string> TokenAsync(string path)
        {
            using var page = await SendAsync(HttpMethod.Get, path);
            var html = await page.Content.ReadAsStringAsync();
            var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
            Assert.True(match.Success, "no token on " + path);
            return match.Groups[1].Value;
        }

        var loginForm = new Dictionary<string, string> { [Token] = await TokenAsync("/staff/login"), ["username"] = StaffRig.Admin, ["password"] = StaffRig.Password };
        using (var login = await SendAsync(HttpMethod.Post, "/staff/login", loginForm))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }
        using (var culture = await SendAsync(HttpMethod.Post, "/staff/culture", new Dictionary<string, string> { [Token] = await TokenAsync("/staff/bins"), ["culture"] = "en" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, culture.StatusCode);
        }
        foreach (var name in new[] { StaffRegistration.CookieName + "=", StaffRegistration.CookieName + ".af=", StaffRegistration.CultureCookie + "=" })
        {
            var cookie = cookies.FirstOrDefault(c => c.StartsWith(name, StringComparison.Ordinal));
            Assert.True(cookie is not null, $"no {name} cookie among: {string.Join(" | ", cookies)}");
            output.WriteLine(cookie![..cookie.IndexOf('=', StringComparison.Ordinal)] + cookie[cookie.IndexOf(';', StringComparison.Ordinal)..]);
            var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            // The anti-forgery cookie holds only a random token; it is shared with the resident portal's forms under
            // /me (ResidentRegistration), so its path is the root. The session and language cookies stay in /staff.
            Assert.Contains(name == StaffRegistration.CookieName + ".af=" ? "path=/" : "path=/staff", attributes);
            Assert.True(https == attributes.Contains("secure"), $"{name} over {(https ? "HTTPS" : "HTTP")}: {cookie}");
        }
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
