using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Storage.Internal;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>Resident sign-in over real HTTP against the whole gateway: codes, PINs, lockout, no enumeration.</summary>
public sealed class ResidentSignInTests
{
    private const string Failed = "smartbin_resident_signin_failed_total";
    private const string Invalid = "The card number, PIN or code is not right (a code works only once and for 24 hours).";
    private const string Pin = "739151";

    [Fact]
    public async Task A_code_signs_in_once_then_a_PIN_must_be_chosen_and_weak_PINs_are_refused()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        using var staff = await rig.SignedInAsync(StaffRig.Baiyun);
        var code = ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card));

        using var resident = rig.NewClient();
        // As printed: lower case, in pairs with spaces and colons.
        var typed = string.Join(':', Enumerable.Range(0, card.Length / 2).Select(i => card.Substring(i * 2, 2))).ToLowerInvariant().Replace(":", " : ", StringComparison.Ordinal);
        using var signIn = await ResidentFlow.SignInAsync(resident, typed, code);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/me/pin", signIn.Headers.Location!.OriginalString);
        using (var overview = await resident.GetAsync("/me"))
        {
            Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode); // no PIN yet: every page leads to the PIN page
            Assert.StartsWith("/me/pin", overview.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/me/api/summary")).StatusCode);

        foreach (var weak in new[] { "000000", "123456", "654321", "121212", "123123", "12345" })
        {
            using var refused = await ResidentFlow.ChoosePinAsync(resident, weak);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.NotNull(ResidentFlow.ErrorOf(await refused.Content.ReadAsStringAsync(), "pin-error"));
        }
        using (var mismatch = await ResidentFlow.ChoosePinAsync(resident, Pin, "739152"))
        {
            Assert.Equal("The two PINs differ.", ResidentFlow.ErrorOf(await mismatch.Content.ReadAsStringAsync(), "pin-error"));
        }
        using var chosen = await ResidentFlow.ChoosePinAsync(resident, Pin);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var page = await resident.GetStringAsync("/me");
        Assert.Contains("data-points=\"0\"", page, StringComparison.Ordinal);
        Assert.Contains("****" + card[^4..], page, StringComparison.Ordinal);

        // The code worked once.
        using var again = rig.NewClient();
        using var reused = await ResidentFlow.SignInAsync(again, card, code);
        Assert.Equal(Invalid, ResidentFlow.ErrorOf(await reused.Content.ReadAsStringAsync(), "signin-error"));
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "wrong-code")));
        // The PIN works, and only for that card.
        using var byPin = await ResidentFlow.SignInAsync(again, card, Pin);
        Assert.Equal("/me", byPin.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/me/dropoffs")).StatusCode);
    }

    [Fact]
    public async Task An_expired_code_and_a_replaced_code_are_refused_like_a_wrong_one()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        using var staff = await rig.SignedInAsync(StaffRig.Admin);
        var first = ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card));
        var second = ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card));
        rig.Store.WriteTransaction(w => Sql.Execute(w.Connection, w.Transaction,
            "UPDATE resident_codes SET expires_utc = $past WHERE ended_utc IS NULL", ("$past", Sql.Utc(DateTimeOffset.UtcNow.AddMinutes(-1)))));

        using var resident = rig.NewClient();
        foreach (var code in new[] { first, second })
        {
            using var refused = await ResidentFlow.SignInAsync(resident, card, code);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(Invalid, ResidentFlow.ErrorOf(await refused.Content.ReadAsStringAsync(), "signin-error"));
        }
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "expired-code")));
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "wrong-code"))); // the first was replaced by the second
        Assert.Equal(HttpStatusCode.Redirect, (await resident.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task After_N_wrong_PINs_the_card_is_locked_and_the_right_PIN_is_refused_until_the_time_shown()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings(failuresPerCard: 3));
        var card = ResidentFlow.DemoCard(0);
        (await ResidentFlow.ResidentWithPinAsync(rig, card, Pin)).Dispose();
        using var client = rig.NewClient();
        for (var i = 1; i <= 2; i++)
        {
            using var wrong = await ResidentFlow.SignInAsync(client, card, "90817" + i);
            Assert.Equal(Invalid, ResidentFlow.ErrorOf(await wrong.Content.ReadAsStringAsync(), "signin-error"));
        }
        using var third = await ResidentFlow.SignInAsync(client, card, "908173");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        using var right = await ResidentFlow.SignInAsync(client, card, Pin);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(int.Parse(right.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 14 * 60);
        var message = ResidentFlow.ErrorOf(await right.Content.ReadAsStringAsync(), "signin-error");
        Assert.StartsWith("Too many wrong attempts for this card. Try again after ", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/me")).StatusCode);
        Assert.Equal(3, rig.Metrics.Value(Failed, ("reason", "wrong-pin")));
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "locked")));
        // Another card is not affected.
        using var other = await ResidentFlow.SignInAsync(client, ResidentFlow.DemoCard(0, 1), Pin);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task An_unknown_card_a_card_without_PIN_and_a_wrong_PIN_read_exactly_the_same()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        (await ResidentFlow.ResidentWithPinAsync(rig, card, Pin)).Dispose();
        using var client = rig.NewClient();
        var pages = new[] { ("EE000001", Pin), (ResidentFlow.DemoCard(0, 1), Pin), (card, "908172"), ("not a card!", Pin) };
        foreach (var (number, secret) in pages)
        {
            using var refused = await ResidentFlow.SignInAsync(client, number, secret);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(Invalid, ResidentFlow.ErrorOf(await refused.Content.ReadAsStringAsync(), "signin-error"));
        }
        Assert.Equal(2, rig.Metrics.Value(Failed, ("reason", "unknown-card")));
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "no-pin")));
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "wrong-pin")));
    }

    [Fact]
    public async Task Staff_of_one_community_cannot_issue_a_code_for_another_communitys_card()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        using var xia = await rig.SignedInAsync(StaffRig.Xiahang);
        var html = await ResidentFlow.IssueAsync(xia, ResidentFlow.DemoCard(0)); // a baiyun card
        Assert.Equal("No active card with that number in your communities.", ResidentFlow.ErrorOf(html, "code-error"));
        Assert.DoesNotContain("issued-code", html, StringComparison.Ordinal);
        Assert.Equal(0, rig.Metrics.Value("smartbin_resident_codes_issued_total"));
        Assert.Contains("id=\"issued-code\"", await ResidentFlow.IssueAsync(xia, ResidentFlow.DemoCard(1)), StringComparison.Ordinal);
    }
}
