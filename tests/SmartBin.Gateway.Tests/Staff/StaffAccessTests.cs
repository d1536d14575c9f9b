using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Tests.Alerts;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>Who may reach what on the dashboard, over real HTTP against the whole gateway.</summary>
public sealed class StaffAccessTests
{
    // Pages anyone may open: the login form and the language switch (the login page has one).
    private static readonly string[] AnonymousRoutes = ["/staff/login", "/staff/culture"];

    [Fact]
    public async Task Every_staff_page_and_endpoint_refuses_anonymous_callers()
    {
        await using var rig = await StaffRig.StartAsync();
        var endpoints = rig.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => Route(e).StartsWith("/staff", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(endpoints.Count >= 9, "expected the dashboard's pages and API, found " + endpoints.Count);
        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(Route).Order().ToList();
        Assert.Equal(AnonymousRoutes.Order(), anonymous);
        using var client = rig.NewClient();
        foreach (var endpoint in endpoints.Where(e => !AnonymousRoutes.Contains(Route(e))))
        {
            Assert.NotEmpty(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());
            var path = Route(endpoint).Replace("{binId}", "baiyun-0001", StringComparison.Ordinal);
            var api = path.StartsWith(StaffRegistration.ApiPath, StringComparison.Ordinal);
            foreach (var method in api ? [HttpMethod.Get] : new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(method, path));
                if (api)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path}: {response.StatusCode}");
                    Assert.StartsWith("/staff/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
                }
                Assert.DoesNotContain("baiyun", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_staff_member_of_xiahang_sees_no_baiyun_bin_alert_or_history()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Alerts:FillPersistenceS"] = "0" });
        var alert = await OpenFillAlertAsync(rig, "baiyun-0001");
        using var xia = await rig.SignedInAsync(StaffRig.Xiahang);

        var bins = JsonDocument.Parse(await xia.GetStringAsync("/staff/api/bins")).RootElement.GetProperty("bins").EnumerateArray()
            .Select(b => b.GetProperty("binId").GetString()!).ToList();
        Assert.NotEmpty(bins);
        Assert.All(bins, id => Assert.StartsWith("xiahang-", id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await xia.GetAsync("/staff/bins/baiyun-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await xia.GetAsync("/staff/api/bins/baiyun-0001/history?hours=24")).StatusCode);
        var overview = await xia.GetStringAsync("/staff/bins");
        var alertsPage = await xia.GetStringAsync("/staff/alerts");
        Assert.DoesNotContain("baiyun-0001", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("baiyun-0001", alertsPage, StringComparison.Ordinal);

        // A forged form naming the baiyun alert's id is refused and nothing is recorded.
        var token = await StaffRig.TokenAsync(xia, "/staff/alerts");
        using var forged = await xia.PostAsync("/staff/alerts?handler=Resolve", Form(token, alert.Id, "not mine"));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains(rig.Services.GetRequiredService<AlertEngine>().OpenAlerts(), a => a.Id == alert.Id);
        Assert.Empty(rig.Services.GetRequiredService<AlertEngine>().Actions([alert.Id]));

        // Baiyun's own staff see it.
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        Assert.Contains("baiyun-0001", await bai.GetStringAsync("/staff/alerts"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await bai.GetAsync("/staff/bins/baiyun-0001")).StatusCode);
    }

    [Fact]
    public async Task Acknowledge_and_resolve_are_stored_with_who_and_note_and_need_the_anti_forgery_token()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Alerts:FillPersistenceS"] = "0" });
        var alert = await OpenFillAlertAsync(rig, "baiyun-0001");
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        using var noToken = await bai.PostAsync("/staff/alerts?handler=Acknowledge", new FormUrlEncodedContent(new Dictionary<string, string> { ["alertId"] = alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var engine = rig.Services.GetRequiredService<AlertEngine>();
        Assert.Empty(engine.Actions([alert.Id]));

        using var ack = await bai.PostAsync("/staff/alerts?handler=Acknowledge", Form(await StaffRig.TokenAsync(bai, "/staff/alerts"), alert.Id, "on my way"));
        Assert.Equal(HttpStatusCode.Redirect, ack.StatusCode);
        using var noNote = await bai.PostAsync("/staff/alerts?handler=Resolve", Form(await StaffRig.TokenAsync(bai, "/staff/alerts"), alert.Id, "  "));
        Assert.Contains("Write a note", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(engine.OpenAlerts(), a => a.Id == alert.Id);
        using var resolve = await bai.PostAsync("/staff/alerts?handler=Resolve", Form(await StaffRig.TokenAsync(bai, "/staff/alerts"), alert.Id, "emptied"));
        Assert.Equal(HttpStatusCode.Redirect, resolve.StatusCode);

        var actions = engine.Actions([alert.Id]);
        Assert.Equal([AlertActionKinds.Acknowledged, AlertActionKinds.Resolved], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal(StaffRig.Baiyun, a.ByUser));
        Assert.Equal(["on my way", "emptied"], actions.Select(a => a.Note));
        Assert.DoesNotContain(engine.OpenAlerts(), a => a.Id == alert.Id);
        var cleared = engine.History("baiyun-0001", 10).First();
        Assert.Equal(AlertChangeKinds.Cleared, cleared.Change);
        Assert.Equal("resolved by bai: emptied", cleared.Alert.Detail);
    }

    [Fact]
    public async Task Staff_get_403_on_the_admin_page_and_admins_see_it()
    {
        await using var rig = await StaffRig.StartAsync();
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        Assert.Equal(HttpStatusCode.Forbidden, (await bai.GetAsync("/staff/users")).StatusCode);
        using var alice = await rig.SignedInAsync(StaffRig.Admin);
        var users = await alice.GetStringAsync("/staff/users");
        Assert.Contains(StaffRig.Xiahang, users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_is_signed_out_at_its_next_request()
    {
        await using var rig = await StaffRig.StartAsync();
        using var bai = await rig.SignedInAsync(StaffRig.Baiyun);
        Assert.Equal(HttpStatusCode.OK, (await bai.GetAsync("/staff/bins")).StatusCode);
        Assert.True(rig.Store.DisableStaffUser(StaffRig.Baiyun));
        Assert.Equal(HttpStatusCode.Redirect, (await bai.GetAsync("/staff/bins")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bai.GetAsync("/staff/api/bins")).StatusCode);
    }

    // Page routes are stored without the leading slash, mapped endpoints with it.
    private static string Route(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    internal static FormUrlEncodedContent Form(string token, long alertId, string note) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["alertId"] = alertId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["note"] = note,
    });

    /// <summary>Hands full telemetry to the observers as ingest would; the running alert service opens the fill alert.</summary>
    internal static async Task<Alert> OpenFillAlertAsync(StaffRig rig, string binId)
    {
        foreach (var observer in rig.Services.GetServices<IBinObserver>())
        {
            observer.OnTelemetry(binId, Msg.Telemetry(fillPct: 95), DateTimeOffset.UtcNow);
        }
        var engine = rig.Services.GetRequiredService<AlertEngine>();
        Alert? open = null;
        await Poll.UntilAsync(() => (open = engine.OpenAlerts().FirstOrDefault(a => a.BinId == binId && a.Kind == AlertKinds.Fill)) is not null);
        return open!;
    }
}
