using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Residents;

/// <summary>Steps of the resident portal over HTTP, as a browser does them (forms with their anti-forgery tokens).</summary>
internal static partial class ResidentFlow
{
    /// <summary>The gateway settings the portal tests run with: cheap hashing, short lock for the lockout test.</summary>
    public static Dictionary<string, string?> Settings(int failuresPerCard = 5) => new()
    {
        ["SmartBin:Residents:PinIterations"] = StaffPasswords.IterationsMin.ToString(CultureInfo.InvariantCulture),
        ["SmartBin:Residents:FailuresPerCard"] = failuresPerCard.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Card k of the demo household k of bin i (baiyun-0001 is bin 0, xiahang-0001 bin 1).</summary>
    public static string DemoCard(int bin, int k = 0) => StorageSeeds.DemoFleet(4, 1)[bin].CardUids[k];

    /// <summary>Household of <see cref="DemoCard"/>.</summary>
    public static string DemoHousehold(int bin, int k = 0) => StorageSeeds.DemoFleet(4, 1)[bin].HouseholdId(k);

    /// <summary>Staff member <paramref name="staff"/> issues a code for <paramref name="card"/>; returns the page's HTML.</summary>
    public static async Task<string> IssueAsync(HttpClient staff, string card)
    {
        var token = await StaffRig.TokenAsync(staff, "/staff/resident-code");
        using var response = await staff.PostAsync("/staff/resident-code", Form(token, ("card", card)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The code on an issuing page.</summary>
    public static string CodeOf(string html)
    {
        var match = CodePattern().Match(html);
        Assert.True(match.Success, "no code issued: " + ErrorOf(html, "code-error"));
        return match.Groups[1].Value;
    }

    /// <summary>Posts the sign-in form.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string card, string secret)
    {
        var token = await StaffRig.TokenAsync(client, "/me/signin");
        return await client.PostAsync("/me/signin", Form(token, ("card", card), ("secret", secret)));
    }

    /// <summary>Posts the choose-a-PIN form.</summary>
    public static async Task<HttpResponseMessage> ChoosePinAsync(HttpClient client, string pin, string? repeat = null)
    {
        var token = await StaffRig.TokenAsync(client, "/me/pin");
        return await client.PostAsync("/me/pin", Form(token, ("pin", pin), ("repeat", repeat ?? pin)));
    }

    /// <summary>Posts the change-PIN form of a full session (current PIN, new PIN twice), in <paramref name="acceptLanguage"/> when given.</summary>
    public static async Task<HttpResponseMessage> ChangePinAsync(HttpClient client, string current, string pin, string? acceptLanguage = null)
    {
        var token = await StaffRig.TokenAsync(client, "/me/pin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/me/pin") { Content = Form(token, ("current", current), ("pin", pin), ("repeat", pin)) };
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage); // the request's header wins over the client's default
        }
        return await client.SendAsync(request);
    }

    /// <summary>A resident client signed in with a fresh code and <paramref name="pin"/> chosen.</summary>
    public static async Task<HttpClient> ResidentWithPinAsync(StaffRig rig, string card, string pin, CookieContainer? cookies = null)
    {
        using var staff = await rig.SignedInAsync(StaffRig.Admin);
        var code = CodeOf(await IssueAsync(staff, card));
        var client = cookies is null ? rig.NewClient() : NewClient(rig, cookies);
        using var signIn = await SignInAsync(client, card, code);
        Assert.Equal("/me/pin", signIn.Headers.Location?.OriginalString);
        using var chosen = await ChoosePinAsync(client, pin);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return client;
    }

    /// <summary>A client (English, no redirects followed) whose cookies the test can read.</summary>
    public static HttpClient NewClient(StaffRig rig, CookieContainer cookies)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = rig.BaseAddress };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    /// <summary>The text of the element with id <paramref name="id"/> (a p or span), or null.</summary>
    public static string? ErrorOf(string html, string id)
    {
        var match = Regex.Match(html, "id=\"" + id + "\"[^>]*>([^<]*)<");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields)
    {
        var values = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        return new FormUrlEncodedContent(values);
    }

    [GeneratedRegex("id=\"issued-code\"[^>]*>([0-9]{8})<")]
    private static partial Regex CodePattern();
}
