using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Redemption;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>Partner keys: shape, hashing, the CLI verb that issues them, and disabling.</summary>
public sealed class PartnerKeyTests
{
    [Fact]
    public void A_new_key_parses_back_and_only_its_hash_matches()
    {
        var (key, keyId, hash) = PartnerKeys.New();
        Assert.Equal(PartnerKeys.KeyLength, key.Length);
        Assert.True(PartnerKeys.TryParse(key, out var parsedId, out var secret));
        Assert.Equal(keyId, parsedId);
        Assert.True(PartnerKeys.Matches(secret, hash));
        Assert.False(PartnerKeys.Matches(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), hash));
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
        Assert.NotEqual(key, PartnerKeys.New().Key);
        foreach (var bad in new[] { "", key[..^1], "sbx_" + key[4..], key.Replace('_', '.'), key.ToUpperInvariant()[..16] + key[16..] + "x" })
        {
            Assert.False(PartnerKeys.TryParse(bad, out _, out _), bad);
        }
    }

    [Fact]
    public async Task The_partner_verb_prints_a_working_key_once_and_disable_stops_it()
    {
        await using var rig = await StartAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = PartnerCommand.Run(["add", "--id", "tea-house", "--kind", "shop", "--name", "Tea House", "--community", "baiyun"], _ => rig.Services, stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        var key = stdout.ToString().Trim();
        Assert.True(PartnerKeys.TryParse(key, out var keyId, out _));
        Assert.Equal(0, rig.Scalar($"SELECT COUNT(*) FROM partners WHERE key_hash LIKE '%{key[^10..]}%'"));
        Assert.Equal(1, rig.Scalar($"SELECT COUNT(*) FROM partners WHERE key_id = '{keyId}' AND community_id = 'baiyun'"));
        rig.Keys["tea-house"] = key;
        Assert.Equal(HttpStatusCode.OK, (await rig.GetAsync("tea-house", $"/api/partner/v1/residents/by-card/{BaiyunCard}")).Status);

        Assert.Equal(1, PartnerCommand.Run(["add", "--id", "tea-house", "--kind", "shop", "--name", "Again"], _ => rig.Services, new StringWriter(), new StringWriter()));
        Assert.Equal(2, PartnerCommand.Run(["add", "--id", "x1", "--name", "No kind"], _ => rig.Services, new StringWriter(), new StringWriter()));
        Assert.Equal(1, PartnerCommand.Run(["add", "--id", "x2", "--kind", "bank", "--name", "Bank"], _ => rig.Services, new StringWriter(), new StringWriter()));
        Assert.Equal(1, PartnerCommand.Run(["add", "--id", "x3", "--kind", "mall", "--name", "M", "--community", "atlantis"], _ => rig.Services, new StringWriter(), new StringWriter()));

        Assert.Equal(0, PartnerCommand.Run(["disable", "--id", "tea-house"], _ => rig.Services, new StringWriter(), new StringWriter()));
        var refused = await rig.GetAsync("tea-house", $"/api/partner/v1/residents/by-card/{BaiyunCard}");
        Assert.Equal((HttpStatusCode.Unauthorized, "partner-disabled"), (refused.Status, refused.Code));
        Assert.NotNull(rig.Services.GetRequiredService<PartnerDirectory>().Find("tea-house")?.DisabledUtc);
    }
}
