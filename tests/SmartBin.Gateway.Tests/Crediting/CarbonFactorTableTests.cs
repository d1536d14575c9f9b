using System;
using SmartBin.Gateway.Crediting;
using Xunit;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>Default EPA WARM factors for both baselines, materials without a factor, floor rounding, validation.</summary>
public sealed class CarbonFactorTableTests
{
    private static readonly CarbonFactorVersion Defaults =
        new CarbonFactorTable(CreditingDefaults.CarbonFactors()).InForceAt(Fixtures.Now)!;

    [Theory]
    [InlineData(Material.Pet, CarbonBaseline.Landfill, 1000, 1170)]
    [InlineData(Material.Hdpe, CarbonBaseline.Landfill, 1000, 860)]
    [InlineData(Material.Pp, CarbonBaseline.Landfill, 1000, 890)]
    [InlineData(Material.Mixed, CarbonBaseline.Landfill, 1000, 1050)]
    [InlineData(Material.Mixed, CarbonBaseline.Incineration, 1000, 2410)]
    [InlineData(Material.Pet, CarbonBaseline.Landfill, 750, 877)]  // 877.5 floors
    [InlineData(Material.Hdpe, CarbonBaseline.Landfill, 1, 0)]     // 0.86 floors
    public void Default_factors_are_EPA_WARM_v16_floored_to_whole_grams(
        Material material, CarbonBaseline baseline, int netGrams, long expectedGrams)
    {
        var avoided = Defaults.AvoidedFor(material, baseline, netGrams);
        Assert.Equal(new CarbonAvoided(expectedGrams, NoFactor: false), avoided);
        Assert.Equal("epa-warm-v16", Defaults.Version);
    }

    [Theory]
    [InlineData(Material.Ldpe, CarbonBaseline.Landfill)]
    [InlineData(Material.Ps, CarbonBaseline.Landfill)]
    [InlineData(Material.Ldpe, CarbonBaseline.Incineration)]
    [InlineData(Material.Ps, CarbonBaseline.Incineration)]
    [InlineData(Material.Pet, CarbonBaseline.Incineration)]
    public void Materials_without_a_WARM_factor_give_zero_flagged_no_factor(Material material, CarbonBaseline baseline)
    {
        Assert.Equal(new CarbonAvoided(0, NoFactor: true), Defaults.AvoidedFor(material, baseline, 5_000));
    }

    [Fact]
    public void Factor_versions_switch_at_their_effective_instant()
    {
        var switchUtc = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var options = CreditingDefaults.CarbonFactors();
        options.Versions[0].EffectiveUntilUtc = switchUtc;
        options.Versions.Add(new CarbonFactorVersionOptions
        {
            Version = "warm-next",
            EffectiveFromUtc = switchUtc,
            LandfillGramsCo2ePerKg = new(StringComparer.Ordinal) { ["PET"] = 1000 },
        });
        var table = new CarbonFactorTable(options);
        Assert.Equal("epa-warm-v16", table.InForceAt(switchUtc.AddTicks(-1))!.Version);
        var next = table.InForceAt(switchUtc)!;
        Assert.Equal("warm-next", next.Version);
        Assert.Equal(1000, next.AvoidedFor(Material.Pet, CarbonBaseline.Landfill, 1000).GramsCo2e);
    }

    [Fact]
    public void Negative_or_unknown_factors_and_gaps_are_refused()
    {
        var negative = CreditingDefaults.CarbonFactors();
        negative.Versions[0].LandfillGramsCo2ePerKg["PET"] = -5;
        var unknown = CreditingDefaults.CarbonFactors();
        unknown.Versions[0].IncinerationGramsCo2ePerKg["PVC"] = 100;
        var gap = CreditingDefaults.CarbonFactors();
        gap.Versions[0].EffectiveUntilUtc = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        gap.Versions.Add(new CarbonFactorVersionOptions
        {
            Version = "late",
            EffectiveFromUtc = new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.Contains("-5", Assert.Throws<ArgumentException>(() => new CarbonFactorTable(negative)).Message, StringComparison.Ordinal);
        Assert.Contains("PVC", Assert.Throws<ArgumentException>(() => new CarbonFactorTable(unknown)).Message, StringComparison.Ordinal);
        Assert.Contains("gap", Assert.Throws<ArgumentException>(() => new CarbonFactorTable(gap)).Message, StringComparison.Ordinal);
    }
}
