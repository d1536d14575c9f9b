using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Reporting;
using Xunit;
using static SmartBin.Gateway.Tests.Reporting.ReportRig;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>The weekly campaign over the store: ranking, names, scope.</summary>
public sealed class CampaignTests : IDisposable
{
    private readonly ReportRig rig = new();

    public CampaignTests()
    {
        rig.LoadWeek();
        Assert.True(rig.Store.RegisterResident("r-a", StoreFixtureHousehold(B1, 1), "王小明").Ok);
        Assert.True(rig.Store.RegisterResident("r-b-2", StoreFixtureHousehold(B2, 0), "李四").Ok);
        Assert.True(rig.Store.RegisterResident("r-b-1", StoreFixtureHousehold(B2, 0), "欧阳小明").Ok);
        Assert.True(rig.Store.RegisterResident("r-d", StoreFixtureHousehold(X1, 0), "John Doe").Ok);
    }

    public void Dispose() => rig.Dispose();

    private static string StoreFixtureHousehold(string bin, int index) => Storage.StoreFixture.Household(bin, index);

    [Fact]
    public void Individuals_rank_by_credited_kg_of_the_iso_week_with_masked_names_and_card_tails()
    {
        var c = rig.Service.Campaign(2026, 10, null);

        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 8), "2026-W10", 4), (c.Week.From, c.Week.To, c.Label, c.Participants));
        // A's Sunday drop-off (W09) does not count; C's reversed one neither; B's household's first resident is r-b-1.
        Assert.Equal(
            ["1 J*** D. xiahang 3000", "2 王*明 baiyun 2000", "3 欧**明 baiyun 1500", "4 - baiyun 800"],
            c.Individuals.Select(p => $"{p.Rank} {p.MaskedName ?? "-"} {p.UnitKey} {p.RankedGrams}"));
        Assert.Equal(D[^4..], c.Individuals[0].CardTail);
        Assert.Equal(StoreFixtureHousehold(X1, 0), c.Individuals[0].HouseholdId);
    }

    [Fact]
    public void Units_rank_by_capped_kg_per_household_with_participation()
    {
        var c = rig.Service.Campaign(2026, 10, null);

        // Baiyun 2,000 + 1,500 + 800 g over 4,303 households beats Xiahang 3,000 g over 4,700.
        Assert.Equal(["1 baiyun 4300 3/4303", "2 xiahang 3000 1/4700"],
            c.Units.Select(u => $"{u.Rank} {u.UnitKey} {u.RankedGrams} {u.ActiveHouseholds}/{u.Households}"));
        Assert.Equal(4_300.0 / 4_303, c.Units[0].GramsPerHousehold);
        Assert.Equal(3.0 / 4_303, c.Units[0].ParticipationRate);
    }

    [Fact]
    public void The_weekly_cap_limits_what_one_heavy_contributor_counts_for_person_and_unit()
    {
        using var capped = new ReportRig(new ReportingOptions { CampaignWeeklyCapGrams = 4_000 });
        capped.LoadWeek();
        // D adds 4 × 2,500 g HDPE over the week (within the daily cap): 13,000 g credited, 4,000 g counted.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Gateway.Protocol.AckResult.Credited, capped.Drop(X1, 10 + i, D, 2_500, "HDPE", Local(3, 5 + i, 9)));
        }

        var c = capped.Service.Campaign(2026, 10, null);

        var d = c.Individuals[0];
        Assert.Equal((D[^4..], 13_000L, 4_000L, true, 5), (d.CardTail, d.CreditedGrams, d.RankedGrams, d.Capped, d.DropOffs));
        // 3,000 + 2,500 passed 4,000 with the drop-off of 5 March.
        Assert.Equal(Local(3, 5, 9), d.ReachedUtc);
        // Xiahang: 4,000 g counted over 4,700 households (13,000 uncapped would have won); Baiyun 4,300 over 4,303 wins.
        Assert.Equal(["baiyun 4300 4300", "xiahang 4000 13000"], c.Units.Select(u => $"{u.UnitKey} {u.RankedGrams} {u.CreditedGrams}"));
        Assert.Equal(4_000, c.WeeklyCapGrams);
    }

    [Fact]
    public void Scoped_to_one_community_the_campaign_holds_nobody_and_nothing_of_another()
    {
        var c = rig.Service.Campaign(2026, 10, ["xiahang"]);

        Assert.Equal(["xiahang"], c.Individuals.Select(p => p.UnitKey));
        Assert.Equal(["xiahang"], c.Units.Select(u => u.UnitKey));
        Assert.Equal(1, c.Participants);
        Assert.Empty(rig.Service.Campaign(2026, 10, []).Individuals);
        Assert.Empty(rig.Service.Campaign(2026, 10, ["no-such-community"]).Units);
    }

    [Fact]
    public void An_empty_week_ranks_every_unit_at_zero()
    {
        var c = rig.Service.Campaign(2026, 20, null);

        Assert.Empty(c.Individuals);
        Assert.Equal(0, c.Participants);
        Assert.All(c.Units, u => Assert.Equal(0, u.RankedGrams));
        Assert.Equal(2, c.Units.Count);
    }

    [Fact]
    public void An_impossible_iso_week_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Service.Campaign(2026, 54, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Service.Campaign(2026, 0, null));
        // 2026 has 53 ISO weeks.
        Assert.Equal(new DateOnly(2026, 12, 28), rig.Service.Campaign(2026, 53, null).Week.From);
    }
}

