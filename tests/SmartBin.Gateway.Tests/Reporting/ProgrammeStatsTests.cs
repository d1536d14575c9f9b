using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>Exact figures of the programme statistics on the hand-made dataset of <see cref="ReportRig.LoadWeek"/>.</summary>
public sealed class ProgrammeStatsTests : IDisposable
{
    private static readonly ReportPeriod March1To8 = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 8));
    private readonly ReportRig rig = new();

    public ProgrammeStatsTests() => rig.LoadWeek();

    public void Dispose() => rig.Dispose();

    [Fact]
    public void Totals_count_only_credited_drop_offs_with_their_points_and_co2e()
    {
        var s = rig.Service.Stats(March1To8, null);

        // 1,000 + 2,000 + 800 PET, 1,500 PP, 3,000 HDPE; points at 80/70/80 per kg; CO2e at 1,170/890/860 g per kg.
        Assert.Equal(new Totals(5, 8_300, 80 + 160 + 64 + 105 + 240, 1_170 + 2_340 + 936 + 1_335 + 2_580), s.Total);
        Assert.Equal(new Dictionary<string, Totals>
        {
            ["HDPE"] = new(1, 3_000, 240, 2_580),
            ["PET"] = new(3, 3_800, 304, 4_446),
            ["PP"] = new(1, 1_500, 105, 1_335),
        }, s.ByMaterial);
    }

    [Fact]
    public void Held_rejected_suspense_unattributed_and_reversed_drop_offs_are_listed_apart_not_counted()
    {
        var s = rig.Service.Stats(March1To8, null);

        Assert.Equal(
            ["held 1 6000", "recorded 1 400", "rejected 1 0", "reversed 1 700", "suspense 1 500"],
            s.NotCounted.Select(o => $"{o.Outcome} {o.DropOffs} {o.NetGrams}"));
    }

    [Fact]
    public void Days_and_weeks_follow_the_local_day_in_Asia_Shanghai()
    {
        var s = rig.Service.Stats(March1To8, null);

        // Sunday 23:59 local is W09; Monday 00:30 local (still Sunday 16:30 UTC) is W10.
        Assert.Equal(
            ["2026-03-01 PET 1000", "2026-03-02 PET 2000", "2026-03-02 PP 1500", "2026-03-03 PET 800", "2026-03-04 HDPE 3000"],
            s.Days.Select(d => $"{d.Day:yyyy-MM-dd} {d.Material} {d.Totals.NetGrams}"));
        Assert.Equal(
            ["2026-W09 02-23 1/7 PET 1000", "2026-W10 03-02 7/7 HDPE 3000", "2026-W10 03-02 7/7 PET 2800", "2026-W10 03-02 7/7 PP 1500"],
            s.Weeks.Select(w => $"{ReportPeriod.WeekLabel(w.IsoYear, w.IsoWeek)} {w.Monday:MM-dd} {w.DaysInPeriod}/7 {w.Material} {w.Totals.NetGrams}"));
    }

    [Fact]
    public void A_period_boundary_cuts_at_local_midnight()
    {
        var sunday = rig.Service.Stats(new ReportPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)), null);
        var monday = rig.Service.Stats(new ReportPeriod(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2)), null);

        Assert.Equal(1_000, sunday.Total.NetGrams);
        Assert.Equal(3_500, monday.Total.NetGrams);
    }

    [Fact]
    public void Participation_is_households_with_a_credited_drop_off_over_the_communitys_households()
    {
        var s = rig.Service.Stats(March1To8, null);

        // Baiyun: A's, B's and C's households (C counts through its credited 800 g); Xiahang: D's. The stranger's
        // suspense drop-off and the held and reversed ones add nobody.
        Assert.Equal(["baiyun 3/4303 5300", "xiahang 1/4700 3000"],
            s.PerCommunity.Select(c => $"{c.Community.CommunityId} {c.Participation.ActiveHouseholds}/{c.Participation.Households} {c.Totals.NetGrams}"));
        Assert.Equal(new Participation(4, 9_003), s.Participation);
        Assert.Equal(4.0 / 9_003, s.Participation.Rate);
    }

    [Fact]
    public void Both_participation_plans_count_the_same_households()
    {
        using var connection = rig.Store.OpenRead();
        using var tx = connection.BeginTransaction(deferred: true);
        string[] both = ["baiyun", "xiahang"];
        foreach (var period in new[] { March1To8, new ReportPeriod(new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 3)) })
        {
            var scanned = ReportingService.ActiveHouseholds(connection, tx, both, period, probe: false);
            Assert.Equal(scanned, ReportingService.ActiveHouseholds(connection, tx, both, period, probe: true));
        }
        Assert.Equal(new Dictionary<string, long> { ["baiyun"] = 3, ["xiahang"] = 1 }, ReportingService.ActiveHouseholds(connection, tx, both, March1To8, probe: true));
    }

    [Fact]
    public void A_household_whose_only_drop_off_was_reversed_has_not_taken_part()
    {
        Assert.Equal(TransferStatus.Applied, rig.Store.ReverseDropOff(ReportRig.B2, 1, "test", "fix-b2-1").Status);

        var s = rig.Service.Stats(March1To8, ["baiyun"]);

        Assert.Equal(new Participation(2, 4_303), s.Participation);
        Assert.Equal(3_800, s.Total.NetGrams);
    }

    [Fact]
    public void A_released_held_drop_off_counts_on_its_own_day()
    {
        Assert.True(rig.Store.ReleaseHeld(ReportRig.B1, 3, "staff-1").Ok);

        var s = rig.Service.Stats(March1To8, null);

        Assert.Equal(14_300, s.Total.NetGrams);
        Assert.Contains(s.Days, d => d.Day == new DateOnly(2026, 3, 2) && d.Material == "PET" && d.Totals.NetGrams == 8_000);
        Assert.DoesNotContain(s.NotCounted, o => o.Outcome == DropOffOutcomes.Held);
    }

    [Fact]
    public void Co2e_names_the_factor_versions_used_with_their_factors()
    {
        var s = rig.Service.Stats(March1To8, null);

        var version = Assert.Single(s.FactorVersions);
        Assert.Equal("epa-warm-v16", version.Version);
        Assert.Equal(s.Total, version.Totals);
        Assert.Equal(new Dictionary<string, int> { ["HDPE"] = 860, ["MIXED"] = 1_050, ["PET"] = 1_170, ["PP"] = 890 }, version.GramsCo2ePerKg);
    }

    [Fact]
    public void Target_progress_counts_from_the_pilot_start_to_today_and_states_the_pace()
    {
        var p = rig.Service.Stats(March1To8, null).Progress;

        // Today is 8 March: 31 + 28 + 8 = 67 days elapsed, 23 + 30 + 31 + 30 = 114 to go, of 181.
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30), new DateOnly(2026, 3, 8)), (p.Start, p.End, p.AsOf));
        Assert.Equal((200_000_000L, 8_300L, 67, 114, 181), (p.TargetGrams, p.CreditedGrams, p.ElapsedDays, p.RemainingDays, p.TotalDays));
        Assert.Equal(8_300 / 67.0, p.ActualGramsPerDay);
        Assert.Equal((200_000_000 - 8_300) / 114.0, p.NeededGramsPerDay);
        Assert.False(p.OnTrack);
    }

    [Fact]
    public void Target_progress_of_one_community_uses_its_share_of_the_target()
    {
        var p = rig.Service.Progress(["xiahang"]);

        Assert.Equal(StorageSeeds.PilotCommunities().Single(c => c.CommunityId == "xiahang").TargetGrams, p.TargetGrams);
        Assert.Equal(3_000, p.CreditedGrams);
    }

    [Fact]
    public void Progress_before_the_pilot_has_no_elapsed_day_and_after_it_no_day_to_go()
    {
        using var early = new ReportRig(new ReportingOptions { PilotStartDate = "2026-04-01", PilotEndDate = "2026-09-30" });
        early.LoadWeek();
        var before = early.Service.Progress(null);
        Assert.Equal((0, 183, 0L, (double?)null), (before.ElapsedDays, before.RemainingDays, before.CreditedGrams, before.ActualGramsPerDay));

        using var late = new ReportRig(new ReportingOptions { PilotStartDate = "2026-03-01", PilotEndDate = "2026-03-03" });
        late.LoadWeek();
        var after = late.Service.Progress(null);
        Assert.Equal((new DateOnly(2026, 3, 3), 3, 0, 5_300L, (double?)null), (after.AsOf, after.ElapsedDays, after.RemainingDays, after.CreditedGrams, after.NeededGramsPerDay));
    }

    [Fact]
    public void A_reversed_or_too_long_period_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Service.Stats(new ReportPeriod(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1)), null));
        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Service.Stats(new ReportPeriod(new DateOnly(2024, 1, 1), new DateOnly(2026, 3, 1)), null));
    }
}
