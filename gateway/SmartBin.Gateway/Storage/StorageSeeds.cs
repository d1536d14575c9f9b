using System;
using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Gateway.Storage;

/// <summary>A demo bin of the simulator's fleet, with its residents' cards.</summary>
/// <param name="BinId">Bin id, e.g. <c>baiyun-0001</c>.</param>
/// <param name="CommunityId">Community.</param>
/// <param name="Material">Material stream.</param>
/// <param name="CardUids">The 40 residents' cards, index order.</param>
/// <param name="LatitudeDeg">Latitude.</param>
/// <param name="LongitudeDeg">Longitude.</param>
/// <param name="Location">Location text.</param>
/// <param name="MqttPassword">The simulator's broker password for this bin.</param>
public sealed record DemoBin(string BinId, string CommunityId, string Material, IReadOnlyList<string> CardUids, double LatitudeDeg, double LongitudeDeg, string Location, string MqttPassword)
{
    /// <summary>The demo household of card <paramref name="index"/>.</summary>
    public string HouseholdId(int index) => string.Create(CultureInfo.InvariantCulture, $"demo-{BinId}-{index:D2}");
}

/// <summary>
/// Seed data: the two pilot communities of Tonglu County and a demo fleet that matches
/// <c>smartbin-sim fleet --bins N --seed S</c> (firmware/SmartBin.Simulator: Program.RunFleetAsync, BinRunner, ResidentModel).
/// </summary>
public static class StorageSeeds
{
    /// <summary>People in the two pilot communities together.</summary>
    public const int PilotPopulation = 21_248;

    /// <summary>Six-month diversion target of the pilot, g (200 t).</summary>
    public const long PilotTargetGrams = 200_000_000;

    /// <summary>Cards per simulated bin (the simulator's residentCount).</summary>
    public const int DemoResidentsPerBin = 40;

    /// <summary>
    /// The simulator's card of resident <paramref name="index"/> at the bin it simulates with <paramref name="binSeed"/>
    /// (its <c>--seed</c> + the bin's index; ResidentModel.CardUid): 0x0A + seed mod 64, then seed / 64 and the index.
    /// </summary>
    public static string DemoCardUid(int binSeed, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{0x0A + (binSeed % 0x40):X2}{((binSeed / 0x40) << 8) | index:X6}");

    /// <summary>Capacity of a demo bin, g.</summary>
    public const int DemoCapacityGrams = 30_000;

    /// <summary>Fill alert threshold of a demo bin, %.</summary>
    public const int DemoFillAlertPct = 80;

    /// <summary>Distance between neighbouring demo bins of one community, m: a few hundred metres, well inside what a resident can walk between drop-offs.</summary>
    public const double DemoBinSpacingMeters = 150;

    private const int DemoGridColumns = 10;
    private const double MetersPerDegreeLatitude = 111_320;
    private static readonly string[] FleetCommunities = ["baiyun", "xiahang"];
    private static readonly string[] FleetMaterials = ["PET", "HDPE", "PP", "MIXED"];

    /// <summary>The pilot communities: households as given; population and target split in proportion to households (largest remainder, exact sums).</summary>
    public static IReadOnlyList<CommunityRegistration> PilotCommunities()
    {
        long[] households = [4_303, 4_700];
        var population = SplitProportionally(PilotPopulation, households);
        var target = SplitProportionally(PilotTargetGrams, households);
        return
        [
            new CommunityRegistration("baiyun", "白云村 Baiyun", (int)households[0], (int)population[0], target[0], "Asia/Shanghai"),
            new CommunityRegistration("xiahang", "下杭村 Xiahang", (int)households[1], (int)population[1], target[1], "Asia/Shanghai"),
        ];
    }

    /// <summary>The bins of <c>smartbin-sim fleet --bins <paramref name="bins"/> --seed <paramref name="seed"/></c>.</summary>
    public static IReadOnlyList<DemoBin> DemoFleet(int bins, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bins);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        var fleet = new List<DemoBin>(bins);
        for (var i = 0; i < bins; i++)
        {
            var community = FleetCommunities[i % FleetCommunities.Length];
            var indexInCommunity = i / FleetCommunities.Length;
            var binId = string.Create(CultureInfo.InvariantCulture, $"{community}-{indexInCommunity + 1:D4}");
            var cards = new string[DemoResidentsPerBin];
            for (var index = 0; index < cards.Length; index++)
            {
                cards[index] = DemoCardUid(seed + i, index);
            }
            var (lat, lon) = DemoLocation(i % FleetCommunities.Length, indexInCommunity);
            var location = string.Create(CultureInfo.InvariantCulture, $"{community} collection point {indexInCommunity + 1}");
            fleet.Add(new DemoBin(binId, community, FleetMaterials[i % FleetMaterials.Length], cards, lat, lon, location, "sim-" + binId));
        }
        return fleet;
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/>; the parts are integers that sum to the total.</summary>
    public static long[] SplitProportionally(long total, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long weightSum = 0;
        foreach (var w in weights)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(w);
            weightSum = checked(weightSum + w);
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weightSum);
        var parts = new long[weights.Count];
        var remainders = new (Int128 Remainder, int Index)[weights.Count];
        long assigned = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = (Int128)total * weights[i];
            parts[i] = (long)(exact / weightSum);
            remainders[i] = (exact % weightSum, i);
            assigned += parts[i];
        }
        // Largest remainders get the units lost to flooring; ties go to the earlier entry.
        Array.Sort(remainders, (a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Index.CompareTo(b.Index));
        for (var k = 0; assigned < total; k++, assigned++)
        {
            parts[remainders[k].Index]++;
        }
        return parts;
    }

    /// <summary>Demo coordinates near Tonglu: one grid per community, bins <see cref="DemoBinSpacingMeters"/> apart.</summary>
    private static (double Lat, double Lon) DemoLocation(int communityIndex, int indexInCommunity)
    {
        // Baiyun around 29.800 N 119.680 E; Xiahang a few km north-east.
        var originLat = 29.800 + (communityIndex * 0.030);
        var originLon = 119.680 + (communityIndex * 0.020);
        var row = indexInCommunity / DemoGridColumns;
        var column = indexInCommunity % DemoGridColumns;
        var lat = originLat + (row * DemoBinSpacingMeters / MetersPerDegreeLatitude);
        var lon = originLon + (column * DemoBinSpacingMeters / (MetersPerDegreeLatitude * Math.Cos(double.DegreesToRadians(originLat))));
        return (Math.Round(lat, 6), Math.Round(lon, 6));
    }
}
