using System;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>Registry writes: what the store accepts as a bin.</summary>
public sealed class RegistryTests : IDisposable
{
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    private static BinRegistration Bin(string binId) => new(binId, "baiyun", "PET", "gate", null, null, 30_000, 80);

    [Theory]
    [InlineData("Baiyun_7")]
    [InlineData("baiyun.7")]
    [InlineData("baiyun/7")]
    [InlineData("bai+7")]
    [InlineData("bai#7")]
    [InlineData("bai yun")]
    [InlineData("ab")]
    [InlineData("a23456789012345678901234567890123")]
    [InlineData("BAIYUN-0007")]
    public void Bin_ids_the_protocol_cannot_carry_are_refused_invalid_id(string binId)
    {
        var result = f.Store.RegisterBin(Bin(binId));

        Assert.Equal(StoreResult.Fail("invalid-id"), result);
        Assert.Equal(0, f.Scalar($"SELECT COUNT(*) FROM bins WHERE id = '{binId.Replace("'", "''", StringComparison.Ordinal)}'"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("baiyun-0099")]
    [InlineData("a2345678901234567890123456789012")]
    public void Bin_ids_the_protocol_carries_are_registered(string binId)
    {
        Assert.Equal(StoreResult.Done, f.Store.RegisterBin(Bin(binId)));
        Assert.Equal(1, f.Scalar($"SELECT COUNT(*) FROM bins WHERE id = '{binId}'"));
    }
}
