using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Crediting;

/// <summary>A bin's material stream, as named in the drop-off message (docs/protocol.md).</summary>
public enum Material
{
    /// <summary>Polyethylene terephthalate (drink bottles).</summary>
    Pet = 1,

    /// <summary>High-density polyethylene (milk and detergent bottles).</summary>
    Hdpe = 2,

    /// <summary>Polypropylene (tubs, caps).</summary>
    Pp = 3,

    /// <summary>Low-density polyethylene (films, bags).</summary>
    Ldpe = 4,

    /// <summary>Polystyrene (foam, cups).</summary>
    Ps = 5,

    /// <summary>Mixed plastics.</summary>
    Mixed = 6,
}

/// <summary>Wire names of <see cref="Material"/>.</summary>
public static class MaterialNames
{
    /// <summary>Every material, in declaration order.</summary>
    public static IReadOnlyList<Material> All { get; } =
        [Material.Pet, Material.Hdpe, Material.Pp, Material.Ldpe, Material.Ps, Material.Mixed];

    /// <summary>The protocol's name of a material, e.g. <c>PET</c>.</summary>
    public static string ToWire(Material material) => material switch
    {
        Material.Pet => "PET",
        Material.Hdpe => "HDPE",
        Material.Pp => "PP",
        Material.Ldpe => "LDPE",
        Material.Ps => "PS",
        Material.Mixed => "MIXED",
        _ => throw new ArgumentOutOfRangeException(nameof(material), material, "not a material"),
    };

    /// <summary>Parses a protocol name (exact, upper case); false for anything else.</summary>
    public static bool TryParse(string? wire, out Material material)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(ToWire(candidate), wire, StringComparison.Ordinal))
            {
                material = candidate;
                return true;
            }
        }
        material = default;
        return false;
    }

    /// <summary>True for the six named materials; false for any other enum value.</summary>
    public static bool IsDefined(Material material) => material >= Material.Pet && material <= Material.Mixed;
}
