using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>The resident cookie's PIN generation: its round trip, and cookies issued before it existed.</summary>
public sealed class ResidentSessionTests
{
    [Fact]
    public void A_scope_survives_the_round_trip_through_its_claims_and_a_principal_without_a_generation_is_no_scope()
    {
        var scope = new ResidentScope("0B000000", "baiyun-h0001", PinSet: true, PinGeneration: 7);
        Assert.Equal(scope, ResidentScope.Of(scope.Principal()));
        var pending = scope with { PinSet = false, PinGeneration = 0 };
        Assert.Equal(pending, ResidentScope.Of(pending.Principal()));

        Assert.Null(ResidentScope.Of(Principal(Claims("0B000000", "baiyun-h0001", generation: null))));
        Assert.Null(ResidentScope.Of(Principal(Claims("0B000000", "baiyun-h0001", generation: "-1"))));
        Assert.Null(ResidentScope.Of(Principal(Claims("0B000000", "baiyun-h0001", generation: "seven"))));
    }

    [Fact]
    public async Task A_cookie_from_before_the_generation_claim_is_signed_out_and_one_of_an_older_generation_too()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        var household = ResidentFlow.DemoHousehold(0);
        (await ResidentFlow.ResidentWithPinAsync(rig, card, "739151")).Dispose(); // generation 1
        var format = rig.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ResidentScope.Scheme).TicketDataFormat;
        using var bare = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = rig.BaseAddress };

        // The control: a cookie made the same way with the card's generation opens the portal.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bare, format, Claims(card, household, "1"))).StatusCode);
        foreach (var generation in new[] { null, "0" })
        {
            using var response = await GetAsync(bare, format, Claims(card, household, generation));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/me/signin", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_session_that_another_change_ended_while_it_asked_cannot_set_the_PIN()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        (await ResidentFlow.ResidentWithPinAsync(rig, card, "739151")).Dispose(); // generation 1
        var signIn = rig.Services.GetRequiredService<ResidentSignIn>();
        var before = ResidentRows.FindCard(rig.Store, card)!;
        Assert.Equal(1, before.PinGeneration);

        // Both passed the cookie check under generation 1; the first change moves the card to 2.
        var first = new ResidentScope(card, ResidentFlow.DemoHousehold(0), PinSet: true, PinGeneration: 1);
        var saved = signIn.ChoosePin(first, "127.0.0.1", "739151", "482915");
        Assert.Equal(PinChangeStatus.Saved, saved.Status);
        Assert.Equal(first with { PinGeneration = 2 }, saved.Scope);
        var late = signIn.ChoosePin(first, "127.0.0.1", "739151", "615283"); // still knows the old PIN: not enough
        Assert.Equal(PinChangeStatus.WrongCurrentPin, late.Status);
        var stale = signIn.ChoosePin(first, "127.0.0.1", "482915", "615283"); // right PIN, ended session
        Assert.Equal(PinChangeStatus.SessionEnded, stale.Status);
        var after = ResidentRows.FindCard(rig.Store, card)!;
        Assert.Equal(2, after.PinGeneration);
        Assert.True(StaffPasswords.Verify("482915", after.PinHash!));
        Assert.False(signIn.StillValid(first));
        Assert.True(signIn.StillValid(saved.Scope!));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, ISecureDataFormat<AuthenticationTicket> format, List<Claim> claims)
    {
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(Principal(claims),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddMinutes(10) }, ResidentScope.Scheme);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", ResidentRegistration.CookieName + "=" + format.Protect(ticket));
        return await client.SendAsync(request);
    }

    // The claims a cookie carries; without a generation, as the portal issued them before PIN changes ended sessions.
    private static List<Claim> Claims(string card, string household, string? generation)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, card), new(ResidentScope.CardClaim, card), new(ResidentScope.HouseholdClaim, household),
            new(ResidentScope.PinClaim, ResidentScope.PinSetValue),
        };
        if (generation is not null)
        {
            claims.Add(new Claim(ResidentScope.PinGenerationClaim, generation));
        }
        return claims;
    }

    private static ClaimsPrincipal Principal(List<Claim> claims) => new(new ClaimsIdentity(claims, ResidentScope.Scheme));
}
