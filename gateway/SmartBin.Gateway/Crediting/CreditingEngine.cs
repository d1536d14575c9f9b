using System;
using System.Collections.Generic;
using System.Linq;

namespace SmartBin.Gateway.Crediting;

/// <summary>
/// Decides what one drop-off earns. Pure: no I/O, no clock; the same facts and context always give the same
/// decision. Rules run in a fixed order and the first that applies decides (see Crediting/README.md):
/// unattributed, non-positive-net, unknown-material, no-rule-version, weighing-uncertain, material-mismatch, implausible-weight,
/// impossible-travel, unknown-card, daily-cap; otherwise credited.
/// </summary>
public sealed class CreditingEngine
{
    private const double EarthRadiusMeters = 6_371_000;

    private readonly PriceTable prices;
    private readonly CarbonFactorTable carbonFactors;
    private readonly CreditingRulesOptions rules;
    private readonly TimeZoneInfo residentsTimeZone;
    private readonly Dictionary<Material, int> maxGramsPerDrop;

    /// <summary>Validates the rules; throws <see cref="ArgumentException"/> with the reason.</summary>
    public CreditingEngine(PriceTable prices, CarbonFactorTable carbonFactors, CreditingRulesOptions rules)
    {
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentNullException.ThrowIfNull(carbonFactors);
        ArgumentNullException.ThrowIfNull(rules);
        this.prices = prices;
        this.carbonFactors = carbonFactors;
        this.rules = rules;
        residentsTimeZone = FindTimeZone(rules.TimeZoneId);
        maxGramsPerDrop = ParseMaxGramsPerDrop(rules.MaxGramsPerDrop);
        Require(!string.IsNullOrWhiteSpace(rules.RuleSetVersion), "RuleSetVersion is empty.");
        Require(Enum.IsDefined(rules.CarbonBaseline), $"CarbonBaseline {rules.CarbonBaseline} is not a baseline.");
        Require(rules.DailyCapGrams >= 0, $"DailyCapGrams {rules.DailyCapGrams} is negative.");
        Require(rules.DailyCapPoints >= 0, $"DailyCapPoints {rules.DailyCapPoints} is negative.");
        Require(rules.MaxTravelSpeedKmh > 0 && double.IsFinite(rules.MaxTravelSpeedKmh),
            $"MaxTravelSpeedKmh {rules.MaxTravelSpeedKmh} must be positive.");
        Require(rules.SamePlaceMeters >= 0 && double.IsFinite(rules.SamePlaceMeters),
            $"SamePlaceMeters {rules.SamePlaceMeters} must be zero or positive.");
    }

    /// <summary>Builds an engine from the documented defaults.</summary>
    public static CreditingEngine WithDefaults() => new(
        new PriceTable(CreditingDefaults.Prices()),
        new CarbonFactorTable(CreditingDefaults.CarbonFactors()),
        CreditingDefaults.Rules());

    /// <summary>The residents' local calendar day of a UTC instant; the key for the daily totals in the context.</summary>
    public DateOnly LocalDayOf(DateTimeOffset atUtc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(atUtc, residentsTimeZone).DateTime);

    /// <summary>Evaluates one drop-off against the rules. Never throws for non-null arguments.</summary>
    public CreditDecision Evaluate(DropOffFacts facts, ResidentContext context)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(context);
        var atUtc = facts.OccurredUtc;
        var price = prices.InForceAt(atUtc);
        var factors = carbonFactors.InForceAt(atUtc);
        var versions = new RuleVersions(price?.Version ?? "", factors?.Version ?? "", rules.RuleSetVersion);

        var refusal = RefusalOf(facts, price is not null && factors is not null);
        if (refusal is { } refused)
        {
            return new CreditDecision(refused.Outcome, refused.Reason, 0, 0, versions, []);
        }

