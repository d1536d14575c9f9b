using System;
using System.Linq;
using System.Text.RegularExpressions;
using SmartBin.Gateway.Admin;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

public sealed partial class ApiKeysTests
{
    [Fact]
    public void A_new_key_has_the_contract_shape_parses_back_and_only_its_secret_matches_the_hash()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => ApiKeys.Create()).ToList();
        foreach (var key in keys)
        {
            Assert.Matches(KeyShape(), key.Text);
            Assert.True(ApiKeys.TryParse(key.Text, out var id, out var secret));
            Assert.Equal(key.KeyId, id);
            Assert.True(ApiKeys.Matches(secret, key.SecretHash));
            Assert.False(ApiKeys.Matches(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), key.SecretHash));
            Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        }
        Assert.Equal(keys.Count, keys.Select(k => k.KeyId).Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sbk_")]
    [InlineData("Bearer sbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sbk_0123456789AB_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // upper-case id
    [InlineData("sbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // secret one short
    [InlineData("sbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // padding
    [InlineData("sbk_0123456789ab-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("xbk_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_keys_do_not_parse(string text)
    {
        Assert.False(ApiKeys.TryParse(text, out _, out _));
    }

    [GeneratedRegex("^sbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")]
    private static partial Regex KeyShape();
}