/// <summary>The ranking rules themselves, on made-up drop-offs.</summary>
public sealed class CampaignRankingTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static CampaignDropOff Drop(string card, string unit, int hour, long grams) => new(card, "h-" + card, unit, Monday.AddHours(hour), grams);

    [Fact]
    public void With_a_cap_the_person_who_reached_it_first_ranks_above_one_who_went_far_past_it_later()
    {
        List<CampaignDropOff> drops =
        [
            Drop("HEAVY", "u", 1, 3_000), Drop("HEAVY", "u", 30, 3_000), Drop("HEAVY", "u", 60, 3_000),
            Drop("STEADY", "u", 10, 2_500), Drop("STEADY", "u", 20, 2_500),
            Drop("LIGHT", "u", 0, 4_900),
        ];

        var capped = CampaignRanking.RankPeople(drops, 5_000, "2026-W10");
        var uncapped = CampaignRanking.RankPeople(drops, 0, "2026-W10");

        // Both reach 5,000 g: STEADY at hour 20, HEAVY at hour 30.
        Assert.Equal(["STEADY 5000 20", "HEAVY 5000 30", "LIGHT 4900 0"],
            capped.Select(p => $"{p.CardUid} {p.RankedGrams} {(p.ReachedUtc - Monday).TotalHours}"));
        Assert.Equal(["HEAVY 9000", "STEADY 5000", "LIGHT 4900"], uncapped.Select(p => $"{p.CardUid} {p.RankedGrams}"));
    }

    [Fact]
    public void A_full_tie_is_settled_by_the_weeks_lot_not_by_the_card_number()
    {
        List<CampaignDropOff> drops = [Drop("CARD01", "u", 5, 1_000), Drop("CARD02", "u", 5, 1_000)];

        foreach (var week in new[] { "2026-W10", "2026-W11", "2026-W12", "2026-W13" })
        {
            var ranked = CampaignRanking.RankPeople(drops, 5_000, week);
            var lotOrder = new[] { "CARD01", "CARD02" }.OrderBy(card => CampaignRanking.Lot(week, card)).ToList();
            Assert.Equal(lotOrder, ranked.Select(p => p.CardUid));
        }
        // Over these weeks the lot favours each card at least once (fixed hashes: this is a fact, not a chance).
        var winners = new[] { "2026-W10", "2026-W11", "2026-W12", "2026-W13" }.Select(w => CampaignRanking.RankPeople(drops, 5_000, w)[0].CardUid).ToHashSet();
        Assert.Equal(2, winners.Count);
    }

    [Fact]
    public void Units_are_normalised_by_households_so_a_small_unit_can_beat_a_big_one()
    {
        var people = CampaignRanking.RankPeople(
            [Drop("S1", "small", 1, 4_000), Drop("S2", "small", 2, 4_000), Drop("B1", "big", 1, 5_000), Drop("B2", "big", 2, 5_000), Drop("B3", "big", 3, 5_000)],
            5_000, "2026-W10");
        var active = new Dictionary<string, long> { ["small"] = 2, ["big"] = 3 };

        var units = CampaignRanking.RankUnits(people, [new CampaignUnit("big", "Big", 100), new CampaignUnit("small", "Small", 10)], active, "2026-W10");

        // small: 8,000 g / 10 = 800 g per household; big: 15,000 g / 100 = 150.
        Assert.Equal(["1 small 800", "2 big 150"], units.Select(u => $"{u.Rank} {u.UnitKey} {u.GramsPerHousehold}"));
    }

    [Fact]
    public void Equal_unit_scores_go_to_the_higher_participation()
    {
        var people = CampaignRanking.RankPeople(
            [Drop("A1", "few", 1, 4_000), Drop("B1", "many", 1, 2_000), Drop("B2", "many", 1, 2_000)], 5_000, "2026-W10");
        var active = new Dictionary<string, long> { ["few"] = 1, ["many"] = 2 };

        var units = CampaignRanking.RankUnits(people, [new CampaignUnit("few", "Few", 10), new CampaignUnit("many", "Many", 10)], active, "2026-W10");

        Assert.Equal(["many", "few"], units.Select(u => u.UnitKey));
        Assert.Equal(units[0].GramsPerHousehold, units[1].GramsPerHousehold);
    }

    [Fact]
    public void A_unit_without_households_scores_zero()
    {
        var people = CampaignRanking.RankPeople([Drop("A1", "ghost", 1, 4_000), Drop("B1", "real", 1, 10)], 5_000, "2026-W10");

        var units = CampaignRanking.RankUnits(people, [new CampaignUnit("ghost", "Ghost", 0), new CampaignUnit("real", "Real", 1_000)],
            new Dictionary<string, long> { ["ghost"] = 1, ["real"] = 1 }, "2026-W10");

        Assert.Equal(["real", "ghost"], units.Select(u => u.UnitKey));
        Assert.Equal(0, units[1].GramsPerHousehold);
    }
}