        var points = price!.PointsFor(facts.Material, facts.NetGrams);
        var carbon = factors!.AvoidedFor(facts.Material, rules.CarbonBaseline, facts.NetGrams);
        var notes = NotesOf(facts, carbon);
        var (outcome, reason) = ReviewOf(facts, context, points);
        return new CreditDecision(outcome, reason, points, carbon.GramsCo2e, versions, notes);
    }

    /// <summary>Rules 1–4: drop-offs that are worth nothing, so nothing is priced.</summary>
    private static (CreditOutcome Outcome, string Reason)? RefusalOf(DropOffFacts facts, bool versionsInForce)
    {
        if ((facts.Flags & DropOffFlags.Unattributed) != 0 || string.IsNullOrEmpty(facts.CardUid))
        {
            return (CreditOutcome.NotCredited, ReasonCodes.Unattributed);
        }
        if (facts.NetGrams <= 0)
        {
            return (CreditOutcome.Rejected, ReasonCodes.NonPositiveNet);
        }
        if (!MaterialNames.IsDefined(facts.Material))
        {
            return (CreditOutcome.Rejected, ReasonCodes.UnknownMaterial);
        }
        if (!versionsInForce)
        {
            return (CreditOutcome.Rejected, ReasonCodes.NoRuleVersion);
        }
        return null;
    }

    /// <summary>Rules 5–10: priced drop-offs that staff review, that wait for a card, or that are over the cap.</summary>
    private (CreditOutcome Outcome, string Reason) ReviewOf(DropOffFacts facts, ResidentContext context, long points)
    {
        if ((facts.Flags & (DropOffFlags.Unsettled | DropOffFlags.TamperSeen)) != 0)
        {
            return (CreditOutcome.Held, ReasonCodes.WeighingUncertain);
        }
        if (context.BinMaterial is { } registered && registered != facts.Material)
        {
            return (CreditOutcome.Held, ReasonCodes.MaterialMismatch);
        }
        if (facts.NetGrams > maxGramsPerDrop[facts.Material])
        {
            return (CreditOutcome.Held, ReasonCodes.ImplausibleWeight);
        }
        if (IsImpossibleTravel(facts, context))
        {
            return (CreditOutcome.Held, ReasonCodes.ImpossibleTravel);
        }
        if (!context.IsCardRegistered)
        {
            return (CreditOutcome.Suspense, ReasonCodes.UnknownCard);
        }
        if (IsOverDailyCap(facts.NetGrams, points, context))
        {
            return (CreditOutcome.Held, ReasonCodes.DailyCap);
        }
        return (CreditOutcome.Credited, "");
    }

    private static List<string> NotesOf(DropOffFacts facts, CarbonAvoided carbon)
    {
        var notes = new List<string>();
        if ((facts.Flags & DropOffFlags.BelowMin) != 0)
        {
            notes.Add(ReasonCodes.BelowMinNote);
        }
        if (carbon.NoFactor)
        {
            notes.Add(ReasonCodes.NoFactorNote);
        }
        if ((facts.Flags & DropOffFlags.ClockUnset) != 0)
        {
            notes.Add(ReasonCodes.ClockUnsetNote);
        }
        return notes;
    }

    /// <summary>The daily cap rule, also applied by the store when a card's registration releases its suspense.</summary>
    internal bool IsOverDailyCap(long netGrams, long points, ResidentContext context)
    {
        // Negative totals are nonsense from the caller; clamping them keeps the subtraction below from overflowing.
        var gramsToday = Math.Max(0, context.CreditedGramsToday);
        var pointsToday = Math.Max(0, context.CreditedPointsToday);
        return netGrams > rules.DailyCapGrams - gramsToday || points > rules.DailyCapPoints - pointsToday;
    }

    private bool IsImpossibleTravel(DropOffFacts facts, ResidentContext context)
    {
        if (context.BinLocation is not { } here || context.Previous is not { } previous)
        {
            return false;
        }
        var distanceMeters = HaversineMeters(previous.BinLocation, here);
        if (!(distanceMeters > rules.SamePlaceMeters))
        {
            return false; // Same collection point, or coordinates not numbers: nothing to judge.
        }
        // Absolute: an outbox resend can deliver an older drop-off after a newer one.
        var elapsedHours = Math.Abs((facts.OccurredUtc - previous.OccurredUtc).TotalHours);
        return distanceMeters / 1000 > rules.MaxTravelSpeedKmh * elapsedHours;
    }

    /// <summary>Great-circle distance on a spherical Earth (mean radius), metres.</summary>
    public static double HaversineMeters(GeoPoint from, GeoPoint to)
    {
        var lat1 = double.DegreesToRadians(from.LatitudeDeg);
        var lat2 = double.DegreesToRadians(to.LatitudeDeg);
        var dLat = lat2 - lat1;
        var dLon = double.DegreesToRadians(to.LongitudeDeg - from.LongitudeDeg);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    private static TimeZoneInfo FindTimeZone(string timeZoneId)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"crediting rules: time zone '{timeZoneId}' is not known.", e);
        }
    }

    private static Dictionary<Material, int> ParseMaxGramsPerDrop(Dictionary<string, int> byName)
    {
        var parsed = new Dictionary<Material, int>();
        foreach (var (name, grams) in byName)
        {
            Require(MaterialNames.TryParse(name, out var material), $"MaxGramsPerDrop names unknown material '{name}'.");
            Require(grams > 0, $"MaxGramsPerDrop {name} = {grams} must be positive.");
            parsed[material] = grams;
        }
        var missing = MaterialNames.All.Where(m => !parsed.ContainsKey(m)).Select(MaterialNames.ToWire).ToArray();
        Require(missing.Length == 0, $"MaxGramsPerDrop has no limit for {string.Join(", ", missing)}.");
        return parsed;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("crediting rules: " + message);
        }
    }
}
