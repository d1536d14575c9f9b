using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using SmartBin.Gateway.Reporting;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>
/// Properties over random data: the figures add up whatever drop-offs, reviews and reversals happened; a scoped
/// ranking never holds another community; the ranking does not depend on the order drop-offs arrive in.
/// </summary>
public static class ReportingPropertyTests
{
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(30)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20260306UL), FSharpOption<int>.None)));

    private static readonly string[] Bins = [ReportRig.B1, ReportRig.X1, ReportRig.B2, ReportRig.X2];
    private static readonly string[] Materials = ["PET", "HDPE", "PP", "MIXED"];
    private static readonly DateTimeOffset FirstDay = ReportRig.Local(2, 28, 0);
    private static readonly ReportPeriod Period = new(new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 13));

    /// <summary>Kind 0–5 drop-off, 6 release, 7 reject, 8 reversal (of the drop-off at bin, seq).</summary>
    public sealed record Op(int Kind, int Bin, int Seq, int Who, int Grams, int Hour);

    private static readonly Gen<Op> AnyOp =
        from kind in Gen.Choose(0, 8)
        from bin in Gen.Choose(0, 3)
        from seq in Gen.Choose(1, 20)
        from who in Gen.Choose(0, 5)
        from grams in Gen.Frequency((8, Gen.Choose(20, 3_000)), (1, Gen.Choose(5_001, 9_000)), (1, Gen.Constant(0)))
        from hour in Gen.Choose(0, (14 * 24) - 1)
        select new Op(kind, bin, seq, who, grams, hour);

    private static readonly Gen<string[]> AnyScope = Gen.Elements<string[]>(["baiyun"], ["xiahang"], ["baiyun", "xiahang"], [], ["xiahang", "nowhere"]);

    [Fact]
    public static void Sums_over_materials_days_weeks_and_communities_equal_the_total_and_the_day_table_matches_the_drop_offs()
    {
        Check.One(Seeded, Prop.ForAll(Gen.ListOf(AnyOp).Select(l => l.ToList()).ToArbitrary(), AnyScope.ToArbitrary(), (ops, scope) =>
        {
            using var rig = new ReportRig();
            Apply(rig, ops);

            foreach (var s in new[] { rig.Service.Stats(Period, null), rig.Service.Stats(Period, scope) })
            {
                Assert.Equal(s.Total, s.ByMaterial.Values.Aggregate(default(Totals), (a, b) => a + b));
                Assert.Equal(s.Total, s.Days.Aggregate(default(Totals), (a, d) => a + d.Totals));
                Assert.Equal(s.Total, s.Weeks.Aggregate(default(Totals), (a, w) => a + w.Totals));
                Assert.Equal(s.Total, s.PerCommunity.Aggregate(default(Totals), (a, c) => a + c.Totals));
                Assert.Equal(s.Total, s.FactorVersions.Aggregate(default(Totals), (a, v) => a + v.Totals));
                var inScope = s.Communities.Select(c => $"'{c.CommunityId}'").DefaultIfEmpty("''");
                Assert.Equal(rig.Fixture.Scalar("SELECT COALESCE(SUM(net_grams), 0) FROM dropoffs WHERE outcome = 'credited' " +
                    $"AND community_id IN ({string.Join(',', inScope)})"), s.Total.NetGrams);
            }
            // Both participation plans (scan the period, probe each household) count the same households.
            using (var connection = rig.Store.OpenRead())
            using (var tx = connection.BeginTransaction(deferred: true))
            {
                foreach (var period in new[] { Period, new ReportPeriod(Period.From.AddDays(3), Period.From.AddDays(5)) })
                {
                    Assert.Equal(ReportingService.ActiveHouseholds(connection, tx, scope, period, probe: false),
                        ReportingService.ActiveHouseholds(connection, tx, scope, period, probe: true));
                }
            }
            // The trigger-kept day table equals a fresh GROUP BY of the drop-offs (zero rows aside).
            Assert.Equal(
                rig.Fixture.Rows("SELECT local_day, community_id, material, factor_version, outcome, COUNT(*), SUM(net_grams), SUM(points), SUM(gco2e) " +
                    "FROM dropoffs GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"),
                rig.Fixture.Rows("SELECT local_day, community_id, material, factor_version, outcome, dropoffs, net_grams, points, gco2e " +
                    "FROM dropoff_day_totals WHERE dropoffs <> 0 ORDER BY 1, 2, 3, 4, 5"));
        }));
    }

    [Fact]
    public static void A_scoped_campaign_never_ranks_a_person_or_unit_of_another_community()
    {
        Check.One(Seeded, Prop.ForAll(Gen.ListOf(AnyOp).Select(l => l.ToList()).ToArbitrary(), AnyScope.ToArbitrary(), (ops, scope) =>
        {
            using var rig = new ReportRig();
            Apply(rig, ops);
            foreach (var week in new[] { 9, 10, 11 })
            {
                var c = rig.Service.Campaign(2026, week, scope);
                Assert.All(c.Individuals, p => Assert.Contains(p.UnitKey, scope));
                Assert.All(c.Units, u => Assert.Contains(u.UnitKey, scope));
                Assert.All(c.Individuals, p => Assert.StartsWith($"demo-{p.UnitKey}-", p.HouseholdId, StringComparison.Ordinal));
                Assert.True(c.Individuals.Count <= 5 && c.Units.Count <= 5);
            }
        }));
    }

    private static readonly Gen<CampaignDropOff> AnyCampaignDropOff =
        from card in Gen.Choose(0, 7)
        from hour in Gen.Choose(0, 167)
        from grams in Gen.Frequency((4, Gen.Choose(1, 3_000)), (1, Gen.Elements(500L, 1_000L, 2_500L).Select(g => (int)g)))
        select new CampaignDropOff($"C{card}", $"h{card}", card % 3 == 0 ? "u0" : card % 3 == 1 ? "u1" : "u2",
            new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddHours(hour / 4 * 4), grams);

    [Fact]
    public static void The_ranking_does_not_depend_on_the_order_of_the_drop_offs()
    {
        var arbitrary = (from list in Gen.ListOf(AnyCampaignDropOff) from seed in Gen.Choose(0, int.MaxValue)
                         select (list.ToList(), list.OrderBy(_ => 0).ToArray().Shuffled(seed))).ToArbitrary();
        Check.One(Seeded.WithMaxTest(300), Prop.ForAll(arbitrary, pair =>
        {
            var (original, shuffled) = pair;
            var units = new[] { new CampaignUnit("u0", "U0", 30), new CampaignUnit("u1", "U1", 20), new CampaignUnit("u2", "U2", 30) };
            foreach (var cap in new long[] { 0, 2_000 })
            {
                var a = CampaignRanking.RankPeople(original, cap, "2026-W10");
                var b = CampaignRanking.RankPeople(shuffled, cap, "2026-W10");
                Assert.Equal(a, b);
                var active = ActiveHouseholds(original);
                Assert.Equal(CampaignRanking.RankUnits(a, units, active, "2026-W10"), CampaignRanking.RankUnits(b, units.Reverse(), ActiveHouseholds(shuffled), "2026-W10"));
            }
        }));
    }

    private static List<CampaignDropOff> Shuffled(this CampaignDropOff[] items, int seed)
    {
        new Random(seed).Shuffle(items);
        return [.. items];
    }

    private static Dictionary<string, long> ActiveHouseholds(IEnumerable<CampaignDropOff> drops) =>
        drops.GroupBy(d => d.UnitKey).ToDictionary(g => g.Key, g => (long)g.Select(d => d.HouseholdId).Distinct().Count());

    private static void Apply(ReportRig rig, List<Op> ops)
    {
        foreach (var op in ops)
        {
            var bin = Bins[op.Bin];
            switch (op.Kind)
            {
                case <= 5:
                    var card = op.Who < 5 ? Card(op.Bin, op.Who) : $"EE00000{op.Bin}";
                    rig.Fixture.CommitOne(DropOff(bin, op.Seq, card, op.Grams, Materials[op.Bin], endUtc: FirstDay.AddHours(op.Hour)));
                    break;
                case 6:
                    rig.Store.ReleaseHeld(bin, op.Seq, "staff");
                    break;
                case 7:
                    rig.Store.RejectHeld(bin, op.Seq, "staff", "not plastic");
                    break;
                default:
                    rig.Store.ReverseDropOff(bin, op.Seq, "property", $"fix-{bin}-{op.Seq}");
                    break;
            }
        }
    }
}
