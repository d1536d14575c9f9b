using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using SmartBin.Gateway.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>The login form: right and wrong passwords, disabled accounts, rate limits per username and per address.</summary>
public sealed class StaffLoginTests
{
    private const string Metric = "smartbin_staff_logins_total";

    [Fact]
    public async Task Right_password_signs_in_and_wrong_or_unknown_ones_read_the_same()
    {
        await using var rig = await StaffRig.StartAsync();
        using var client = rig.NewClient();
        using var wrong = await StaffRig.PostLoginAsync(client, StaffRig.Baiyun, "not-the-password");
        using var unknown = await StaffRig.PostLoginAsync(client, "nobody", StaffRig.Password);
        using var disabled = await StaffRig.PostLoginAsync(client, StaffRig.Disabled, StaffRig.Password);
        foreach (var refused in new[] { wrong, unknown, disabled })
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Wrong username or password.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/staff/api/bins")).StatusCode);
        using var right = await StaffRig.PostLoginAsync(client, " BAI ", StaffRig.Password); // names compare trimmed, lower case
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/staff/bins", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/api/bins")).StatusCode);
        Assert.Equal(2, rig.Metrics.Value(Metric, ("result", "invalid")));
        Assert.Equal(1, rig.Metrics.Value(Metric, ("result", "disabled")));
        Assert.Equal(1, rig.Metrics.Value(Metric, ("result", "ok")));
    }

    [Fact]
    public async Task After_the_username_limit_even_the_right_password_gets_429_with_retry_after()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?>
        {
            ["SmartBin:Staff:LoginFailuresPerUser"] = "3",
            ["SmartBin:Staff:LoginWindowS"] = "600",
        });
        using var client = rig.NewClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await StaffRig.PostLoginAsync(client, StaffRig.Baiyun, "guess-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var limited = await StaffRig.PostLoginAsync(client, StaffRig.Baiyun, StaffRig.Password);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        var retryAfterS = limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfterS, 1, 600);
        Assert.Contains("Too many failed attempts. Try again in 10 minutes.", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, rig.Metrics.Value(Metric, ("result", "rate-limited")));
        // Another name from the same address is not limited by bai's failures.
        using var other = await StaffRig.PostLoginAsync(client, StaffRig.Xiahang, StaffRig.Password);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task After_the_address_limit_every_name_from_that_address_gets_429()
    {
        await using var rig = await StaffRig.StartAsync(new Dictionary<string, string?> { ["SmartBin:Staff:LoginFailuresPerAddress"] = "4" });
        using var client = rig.NewClient();
        foreach (var name in new[] { "a1", "a2", "a3", "a4" })
        {
            using var wrong = await StaffRig.PostLoginAsync(client, name, "whatever-it-is");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        using var limited = await StaffRig.PostLoginAsync(client, StaffRig.Admin, StaffRig.Password);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_needs_the_token()
    {
        await using var rig = await StaffRig.StartAsync();
        using var client = await rig.SignedInAsync(StaffRig.Admin);
        using var forged = await client.PostAsync("/staff/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/bins")).StatusCode);
        var token = await StaffRig.TokenAsync(client, "/staff/bins");
        using var signOut = await client.PostAsync("/staff/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/staff/bins")).StatusCode);
    }
}
