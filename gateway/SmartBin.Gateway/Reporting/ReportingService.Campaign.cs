using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Reporting;

/// <summary>The weekly campaign.</summary>
public sealed partial class ReportingService
{
    /// <summary>
    /// The campaign of ISO week <paramref name="isoWeek"/> of <paramref name="isoYear"/> (local days Monday to
    /// Sunday) for the households of <paramref name="communityIds"/> (null = all): top individuals and top units.
    /// </summary>
    public WeeklyCampaign Campaign(int isoYear, int isoWeek, IReadOnlyCollection<string>? communityIds)
    {
        var week = ReportPeriod.IsoWeek(isoYear, isoWeek);
        var label = ReportPeriod.WeekLabel(isoYear, isoWeek);
        using var connection = store.OpenRead();
        using var tx = connection.BeginTransaction(deferred: true);
        var communities = Scope(connection, tx, communityIds);
        var ids = communities.Select(c => c.CommunityId).ToList();
        var dropOffs = new List<CampaignDropOff>();
        using (var command = ReportingSql.Command(connection, tx, ReportingSql.CampaignDropOffs, ids, week.From, week.To))
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
            {
                dropOffs.Add(new CampaignDropOff(r.GetString(0), r.GetString(1), r.GetString(2), ReportingSql.Utc(r.GetString(3)), r.GetInt64(4)));
            }
        }
        var people = CampaignRanking.RankPeople(dropOffs, options.CampaignWeeklyCapGrams, label);
        var active = dropOffs.GroupBy(d => d.UnitKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Select(d => d.HouseholdId).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var units = CampaignRanking.RankUnits(people, communities.Select(c => new CampaignUnit(c.CommunityId, c.Name, c.Households)), active, label);
        var top = people.Take(options.CampaignTopCount).ToList();
        var names = FirstResidentNames(connection, tx, top.Select(p => p.HouseholdId).Distinct(StringComparer.Ordinal).ToList());
        var individuals = top.Select((p, i) => new IndividualRank(i + 1, p.HouseholdId, NameMask.CardTail(p.CardUid),
            NameMask.Mask(names.GetValueOrDefault(p.HouseholdId)), p.UnitKey, p.CreditedGrams, p.RankedGrams, p.DropOffs, p.ReachedUtc)).ToList();
        return new WeeklyCampaign(isoYear, isoWeek, week, CampaignUnitKind.Community, options.CampaignWeeklyCapGrams, people.Count,
            individuals, units.Take(options.CampaignTopCount).ToList());
    }

    /// <summary>The campaign of the ISO week that contains <paramref name="day"/>.</summary>
    public WeeklyCampaign CampaignOfWeekContaining(DateOnly day, IReadOnlyCollection<string>? communityIds)
    {
        var (year, week) = ReportPeriod.WeekOf(day);
        return Campaign(year, week, communityIds);
    }

    /// <summary>The first registered resident's name (lowest resident id) of each household that has one.</summary>
    private static Dictionary<string, string> FirstResidentNames(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<string> householdIds)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (householdIds.Count == 0)
        {
            return names;
        }
        using var command = ReportingSql.Command(connection, tx, ReportingSql.Residents, householdIds);
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            names.TryAdd(r.GetString(0), r.GetString(1));
        }
        return names;
    }

    /// <summary>ISO week label of a campaign for file names, e.g. <c>campaign-2026-W10.csv</c>.</summary>
    public static string CampaignFileName(WeeklyCampaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return string.Create(CultureInfo.InvariantCulture, $"campaign-{campaign.Label}.csv");
    }
}
