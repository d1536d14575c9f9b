using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>
/// Changing a PIN over real HTTP against the whole gateway: the current PIN is asked for and goes through the sign-in
/// limits; a change ends the card's other sessions; the first PIN after a one-time code needs no current PIN.
/// </summary>
public sealed class ResidentPinChangeTests
{
    private const string Failed = "smartbin_resident_signin_failed_total";
    private const string Pin = "739151";
    private const string NewPin = "482915";
    private const string WrongCurrent = "The current PIN is not right. Your PIN has not been changed.";
    private const string WrongCurrentZh = "当前密码不正确，密码没有修改。";

    [Fact]
    public async Task A_wrong_current_PIN_is_refused_in_both_languages_counted_and_changes_nothing()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin);
        Assert.Contains("id=\"pin-current\"", await resident.GetStringAsync("/me/pin"), StringComparison.Ordinal);

        using (var refused = await ResidentFlow.ChangePinAsync(resident, "908172", NewPin))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Equal(WrongCurrent, ResidentFlow.ErrorOf(await refused.Content.ReadAsStringAsync(), "pin-error"));
        }
        using (var refusedZh = await ResidentFlow.ChangePinAsync(resident, "", NewPin, "zh-CN"))
        {
            Assert.Equal(HttpStatusCode.OK, refusedZh.StatusCode);
            Assert.Equal(WrongCurrentZh, ResidentFlow.ErrorOf(await refusedZh.Content.ReadAsStringAsync(), "pin-error"));
        }
        Assert.Equal(2, rig.Metrics.Value(Failed, ("reason", "wrong-current-pin")));
        Assert.Equal(1, rig.Metrics.Value("smartbin_resident_pins_set_total")); // only the set-up's first PIN

        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/me")).StatusCode); // still signed in
        using var other = rig.NewClient();
        using (var withNew = await ResidentFlow.SignInAsync(other, card, NewPin))
        {
            Assert.Equal(HttpStatusCode.OK, withNew.StatusCode); // the form again: refused
            Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "wrong-pin")));
        }
        using var withOld = await ResidentFlow.SignInAsync(other, card, Pin);
        Assert.Equal("/me", withOld.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Wrong_current_PINs_lock_the_card_for_sign_in_and_change_alike_and_a_locked_card_cannot_change_its_PIN()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings(failuresPerCard: 3));
        var card = ResidentFlow.DemoCard(0);
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin);
        var before = ResidentRows.FindCard(rig.Store, card)!;
        for (var i = 1; i <= 2; i++)
        {
            using var wrong = await ResidentFlow.ChangePinAsync(resident, "90817" + i, NewPin);
            Assert.Equal(WrongCurrent, ResidentFlow.ErrorOf(await wrong.Content.ReadAsStringAsync(), "pin-error"));
        }
        using (var third = await ResidentFlow.ChangePinAsync(resident, "908173", NewPin))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            var message = ResidentFlow.ErrorOf(await third.Content.ReadAsStringAsync(), "pin-error");
            Assert.StartsWith("Too many wrong attempts for this card. Try again after ", message, StringComparison.Ordinal);
        }
        using (var right = await ResidentFlow.ChangePinAsync(resident, Pin, NewPin))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode); // the right current PIN is refused while locked
            Assert.True(int.Parse(right.Headers.RetryAfter!.ToString(), CultureInfo.InvariantCulture) > 14 * 60);
        }
        // The lock is the sign-in's own: the right PIN cannot sign in either.
        using (var signIn = await ResidentFlow.SignInAsync(rig.NewClient(), card, Pin))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        }
        Assert.Equal(before, ResidentRows.FindCard(rig.Store, card)); // same hash, same generation
        Assert.Equal(3, rig.Metrics.Value(Failed, ("reason", "wrong-current-pin")));
        Assert.Equal(2, rig.Metrics.Value(Failed, ("reason", "locked")));
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_current_PINs_count_against_the_addresss_sign_in_limit()
    {
        var settings = ResidentFlow.Settings(failuresPerCard: 50);
        settings["SmartBin:Residents:FailuresPerAddress"] = "2";
        await using var rig = await StaffRig.StartAsync(settings);
        var card = ResidentFlow.DemoCard(0);
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin);
        for (var i = 1; i <= 2; i++)
        {
            using var wrong = await ResidentFlow.ChangePinAsync(resident, "90817" + i, NewPin);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using (var limited = await ResidentFlow.ChangePinAsync(resident, Pin, NewPin))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            var message = ResidentFlow.ErrorOf(await limited.Content.ReadAsStringAsync(), "pin-error");
            Assert.StartsWith("Too many failed attempts from this device.", message, StringComparison.Ordinal);
        }
        // Another card's sign-in from the same address is limited too.
        using var signIn = await ResidentFlow.SignInAsync(rig.NewClient(), ResidentFlow.DemoCard(0, 1), Pin);
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.Equal(2, rig.Metrics.Value(Failed, ("reason", "rate-limited")));
    }

    [Fact]
    public async Task The_right_current_PIN_changes_it_the_new_PIN_signs_in_and_the_old_one_does_not()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        using var resident = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin);
        Assert.Contains("id=\"pin-current\"", await resident.GetStringAsync("/me/pin"), StringComparison.Ordinal);
        using (var changed = await ResidentFlow.ChangePinAsync(resident, Pin, NewPin))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal("/me?pin=set", changed.Headers.Location?.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, (await resident.GetAsync("/me")).StatusCode);
        using var other = rig.NewClient();
        using (var withOld = await ResidentFlow.SignInAsync(other, card, Pin))
        {
            Assert.Equal(HttpStatusCode.OK, withOld.StatusCode); // the form again: refused
        }
        using var withNew = await ResidentFlow.SignInAsync(other, card, NewPin);
        Assert.Equal("/me", withNew.Headers.Location?.OriginalString);
        Assert.Equal(1, rig.Metrics.Value(Failed, ("reason", "wrong-pin")));
    }

    [Fact]
    public async Task A_change_signs_out_the_cards_other_sessions_and_keeps_the_changer_signed_in()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        using var changer = await ResidentFlow.ResidentWithPinAsync(rig, card, Pin);
        using var intruder = rig.NewClient();
        using (var signIn = await ResidentFlow.SignInAsync(intruder, card, Pin))
        {
            Assert.Equal("/me", signIn.Headers.Location?.OriginalString);
        }
        using var pending = rig.NewClient(); // a one-time code session on a third device, no PIN chosen there
        using (var staff = await rig.SignedInAsync(StaffRig.Admin))
        using (var signIn = await ResidentFlow.SignInAsync(pending, card, ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card))))
        {
            Assert.Equal("/me/pin", signIn.Headers.Location?.OriginalString);
        }
        using var otherCard = await ResidentFlow.ResidentWithPinAsync(rig, ResidentFlow.DemoCard(0, 1), Pin);
        Assert.Equal(HttpStatusCode.OK, (await intruder.GetAsync("/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pending.GetAsync("/me/pin")).StatusCode);

        using (var changed = await ResidentFlow.ChangePinAsync(changer, Pin, NewPin))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        await AssertSignedOutAsync(intruder, "/me");
        Assert.Equal(HttpStatusCode.Unauthorized, (await intruder.GetAsync("/me/api/summary")).StatusCode);
        await AssertSignedOutAsync(pending, "/me/pin");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await changer.GetAsync("/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await changer.GetAsync("/me/api/summary")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await otherCard.GetAsync("/me")).StatusCode); // another card's session is untouched
    }

    [Fact]
    public async Task The_first_PIN_after_a_one_time_code_needs_no_current_PIN_and_ends_the_cards_other_sessions()
    {
        await using var rig = await StaffRig.StartAsync(ResidentFlow.Settings());
        var card = ResidentFlow.DemoCard(0);
        (await ResidentFlow.ResidentWithPinAsync(rig, card, Pin)).Dispose();
        using var intruder = rig.NewClient();
        using (var signIn = await ResidentFlow.SignInAsync(intruder, card, Pin))
        {
            Assert.Equal("/me", signIn.Headers.Location?.OriginalString);
        }
        // The owner forgot the PIN: a code from staff, then a new PIN with nothing else typed.
        using var owner = rig.NewClient();
        using (var staff = await rig.SignedInAsync(StaffRig.Admin))
        using (var signIn = await ResidentFlow.SignInAsync(owner, card, ResidentFlow.CodeOf(await ResidentFlow.IssueAsync(staff, card))))
        {
            Assert.Equal("/me/pin", signIn.Headers.Location?.OriginalString);
        }
        Assert.DoesNotContain("id=\"pin-current\"", await owner.GetStringAsync("/me/pin"), StringComparison.Ordinal);
        using (var chosen = await ResidentFlow.ChoosePinAsync(owner, NewPin))
        {
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
            Assert.Equal("/me?pin=set", chosen.Headers.Location?.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/me")).StatusCode);
        await AssertSignedOutAsync(intruder, "/me");
        Assert.Equal(0, rig.Metrics.Value(Failed, ("reason", "wrong-current-pin")));
        using var withNew = await ResidentFlow.SignInAsync(rig.NewClient(), card, NewPin);
        Assert.Equal("/me", withNew.Headers.Location?.OriginalString);
    }

    private static async Task AssertSignedOutAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/me/signin", response.Headers.Location!.AbsolutePath);
    }
}
