using System;
using System.Collections.Generic;
using System.Linq;

namespace SmartBin.Gateway.Crediting;

/// <summary>What the recycled plastic is assumed to have been spared from.</summary>
public enum CarbonBaseline
{
    /// <summary>Savings versus landfilling the same plastic.</summary>
    Landfill = 1,

    /// <summary>Savings versus incinerating it.</summary>
    Incineration = 2,
}

/// <summary>Configuration of one carbon factor version.</summary>
public sealed class CarbonFactorVersionOptions
{
    /// <summary>Version name recorded with every credit, e.g. <c>epa-warm-v16</c>.</summary>
    public string Version { get; set; } = "";

    /// <summary>First instant in force (inclusive).</summary>
    public DateTimeOffset EffectiveFromUtc { get; set; }

    /// <summary>End of validity (exclusive); null for the open-ended last version.</summary>
    public DateTimeOffset? EffectiveUntilUtc { get; set; }

    /// <summary>g CO2e avoided per kg, by protocol material name, versus landfill. A missing material has no factor.</summary>
    public Dictionary<string, int> LandfillGramsCo2ePerKg { get; set; } = new(StringComparer.Ordinal);

    /// <summary>g CO2e avoided per kg, by protocol material name, versus incineration. A missing material has no factor.</summary>
    public Dictionary<string, int> IncinerationGramsCo2ePerKg { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Configuration of the whole carbon factor table.</summary>
public sealed class CarbonFactorTableOptions
{
    /// <summary>Contiguous versions, in any order.</summary>
    public List<CarbonFactorVersionOptions> Versions { get; set; } = [];
}

/// <summary>Carbon avoided by one drop-off.</summary>
/// <param name="GramsCo2e">Whole grams CO2e avoided (floor); 0 when there is no factor.</param>
/// <param name="NoFactor">True when the source has no factor for this material and baseline (never invented).</param>
public readonly record struct CarbonAvoided(long GramsCo2e, bool NoFactor);

/// <summary>One validated carbon factor version.</summary>
/// <param name="Version">Version name.</param>
/// <param name="EffectiveFromUtc">First instant in force (inclusive).</param>
/// <param name="EffectiveUntilUtc">End of validity (exclusive), null if open-ended.</param>
/// <param name="GramsCo2ePerKg">Factors that exist; a missing (baseline, material) pair has no factor.</param>
public sealed record CarbonFactorVersion(
    string Version,
    DateTimeOffset EffectiveFromUtc,
    DateTimeOffset? EffectiveUntilUtc,
    IReadOnlyDictionary<(CarbonBaseline Baseline, Material Material), int> GramsCo2ePerKg) : IEffectiveDated
{
    /// <summary>g CO2e avoided: floor(netGrams × factor / 1000), or 0 flagged <c>no-factor</c> when there is none.</summary>
    public CarbonAvoided AvoidedFor(Material material, CarbonBaseline baseline, long netGrams)
    {
        if (!GramsCo2ePerKg.TryGetValue((baseline, material), out var gramsPerKg))
        {
            return new CarbonAvoided(0, NoFactor: true);
        }
        if (netGrams <= 0)
        {
            return new CarbonAvoided(0, NoFactor: false);
        }
        return new CarbonAvoided(netGrams * gramsPerKg / 1000, NoFactor: false);
    }
}

/// <summary>Versioned, effective-dated g CO2e avoided per kg by material and baseline.</summary>
public sealed class CarbonFactorTable
{
    /// <summary>Largest accepted factor, 100 kg CO2e/kg: far above any plastic, far inside <see cref="long"/>.</summary>
    public const int MaxGramsCo2ePerKg = 100_000;

    private readonly EffectiveTimeline<CarbonFactorVersion> timeline;

    /// <summary>Builds and validates the table; throws <see cref="ArgumentException"/> with the reason.</summary>
    public CarbonFactorTable(CarbonFactorTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        timeline = new EffectiveTimeline<CarbonFactorVersion>(options.Versions.Select(ToVersion), "carbon factor table");
    }

    /// <summary>All versions, oldest first.</summary>
    public IReadOnlyList<CarbonFactorVersion> Versions => timeline.Versions;

    /// <summary>The version in force at a UTC instant, or null before the first version.</summary>
    public CarbonFactorVersion? InForceAt(DateTimeOffset atUtc) => timeline.InForceAt(atUtc);

    private static CarbonFactorVersion ToVersion(CarbonFactorVersionOptions options)
    {
        var factors = new Dictionary<(CarbonBaseline, Material), int>();
        Add(factors, options, CarbonBaseline.Landfill, options.LandfillGramsCo2ePerKg);
        Add(factors, options, CarbonBaseline.Incineration, options.IncinerationGramsCo2ePerKg);
        return new CarbonFactorVersion(options.Version, options.EffectiveFromUtc, options.EffectiveUntilUtc, factors);
    }

    private static void Add(
        Dictionary<(CarbonBaseline, Material), int> factors,
        CarbonFactorVersionOptions options,
        CarbonBaseline baseline,
        Dictionary<string, int> gramsPerKgByName)
    {
        foreach (var (name, gramsPerKg) in gramsPerKgByName)
        {
            if (!MaterialNames.TryParse(name, out var material))
            {
                throw new ArgumentException(
                    $"carbon factor table: version '{options.Version}' ({baseline}) names unknown material '{name}'.");
            }
            // Negative factors exist in LCA (recycling worse than the baseline) but would debit residents; refuse.
            if (gramsPerKg < 0 || gramsPerKg > MaxGramsCo2ePerKg)
            {
                throw new ArgumentException(
                    $"carbon factor table: version '{options.Version}' ({baseline}) {name} = {gramsPerKg} g/kg is outside 0..{MaxGramsCo2ePerKg}.");
            }
            factors[(baseline, material)] = gramsPerKg;
        }
    }
}
