using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>
/// A card deactivated through the admin API (lost, stolen, cloned) ends its portal sessions at their next request,
/// signs in no more, and, registered again, opens nothing with what was issued before: not the old cookie, PIN or code.
/// </summary>
public sealed class ResidentDeactivatedCardTests
{
    private const string Pin = "739151";
    private const string Invalid = "The card number, PIN or code is not right (a code works only once and for 24 hours).";

    [Fact]
    public async Task A_deactivated_cards_session_is_signed_out_at_its_next_request_and_nothing_from_before_works_after_it_is_registered_again()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        var household = ResidentFlow.DemoHousehold(0);
        var cookies = new CookieContainer();
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin, cookies);
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/me")).StatusCode);
        var oldCookie = cookies.GetCookieHeader(new Uri(rig.BaseAddress, "/me"));
        Assert.Contains(ResidentRegistration.CookieName + "=", oldCookie, StringComparison.Ordinal);
        using var staff = await rig.SignedInAsync(StaffRig.Admin);
        var unusedCode = ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card)); // issued, never used
        using var desk = DeskClient(rig);

        using (var deactivated = await desk.PostAsync($"{AdminEndpoints.BasePath}/cards/{card}/deactivate", Json("{\"reason\":\"lost\"}")))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }
        using (var next = await resident.GetAsync("/me"))
        {
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
            Assert.Equal("/me/signin", next.Headers.Location!.AbsolutePath);
        }
        using (var api = await Replay(rig, oldCookie, "/me/api/summary"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }
        await AssertRefusedAsync(rig, card, Pin);
        var noCode = await ResidentFlow.IssueAsync(staff, card); // no codes for an inactive card
        Assert.NotNull(ResidentFlow.ErrorOf(noCode, "code-error"));
        Assert.DoesNotContain("id=\"issued-code\"", noCode, StringComparison.Ordinal);

        // Found again and registered to the same household: the old cookie, PIN and code stay dead.
        using (var registered = await desk.PostAsync($"{AdminEndpoints.BasePath}/cards", Json($"{{\"cardUid\":\"{card}\",\"householdId\":\"{household}\"}}")))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        using (var replayed = await Replay(rig, oldCookie, "/me"))
        {
            Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
            Assert.Equal("/me/signin", replayed.Headers.Location!.AbsolutePath);
        }
        await AssertRefusedAsync(rig, card, Pin);
        await AssertRefusedAsync(rig, card, unusedCode);
        Assert.Null(ResidentRows.FindCard(rig.Store, card)!.PinHash);

        // A new code from the desk starts the card over, as for a new card.
        var code = ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card));
        using var fresh = rig.NewClient();
        using var signIn = await ResidentFlow.SignInAsync(fresh, card, code);
        Assert.Equal("/me/pin", signIn.Headers.Location?.OriginalString);
        using var chosen = await ResidentFlow.ChoosePinAsync(fresh, Pin);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/me")).StatusCode);
    }

    private static async Task AssertRefusedAsync(StaffRig rig, string card, string secret)
    {
        using var client = rig.NewClient();
        using var refused = await ResidentFlow.SignInAsync(client, card, secret);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(Invalid, ResidentFlow.ErrorOf(await refused.Content.ReadAsStringAsync(), "signin-error"));
    }

    private static async Task<HttpResponseMessage> Replay(StaffRig rig, string cookieHeader, string path)
    {
        using var bare = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = rig.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookieHeader);
        return await bare.SendAsync(request);
    }

    // A service-desk operator of the admin API (role staff), as the CLI calls it.
    private static HttpClient DeskClient(StaffRig rig)
    {
        var key = ApiKeys.Create();
        Assert.True(rig.Store.AddOperator(new OperatorRecord("desk1", AdminRoles.Staff, key.KeyId, key.SecretHash, DateTimeOffset.UtcNow, null)));
        var client = new HttpClient { BaseAddress = rig.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Text);
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
