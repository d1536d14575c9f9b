using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>Who may reach what in the portal: anonymous visitors, residents, staff; anti-forgery on every form.</summary>
public sealed class ResidentAccessTests
{
    private const string Pin = "739151";
    private static readonly string[] AnonymousRoutes = ["/me/culture", "/me/signin"];

    [Fact]
    public async Task Every_portal_page_sends_anonymous_visitors_to_the_sign_in_page()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var routes = rig.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => Route(e) == "/me" || Route(e).StartsWith("/me/", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 9, "expected the portal's pages and API, found " + routes.Count);
        Assert.Equal(AnonymousRoutes, routes.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(Route).Order());
        using var client = rig.NewClient();
        foreach (var path in routes.Select(Route).Where(p => !AnonymousRoutes.Contains(p)).Distinct())
        {
            var policies = routes.First(e => Route(e) == path).Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Count > 0 && policies.All(p => p is ResidentScope.Policy or ResidentScope.PendingPolicy), path + ": " + string.Join(",", policies));
            using var response = await client.GetAsync(path);
            if (path.StartsWith("/me/api", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal("/me/signin", response.Headers.Location!.AbsolutePath);
            }
        }
        // The staff-facing page kept with the portal is behind the staff policy.
        var staffPage = rig.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Single(e => Route(e) == ResidentRegistration.StaffCodePath);
        Assert.Equal([StaffRoles.StaffPolicy], staffPage.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy));
        using var anonymousStaff = await client.GetAsync(ResidentRegistration.StaffCodePath);
        Assert.StartsWith("/staff/login", anonymousStaff.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resident_cookie_never_opens_a_staff_page_and_a_staff_cookie_never_opens_a_portal_page()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var residentJar = new CookieContainer();
        var staffJar = new CookieContainer();
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, ResidentFlow.DemoCard(0), Pin, residentJar);
        using var staff = ResidentFlow.NewClient(rig, staffJar);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffRig.PostLoginAsync(staff, StaffRig.Admin, StaffRig.Password)).StatusCode);
        var residentCookie = CookieValue(residentJar, rig.BaseAddress, "/me", ResidentRegistration.CookieName);
        var staffCookie = CookieValue(staffJar, rig.BaseAddress, "/staff", StaffRegistration.CookieName);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff/bins")).StatusCode);

        using var bare = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = rig.BaseAddress };
        // The resident's cookie under its own name and under the staff cookie's name: the staff side sees nobody.
        foreach (var header in new[] { $"{ResidentRegistration.CookieName}={residentCookie}", $"{StaffRegistration.CookieName}={residentCookie}" })
        {
            foreach (var path in new[] { "/staff/bins", ResidentRegistration.StaffCodePath })
            {
                using var response = await SendAsync(bare, path, header);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/staff/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
            using var api = await SendAsync(bare, "/staff/api/bins", header);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }
        // And the other way round.
        foreach (var header in new[] { $"{StaffRegistration.CookieName}={staffCookie}", $"{ResidentRegistration.CookieName}={staffCookie}" })
        {
            using var response = await SendAsync(bare, "/me", header);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/me/signin", response.Headers.Location!.AbsolutePath);
            using var api = await SendAsync(bare, "/me/api/summary", header);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }
        using var own = await SendAsync(bare, "/me", $"{ResidentRegistration.CookieName}={residentCookie}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode); // the copied cookie itself is fine
    }

    [Fact]
    public async Task Every_portal_form_and_the_code_form_refuse_a_post_without_the_anti_forgery_token()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin);
        using var staff = await rig.SignedInAsync(StaffRig.Admin);
        using var anonymous = rig.NewClient();
        var posts = new (HttpClient Client, string Path, Dictionary<string, string> Form)[]
        {
            (anonymous, "/me/signin", new() { ["card"] = card, ["secret"] = Pin }),
            (anonymous, "/me/culture", new() { ["culture"] = "en" }),
            (resident, "/me/pin", new() { ["pin"] = "482915", ["repeat"] = "482915" }),
            (resident, "/me/signout", new()),
            (resident, "/me/culture", new() { ["culture"] = "en" }),
            (staff, ResidentRegistration.StaffCodePath, new() { ["card"] = card }),
        };
        foreach (var (client, path, form) in posts)
        {
            using var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without token: {response.StatusCode}");
        }
        Assert.Equal(1, rig.Metrics.Value("smartbin_resident_codes_issued_total")); // only the set-up's code
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/me")).StatusCode); // still signed in, PIN unchanged
        using var withOldPin = await ResidentFlow.SignInAsync(rig.NewClient(), card, Pin);
        Assert.Equal("/me", withOldPin.Headers.Location!.OriginalString);
    }

    private static string Route(RouteEndpoint e) => "/" + e.RoutePattern.RawText!.TrimStart('/');

    private static string CookieValue(CookieContainer jar, Uri baseAddress, string path, string name)
    {
        var cookie = jar.GetCookies(new Uri(baseAddress, path))[name];
        Assert.NotNull(cookie);
        return cookie.Value;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string cookieHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        return client.SendAsync(request);
    }
}
