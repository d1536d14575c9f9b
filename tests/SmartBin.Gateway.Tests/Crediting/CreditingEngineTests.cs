using System;
using SmartBin.Gateway.Crediting;
using Xunit;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>Each rule and its reason code, under the default configuration.</summary>
public sealed class CreditingEngineTests
{
    private static readonly CreditingEngine Engine = CreditingEngine.WithDefaults();
    private static readonly RuleVersions DefaultVersions = new("prices-2026-01", "epa-warm-v16", "rules-2026-01");

    [Fact]
    public void A_clean_drop_off_by_a_registered_card_is_credited_with_the_versions_used()
    {
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: 750), Fixtures.Registered());
        Assert.Equal(new CreditDecision(CreditOutcome.Credited, "", 60, 877, DefaultVersions, []), decision);
    }

    [Theory]
    [InlineData(DropOffFlags.Unattributed, "04A1B2C3")]
    [InlineData(DropOffFlags.None, "")]
    public void A_drop_off_without_a_card_is_not_credited(DropOffFlags flags, string card)
    {
        var decision = Engine.Evaluate(Fixtures.Facts(flags: flags, card: card), Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.NotCredited, ReasonCodes.Unattributed, points: 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_non_positive_net_is_rejected(int netGrams)
    {
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: netGrams), Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.Rejected, ReasonCodes.NonPositiveNet, points: 0);
    }

    [Fact]
    public void A_material_outside_the_six_streams_is_rejected()
    {
        var decision = Engine.Evaluate(Fixtures.Facts(material: (Material)99), Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.Rejected, ReasonCodes.UnknownMaterial, points: 0);
    }

    [Fact]
    public void A_drop_off_before_any_price_version_is_rejected_with_empty_versions()
    {
        var decision = Engine.Evaluate(Fixtures.Facts(endUtc: CreditingDefaults.PilotStartUtc.AddSeconds(-1)), Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.Rejected, ReasonCodes.NoRuleVersion, points: 0);
        Assert.Equal(new RuleVersions("", "", "rules-2026-01"), decision.Versions);
    }

    [Theory]
    [InlineData(DropOffFlags.Unsettled)]
    [InlineData(DropOffFlags.TamperSeen)]
    [InlineData(DropOffFlags.Unsettled | DropOffFlags.TamperSeen)]
    public void An_uncertain_weighing_is_held_with_its_points_recorded(DropOffFlags flags)
    {
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: 1000, flags: flags), Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.Held, ReasonCodes.WeighingUncertain, points: 80);
    }

    [Theory]
    [InlineData(Material.Pet, 5_000, CreditOutcome.Credited)]
    [InlineData(Material.Pet, 5_001, CreditOutcome.Held)]
    [InlineData(Material.Ps, 2_000, CreditOutcome.Credited)]
    [InlineData(Material.Ps, 2_001, CreditOutcome.Held)]
    [InlineData(Material.Mixed, 8_001, CreditOutcome.Held)]
    public void More_than_the_material_allows_in_one_drop_is_held_as_implausible(
        Material material, int netGrams, CreditOutcome expected)
    {
        var rules = CreditingDefaults.Rules();
        rules.DailyCapGrams = 100_000; // Keep the cap out of the way: this test is about the per-drop limit.
        rules.DailyCapPoints = 100_000;
        var decision = Build(rules).Evaluate(Fixtures.Facts(netGrams: netGrams, material: material), Fixtures.Registered());
        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(expected == CreditOutcome.Held ? ReasonCodes.ImplausibleWeight : "", decision.Reason);
    }

    [Theory]
    [InlineData(60, CreditOutcome.Credited)]   // ~1.11 km in 60 min: walking pace
    [InlineData(2, CreditOutcome.Credited)]    // ~1.11 km in 2 min: 33 km/h, a car
    [InlineData(1, CreditOutcome.Held)]        // ~1.11 km in 1 min: 67 km/h, over the 60 km/h limit
    [InlineData(0, CreditOutcome.Held)]        // two places at once
    [InlineData(-1, CreditOutcome.Held)]       // an older drop-off delivered late counts the same
    [InlineData(-60, CreditOutcome.Credited)]
    public void A_card_moving_between_bins_faster_than_the_limit_is_held_as_impossible_travel(
        int minutesSincePrevious, CreditOutcome expected)
    {
        var previous = new PreviousDropOff("baiyun-0001", Fixtures.BinB, Fixtures.Now.AddMinutes(-minutesSincePrevious));
        var decision = Engine.Evaluate(Fixtures.Facts(), Fixtures.Registered(previous: previous));
        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(expected == CreditOutcome.Held ? ReasonCodes.ImpossibleTravel : "", decision.Reason);
    }

    [Fact]
    public void Travel_within_one_collection_point_or_without_a_known_location_is_not_judged()
    {
        var nearby = new GeoPoint(Fixtures.BinA.LatitudeDeg + 0.001, Fixtures.BinA.LongitudeDeg); // ~111 m
        var samePlace = new PreviousDropOff("baiyun-0008", nearby, Fixtures.Now);
        var far = new PreviousDropOff("baiyun-0001", Fixtures.BinB, Fixtures.Now);
        Assert.Equal(CreditOutcome.Credited, Engine.Evaluate(Fixtures.Facts(), Fixtures.Registered(previous: samePlace)).Outcome);
        var noLocation = Fixtures.Registered(previous: far) with { BinLocation = null };
        Assert.Equal(CreditOutcome.Credited, Engine.Evaluate(Fixtures.Facts(), noLocation).Outcome);
    }

    [Fact]
    public void An_unknown_card_keeps_its_points_and_carbon_in_suspense()
    {
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: 2_000), Fixtures.UnknownCard());
        Assert.Equal(new CreditDecision(CreditOutcome.Suspense, ReasonCodes.UnknownCard, 160, 2340, DefaultVersions, []), decision);
    }

    [Theory]
    [InlineData(9_000, 0, 1_000, CreditOutcome.Credited)]  // exactly 10 kg
    [InlineData(9_001, 0, 1_000, CreditOutcome.Held)]      // 1 g over
    [InlineData(0, 720, 1_000, CreditOutcome.Credited)]    // exactly 800 points
    [InlineData(0, 721, 1_000, CreditOutcome.Held)]        // 1 point over
    [InlineData(-50_000, -50_000, 1_000, CreditOutcome.Credited)] // nonsense negative totals clamp to 0
    public void Going_over_the_daily_grams_or_points_cap_is_held(
        long gramsToday, long pointsToday, int netGrams, CreditOutcome expected)
    {
        var context = Fixtures.Registered(gramsToday: gramsToday, pointsToday: pointsToday);
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: netGrams), context);
        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(expected == CreditOutcome.Held ? ReasonCodes.DailyCap : "", decision.Reason);
        Assert.Equal(80, decision.Points);
    }

    [Fact]
    public void Below_min_is_credited_with_a_note()
    {
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: 15, flags: DropOffFlags.BelowMin), Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.Credited, "", points: 1);
        Assert.Equal([ReasonCodes.BelowMinNote], decision.Notes);
    }

    [Fact]
    public void A_material_without_a_carbon_factor_is_credited_points_and_noted_no_factor()
    {
        var decision = Engine.Evaluate(Fixtures.Facts(netGrams: 1_000, material: Material.Ldpe), Fixtures.Registered());
        Assert.Equal(new CreditDecision(CreditOutcome.Credited, "", 70, 0, DefaultVersions, [ReasonCodes.NoFactorNote]), decision);
    }

    [Fact]
    public void With_the_clock_unset_the_receive_time_picks_the_versions()
    {
        var beforePilot = CreditingDefaults.PilotStartUtc.AddDays(-3);
        var facts = Fixtures.Facts(flags: DropOffFlags.ClockUnset, endUtc: beforePilot) with { ReceivedUtc = Fixtures.Now };
        var decision = Engine.Evaluate(facts, Fixtures.Registered());
        AssertDecision(decision, CreditOutcome.Credited, "", points: 60);
        Assert.Equal(DefaultVersions, decision.Versions);
        Assert.Equal([ReasonCodes.ClockUnsetNote], decision.Notes);
    }

    [Fact]
    public void The_incineration_baseline_credits_its_own_factor()
    {
        var rules = CreditingDefaults.Rules();
        rules.CarbonBaseline = CarbonBaseline.Incineration;
        var decision = Build(rules).Evaluate(Fixtures.Facts(netGrams: 1_000, material: Material.Mixed), Fixtures.Registered());
        Assert.Equal(2410, decision.GramsCo2e);
        Assert.Empty(decision.Notes);
    }

    [Theory]
    [InlineData("2026-11-22T15:59:59Z", 2026, 11, 22)]
    [InlineData("2026-11-22T16:00:00Z", 2026, 11, 23)] // midnight in Shanghai (UTC+8)
    public void The_local_day_is_the_residents_calendar_day(string atUtc, int year, int month, int day)
    {
        var at = DateTimeOffset.Parse(atUtc, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateOnly(year, month, day), Engine.LocalDayOf(at));
    }

    [Fact]
    public void Haversine_matches_a_known_distance()
    {
        // 0.01° of latitude is 1111.95 m on a sphere of radius 6371 km.
        Assert.Equal(1111.95, CreditingEngine.HaversineMeters(Fixtures.BinA, Fixtures.BinB), precision: 2);
        Assert.Equal(0, CreditingEngine.HaversineMeters(Fixtures.BinA, Fixtures.BinA));
    }

    [Fact]
    public void Bad_rule_options_are_refused_with_the_reason()
    {
        Assert.Contains("Mars/Olympus", Refusal(r => r.TimeZoneId = "Mars/Olympus"), StringComparison.Ordinal);
        Assert.Contains("DailyCapGrams", Refusal(r => r.DailyCapGrams = -1), StringComparison.Ordinal);
        Assert.Contains("DailyCapPoints", Refusal(r => r.DailyCapPoints = -1), StringComparison.Ordinal);
        Assert.Contains("MaxTravelSpeedKmh", Refusal(r => r.MaxTravelSpeedKmh = 0), StringComparison.Ordinal);
        Assert.Contains("SamePlaceMeters", Refusal(r => r.SamePlaceMeters = double.NaN), StringComparison.Ordinal);
        Assert.Contains("RuleSetVersion", Refusal(r => r.RuleSetVersion = " "), StringComparison.Ordinal);
        Assert.Contains("LDPE", Refusal(r => r.MaxGramsPerDrop.Remove("LDPE")), StringComparison.Ordinal);
        Assert.Contains("PVC", Refusal(r => r.MaxGramsPerDrop["PVC"] = 10), StringComparison.Ordinal);
        Assert.Contains("PET", Refusal(r => r.MaxGramsPerDrop["PET"] = 0), StringComparison.Ordinal);
    }

    internal static CreditingEngine Build(CreditingRulesOptions rules) => new(
        new PriceTable(CreditingDefaults.Prices()), new CarbonFactorTable(CreditingDefaults.CarbonFactors()), rules);

    private static string Refusal(Action<CreditingRulesOptions> spoil)
    {
        var rules = CreditingDefaults.Rules();
        spoil(rules);
        return Assert.Throws<ArgumentException>(() => Build(rules)).Message;
    }

    private static void AssertDecision(CreditDecision decision, CreditOutcome outcome, string reason, long points)
    {
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(points, decision.Points);
    }
}
