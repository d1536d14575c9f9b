using System;
using System.Collections.Generic;
using System.Linq;

namespace SmartBin.Gateway.Crediting;

/// <summary>Configuration of one price version (binds from settings; validated by <see cref="PriceTable"/>).</summary>
public sealed class PriceVersionOptions
{
    /// <summary>Version name recorded with every credit, e.g. <c>prices-2026-01</c>.</summary>
    public string Version { get; set; } = "";

    /// <summary>First instant in force (inclusive).</summary>
    public DateTimeOffset EffectiveFromUtc { get; set; }

    /// <summary>End of validity (exclusive); null for the open-ended last version.</summary>
    public DateTimeOffset? EffectiveUntilUtc { get; set; }

    /// <summary>Whole points per kg by protocol material name (<c>PET</c>, ...); every material must be priced.</summary>
    public Dictionary<string, int> PointsPerKg { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Configuration of the whole price table.</summary>
public sealed class PriceTableOptions
{
    /// <summary>Contiguous versions, in any order.</summary>
    public List<PriceVersionOptions> Versions { get; set; } = [];
}

/// <summary>One validated price version.</summary>
/// <param name="Version">Version name.</param>
/// <param name="EffectiveFromUtc">First instant in force (inclusive).</param>
/// <param name="EffectiveUntilUtc">End of validity (exclusive), null if open-ended.</param>
/// <param name="PointsPerKgByMaterial">Whole points per kg for every material.</param>
public sealed record PriceVersion(
    string Version,
    DateTimeOffset EffectiveFromUtc,
    DateTimeOffset? EffectiveUntilUtc,
    IReadOnlyDictionary<Material, int> PointsPerKgByMaterial) : IEffectiveDated
{
    /// <summary>
    /// Points for a net weight: floor(netGrams × pointsPerKg / 1000). Floor so rounding never creates money; the
    /// fraction of a point is not carried over (each drop-off stands alone). Non-positive weights give 0.
    /// </summary>
    public long PointsFor(Material material, long netGrams)
    {
        if (netGrams <= 0)
        {
            return 0;
        }
        long pointsPerKg = PointsPerKgByMaterial[material];
        return netGrams * pointsPerKg / 1000; // Both operands non-negative, so integer division is the floor.
    }
}

/// <summary>Versioned, effective-dated points-per-kg by material.</summary>
public sealed class PriceTable
{
    /// <summary>Largest accepted price; keeps netGrams × price far inside <see cref="long"/>.</summary>
    public const int MaxPointsPerKg = 1_000_000;

    private readonly EffectiveTimeline<PriceVersion> timeline;

    /// <summary>Builds and validates the table; throws <see cref="ArgumentException"/> with the reason.</summary>
    public PriceTable(PriceTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        timeline = new EffectiveTimeline<PriceVersion>(options.Versions.Select(ToVersion), "price table");
    }

    /// <summary>All versions, oldest first.</summary>
    public IReadOnlyList<PriceVersion> Versions => timeline.Versions;

    /// <summary>The version in force at a UTC instant, or null before the first version.</summary>
    public PriceVersion? InForceAt(DateTimeOffset atUtc) => timeline.InForceAt(atUtc);

    private static PriceVersion ToVersion(PriceVersionOptions options)
    {
        var prices = new Dictionary<Material, int>();
        foreach (var (name, pointsPerKg) in options.PointsPerKg)
        {
            if (!MaterialNames.TryParse(name, out var material))
            {
                throw new ArgumentException($"price table: version '{options.Version}' prices unknown material '{name}'.");
            }
            if (pointsPerKg < 0 || pointsPerKg > MaxPointsPerKg)
            {
                throw new ArgumentException(
                    $"price table: version '{options.Version}' {name} = {pointsPerKg} points/kg is outside 0..{MaxPointsPerKg}.");
            }
            prices[material] = pointsPerKg;
        }
        var missing = MaterialNames.All.Where(m => !prices.ContainsKey(m)).Select(MaterialNames.ToWire).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException(
                $"price table: version '{options.Version}' has no price for {string.Join(", ", missing)}.");
        }
        return new PriceVersion(options.Version, options.EffectiveFromUtc, options.EffectiveUntilUtc, prices);
    }
}
