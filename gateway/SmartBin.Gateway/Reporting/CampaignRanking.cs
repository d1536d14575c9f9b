using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// The campaign's ranking rules, pure (no I/O): the result depends only on the set of drop-offs, never on their
/// order. README.md ("Weekly campaign") gives the reasons for each rule.
/// </summary>
public static class CampaignRanking
{
    /// <summary>A person's week before ranking.</summary>
    internal sealed record Person(string CardUid, string HouseholdId, string UnitKey, long CreditedGrams, long RankedGrams, int DropOffs, DateTimeOffset ReachedUtc, ulong Lot);

    /// <summary>
    /// Every person of the week, best first: capped grams (more first), then the earlier reach of that total, then
    /// the week's lot (a hash of week and card, so no card is favoured week after week), then the card UID.
    /// </summary>
    internal static List<Person> RankPeople(IEnumerable<CampaignDropOff> dropOffs, long weeklyCapGrams, string weekLabel)
    {
        ArgumentNullException.ThrowIfNull(dropOffs);
        ArgumentOutOfRangeException.ThrowIfNegative(weeklyCapGrams);
        var people = new List<Person>();
        foreach (var card in dropOffs.GroupBy(d => d.CardUid, StringComparer.Ordinal))
        {
            // Time order, then grams: equal instants reach the same total at the same time whichever is summed first.
            var ordered = card.OrderBy(d => d.OccurredUtc).ThenBy(d => d.NetGrams).ToList();
            var credited = ordered.Sum(d => d.NetGrams);
            var ranked = weeklyCapGrams > 0 ? Math.Min(credited, weeklyCapGrams) : credited;
            long running = 0;
            var reached = ordered[^1].OccurredUtc;
            foreach (var d in ordered)
            {
                running += d.NetGrams;
                if (running >= ranked)
                {
                    reached = d.OccurredUtc;
                    break;
                }
            }
            // One card belongs to one household; take the smallest id should the data ever say otherwise, so order cannot matter.
            var first = ordered.MinBy(d => (d.HouseholdId, d.UnitKey), HouseholdUnitComparer.Instance)!;
            people.Add(new Person(card.Key, first.HouseholdId, first.UnitKey, credited, ranked, ordered.Count, reached, Lot(weekLabel, card.Key)));
        }
        people.Sort(ComparePeople);
        return people;
    }

    /// <summary>
    /// Units best first: capped grams per household (more first, compared exactly), then participation rate, then
    /// the week's lot, then the key. Every unit of <paramref name="units"/> is ranked, with or without drop-offs.
    /// </summary>
    internal static List<UnitRank> RankUnits(IReadOnlyList<Person> people, IEnumerable<CampaignUnit> units, IReadOnlyDictionary<string, long> activeHouseholds, string weekLabel)
    {
        var ranked = new List<(UnitRank Unit, ulong Lot)>();
        foreach (var unit in units)
        {
            long credited = 0, capped = 0;
            foreach (var p in people)
            {
                if (p.UnitKey == unit.UnitKey)
                {
                    credited += p.CreditedGrams;
                    capped += p.RankedGrams;
                }
            }
            var active = activeHouseholds.GetValueOrDefault(unit.UnitKey);
            ranked.Add((new UnitRank(0, unit.UnitKey, unit.Name, unit.Households, active, credited, capped), Lot(weekLabel, unit.UnitKey)));
        }
        ranked.Sort((a, b) => CompareUnits(a.Unit, a.Lot, b.Unit, b.Lot));
        return ranked.Select((r, i) => r.Unit with { Rank = i + 1 }).ToList();
    }

    /// <summary>The week's lot of a key: the first 8 bytes of SHA-256("{week}|{key}"), big-endian.</summary>
    internal static ulong Lot(string weekLabel, string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(weekLabel + "|" + key), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    private static int ComparePeople(Person a, Person b)
    {
        var c = b.RankedGrams.CompareTo(a.RankedGrams);
        if (c == 0)
        {
            c = a.ReachedUtc.CompareTo(b.ReachedUtc);
        }
        if (c == 0)
        {
            c = a.Lot.CompareTo(b.Lot);
        }
        return c != 0 ? c : string.CompareOrdinal(a.CardUid, b.CardUid);
    }

    private static int CompareUnits(UnitRank a, ulong lotA, UnitRank b, ulong lotB)
    {
        // a/ha vs b/hb without rounding: compare a·hb with b·ha (a unit without households scores 0).
        var c = CompareRatios(b.RankedGrams, b.Households, a.RankedGrams, a.Households);
        if (c == 0)
        {
            c = CompareRatios(b.ActiveHouseholds, b.Households, a.ActiveHouseholds, a.Households);
        }
        if (c == 0)
        {
            c = lotA.CompareTo(lotB);
        }
        return c != 0 ? c : string.CompareOrdinal(a.UnitKey, b.UnitKey);
    }

    private static int CompareRatios(long numeratorA, long denominatorA, long numeratorB, long denominatorB)
    {
        var a = denominatorA > 0 ? (Int128)numeratorA * Math.Max(1, denominatorB) : 0;
        var b = denominatorB > 0 ? (Int128)numeratorB * Math.Max(1, denominatorA) : 0;
        if (denominatorA <= 0 || denominatorB <= 0)
        {
            // Only one side (or neither) has households: the one without scores 0.
            a = denominatorA > 0 && numeratorA > 0 ? 1 : 0;
            b = denominatorB > 0 && numeratorB > 0 ? 1 : 0;
        }
        return a.CompareTo(b);
    }

    private sealed class HouseholdUnitComparer : IComparer<(string, string)>
    {
        public static readonly HouseholdUnitComparer Instance = new();

        public int Compare((string, string) x, (string, string) y)
        {
            var c = string.CompareOrdinal(x.Item1, y.Item1);
            return c != 0 ? c : string.CompareOrdinal(x.Item2, y.Item2);
        }
    }
}
