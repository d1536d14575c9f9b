using System;
using System.Collections.Generic;
using SmartBin.Gateway.Crediting;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>Builders for tables, facts and contexts; a fixed simulated "now", never the wall clock.</summary>
internal static class Fixtures
{
    /// <summary>A weekday morning in Shanghai (08:15 local).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 15, 0, TimeSpan.Zero);

    /// <summary>Two bins of one community, about 1.1 km apart.</summary>
    public static readonly GeoPoint BinA = new(23.1291, 113.2644);

    /// <summary>See <see cref="BinA"/>.</summary>
    public static readonly GeoPoint BinB = new(23.1391, 113.2644);

    public static Dictionary<string, int> AllMaterials(int value) => new(StringComparer.Ordinal)
    {
        ["PET"] = value, ["HDPE"] = value, ["PP"] = value, ["LDPE"] = value, ["PS"] = value, ["MIXED"] = value,
    };

    public static PriceVersionOptions PriceVersion(string version, DateTimeOffset from, DateTimeOffset? until, int pointsPerKg) =>
        new() { Version = version, EffectiveFromUtc = from, EffectiveUntilUtc = until, PointsPerKg = AllMaterials(pointsPerKg) };

    public static DropOffFacts Facts(
        int netGrams = 750,
        Material material = Material.Pet,
        DropOffFlags flags = DropOffFlags.None,
        string card = "04A1B2C3",
        DateTimeOffset? endUtc = null)
    {
        var end = endUtc ?? Now;
        return new DropOffFacts("baiyun-0007", material, netGrams, flags, end.AddSeconds(-30), end, card, end.AddSeconds(2));
    }

    public static ResidentContext Registered(
        long gramsToday = 0,
        long pointsToday = 0,
        PreviousDropOff? previous = null) =>
        new("household-17", gramsToday, pointsToday, BinA, previous);

    public static ResidentContext UnknownCard(PreviousDropOff? previous = null) => new(null, 0, 0, BinA, previous);
}
