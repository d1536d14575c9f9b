using System;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using SmartBin.Gateway.Crediting;
using Xunit;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>Properties of pricing and of the engine on generated, often nonsensical, input.</summary>
public sealed class CreditingPropertyTests
{
    /// <summary>Fixed seed: every machine runs the same cases.</summary>
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(2_000)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261123UL), FSharpOption<int>.None)));

    private static readonly CreditingEngine Engine = CreditingEngine.WithDefaults();

    private static readonly Gen<int> AnyNetGrams = Gen.OneOf(
        Gen.Choose(1, 2_000),
        Gen.Choose(-1_000, 20_000),
        Gen.Elements(int.MinValue, -1, 0, 1, int.MaxValue),
        Gen.Choose(int.MinValue, int.MaxValue));

    private static readonly Gen<Material> AnyMaterial = Gen.Choose(-1, 8).Select(m => (Material)m);

    private static readonly Gen<DateTimeOffset> AnyInstant =
        Gen.Choose(-400 * 24 * 60, 800 * 24 * 60).Select(minutes => CreditingDefaults.PilotStartUtc.AddMinutes(minutes));

    private static readonly Gen<GeoPoint> AnyPlace = Gen.OneOf(
        Gen.Zip(Gen.Choose(-90_000, 90_000), Gen.Choose(-180_000, 180_000)).Select(p => new GeoPoint(p.Item1 / 1000.0, p.Item2 / 1000.0)),
        Gen.Elements(new GeoPoint(double.NaN, 0), new GeoPoint(1e9, -1e9), Fixtures.BinA, Fixtures.BinB),
        Gen.Constant(Fixtures.BinA));

    private static readonly Gen<long> AnyTotal = Gen.OneOf(
        Gen.Constant(0L),
        Gen.Choose(0, 20_000).Select(v => (long)v),
        Gen.Elements(long.MinValue, -1L, long.MaxValue));

    private static readonly Gen<DropOffFacts> AnyFacts =
        from net in AnyNetGrams
        from material in AnyMaterial
        from flags in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 63), Gen.Choose(int.MinValue, int.MaxValue))
        from start in AnyInstant
        from sessionSeconds in Gen.Choose(-100, 3_600)
        from receiveDelaySeconds in Gen.Choose(-3_600, 86_400 * 30)
        from card in Gen.Elements("", "04A1B2C3", "04A1B2C3D4E5F6")
        select new DropOffFacts("baiyun-0007", material, net, (DropOffFlags)flags, start, start.AddSeconds(sessionSeconds),
            card, start.AddSeconds(receiveDelaySeconds));

    private static readonly Gen<ResidentContext> AnyContext =
        from household in Gen.Elements<string?>(null, "", "household-17", "household-17")
        from gramsToday in AnyTotal
        from pointsToday in AnyTotal
        from here in Gen.OneOf(AnyPlace.Select(p => (GeoPoint?)p), Gen.Constant<GeoPoint?>(null))
        from hasPrevious in Gen.Elements(true, false, false)
        from previousPlace in AnyPlace
        from previousAt in AnyInstant
        select new ResidentContext(household, gramsToday, pointsToday, here,
            hasPrevious ? new PreviousDropOff("baiyun-0001", previousPlace, previousAt) : null);

    [Fact]
    public void Points_and_carbon_never_decrease_as_the_net_weight_grows()
    {
        var cases =
            from pointsPerKg in Gen.Choose(0, PriceTable.MaxPointsPerKg)
            from material in Gen.Elements(Material.Pet, Material.Hdpe, Material.Pp, Material.Ldpe, Material.Ps, Material.Mixed)
            from baseline in Gen.Elements(CarbonBaseline.Landfill, CarbonBaseline.Incineration)
            from a in AnyNetGrams
            from b in AnyNetGrams
            select (pointsPerKg, material, baseline, lighter: Math.Min(a, b), heavier: Math.Max(a, b));
        var factors = new CarbonFactorTable(CreditingDefaults.CarbonFactors()).Versions[0];
        Check.One(Seeded, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var price = new PriceTable(new PriceTableOptions
            {
                Versions = [Fixtures.PriceVersion("v", CreditingDefaults.PilotStartUtc, null, c.pointsPerKg)],
            }).Versions[0];
            return price.PointsFor(c.material, c.lighter) <= price.PointsFor(c.material, c.heavier)
                && price.PointsFor(c.material, c.lighter) >= 0
                && factors.AvoidedFor(c.material, c.baseline, c.lighter).GramsCo2e
                    <= factors.AvoidedFor(c.material, c.baseline, c.heavier).GramsCo2e;
        }));
    }

    [Fact]
    public void The_engine_never_throws_and_never_produces_negative_or_reasonless_decisions()
    {
        Check.One(Seeded, Prop.ForAll(AnyFacts.ToArbitrary(), AnyContext.ToArbitrary(), (facts, context) =>
        {
            var decision = Engine.Evaluate(facts, context);
            var credited = decision.Outcome == CreditOutcome.Credited;
            return Enum.IsDefined(decision.Outcome)
                && decision.Points >= 0
                && decision.GramsCo2e >= 0
                && credited == (decision.Reason.Length == 0)
                && decision.Versions.RuleSetVersion == "rules-2026-01";
        }));
    }

    [Fact]
    public void The_same_input_always_gives_the_same_decision()
    {
        var otherEngine = CreditingEngine.WithDefaults();
        Check.One(Seeded, Prop.ForAll(AnyFacts.ToArbitrary(), AnyContext.ToArbitrary(), (facts, context) =>
        {
            var first = Engine.Evaluate(facts, context);
            return first.Equals(Engine.Evaluate(facts, context)) && first.Equals(otherEngine.Evaluate(facts with { }, context with { }));
        }));
    }

    /// <summary>Plausible drop-offs by residents near their caps: where the cap rule is what decides.</summary>
    private static readonly Gen<(DropOffFacts, ResidentContext)> NearTheCap =
        from net in Gen.Choose(1, 6_000)
        from material in Gen.Elements(Material.Pet, Material.Hdpe, Material.Pp, Material.Ldpe, Material.Ps, Material.Mixed)
        from flags in Gen.Elements(DropOffFlags.None, DropOffFlags.BelowMin, DropOffFlags.ClockUnset, DropOffFlags.EndedByOtherCard)
        from household in Gen.Elements<string?>(null, "household-17", "household-17")
        from gramsToday in Gen.Choose(0, 12_000)
        from pointsToday in Gen.Choose(0, 1_000)
        select (Fixtures.Facts(netGrams: net, material: material, flags: flags),
            new ResidentContext(household, gramsToday, pointsToday, Fixtures.BinA, null));

    [Fact]
    public void A_credit_never_takes_a_resident_over_the_daily_caps_and_needs_a_registered_card()
    {
        var rules = CreditingDefaults.Rules();
        var creditedCases = 0;
        var cases = Gen.OneOf(NearTheCap, Gen.Zip(AnyFacts, AnyContext));
        Check.One(Seeded, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (facts, context) = c;
            var decision = Engine.Evaluate(facts, context);
            if (decision.Outcome != CreditOutcome.Credited)
            {
                return true;
            }
            creditedCases++;
            return context.IsCardRegistered
                && facts.NetGrams > 0
                && Math.Max(0, context.CreditedGramsToday) + facts.NetGrams <= rules.DailyCapGrams
                && Math.Max(0, context.CreditedPointsToday) + decision.Points <= rules.DailyCapPoints;
        }));
        Assert.True(creditedCases >= 100, $"only {creditedCases} generated cases were credited: the property is near vacuous");
    }
}
