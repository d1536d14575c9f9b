using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// Programme statistics, the weekly campaign and their exports, read from the system of record. Every query takes
/// the caller's communities (<c>null</c> = all, an empty list = none): nothing of a community outside the list is
/// read into a result. Thread-safe; each call uses its own pooled read connection. Definitions: README.md.
/// </summary>
public sealed partial class ReportingService
{
    private readonly SqliteGatewayStore store;
    private readonly ReportingOptions options;
    private readonly CarbonFactorTable factors;
    private readonly CarbonBaseline baseline;
    private readonly TimeProvider time;

    /// <summary>
    /// A service over <paramref name="store"/>. <paramref name="factors"/> and <paramref name="baseline"/> must be what
    /// the store's crediting engine uses: they only label the versions found in the data with their factors.
    /// </summary>
    public ReportingService(SqliteGatewayStore store, ReportingOptions options, CarbonFactorTable factors, CarbonBaseline baseline, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(time);
        if (options.Problems().FirstOrDefault() is { Key: not null } problem)
        {
            throw new ArgumentException($"{problem.Key}: {problem.Why}", nameof(options));
        }
        this.store = store;
        this.options = options;
        this.factors = factors;
        this.baseline = baseline;
        this.time = time;
    }

    /// <summary>The options in force.</summary>
    public ReportingOptions Options => options;

    /// <summary>Today in the residents' time zone (the day key of <c>dropoffs.local_day</c>).</summary>
    public DateOnly Today => store.Engine.LocalDayOf(time.GetUtcNow());

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a reversed period or one longer than <see cref="ReportingOptions.MaxPeriodDays"/>.</summary>
    public void CheckPeriod(ReportPeriod period)
    {
        if (period.To < period.From)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "the period ends before it starts");
        }
        if (period.Days > options.MaxPeriodDays)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"the period is {period.Days} days; at most {options.MaxPeriodDays}");
        }
    }

    /// <summary>Programme statistics of <paramref name="period"/> for <paramref name="communityIds"/> (null = all).</summary>
    public ProgrammeStats Stats(ReportPeriod period, IReadOnlyCollection<string>? communityIds)
    {
        CheckPeriod(period);
        using var connection = store.OpenRead();
        // One read transaction: every figure comes from the same snapshot although ingest commits meanwhile.
        using var tx = connection.BeginTransaction(deferred: true);
        var communities = Scope(connection, tx, communityIds);
        var ids = communities.Select(c => c.CommunityId).ToList();
        var sums = new StatsAccumulator(period);
        using (var command = ReportingSql.Command(connection, tx, ReportingSql.DayTotals, ids, period.From, period.To))
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
            {
                sums.Add(ReportingSql.Day(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    new Totals(r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8)));
            }
        }
        var probe = sums.CreditedRows > communities.Sum(c => c.Households) * ProbeAboveDropOffsPerHousehold;
        var active = ActiveHouseholds(connection, tx, ids, period, probe);
        var perCommunity = communities
            .Select(c => new CommunityStats(c, sums.Community(c.CommunityId), new Participation(active.GetValueOrDefault(c.CommunityId), c.Households)))
            .ToList();
        var participation = new Participation(perCommunity.Sum(c => c.Participation.ActiveHouseholds), communities.Sum(c => c.Households));
        return new ProgrammeStats(period, communities, sums.Total, sums.ByMaterial(), sums.DayRows(), sums.WeekRows(),
            sums.FactorVersions(FactorsOf), sums.NotCounted(), participation, perCommunity, Progress(connection, tx, communities));
    }

    /// <summary>Progress towards the pilot target of <paramref name="communityIds"/> (null = all), as of today.</summary>
    public TargetProgress Progress(IReadOnlyCollection<string>? communityIds)
    {
        using var connection = store.OpenRead();
        using var tx = connection.BeginTransaction(deferred: true);
        return Progress(connection, tx, Scope(connection, tx, communityIds));
    }

    private TargetProgress Progress(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<ReportCommunity> communities)
    {
        var (start, end) = (options.PilotStartDay(), options.PilotEndDay());
        var today = Today;
        var asOf = today < start ? start.AddDays(-1) : today > end ? end : today;
        long credited = 0;
        if (asOf >= start)
        {
            using var command = ReportingSql.Command(connection, tx, ReportingSql.CreditedGrams, communities.Select(c => c.CommunityId).ToList(), start, asOf);
            credited = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        // Before the pilot asOf is the day before its start: 0 days elapsed, all remaining.
        var elapsed = asOf.DayNumber - start.DayNumber + 1;
        var remaining = end.DayNumber - asOf.DayNumber;
        return new TargetProgress(start, end, asOf, communities.Sum(c => c.TargetGrams), credited, elapsed, remaining);
    }

    /// <summary>The communities of the registry inside <paramref name="communityIds"/> (null = all), by id.</summary>
    internal static List<ReportCommunity> Scope(SqliteConnection connection, SqliteTransaction tx, IReadOnlyCollection<string>? communityIds)
    {
        HashSet<string>? wanted = communityIds is null ? null : new HashSet<string>(communityIds, StringComparer.Ordinal);
        var list = new List<ReportCommunity>();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = ReportingSql.Communities;
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetString(0);
            if (wanted is null || wanted.Contains(id))
            {
                list.Add(new ReportCommunity(id, r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
            }
        }
        return list;
    }

    /// <summary>Probing each household beats scanning the period once the period holds this many credited drop-offs per household.</summary>
    internal const int ProbeAboveDropOffsPerHousehold = 2;

    /// <summary>
    /// Households with a credited drop-off in the period, per community. Two exact plans, picked by cost: scan the
    /// period's drop-offs (cost ∝ drop-offs) or, with <paramref name="probe"/>, probe each household (cost ∝
    /// households); the caller decides from the day totals, which say how many credited drop-offs the period holds.
    /// </summary>
    internal static Dictionary<string, long> ActiveHouseholds(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<string> ids, ReportPeriod period, bool probe)
    {
        var active = new Dictionary<string, long>(StringComparer.Ordinal);
        var sql = probe ? ReportingSql.ActiveHouseholdsByProbe : ReportingSql.ActiveHouseholds;
        using var command = ReportingSql.Command(connection, tx, sql, ids, period.From, period.To);
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            active[r.GetString(0)] = r.GetInt64(1);
        }
        return active;
    }

    /// <summary>The factors of a version for the configured baseline, by material wire name (empty for a version the table does not know).</summary>
    private IReadOnlyDictionary<string, int> FactorsOf(string version)
    {
        var found = factors.Versions.FirstOrDefault(v => v.Version == version);
        var byMaterial = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (found is not null)
        {
            foreach (var ((b, material), gramsPerKg) in found.GramsCo2ePerKg)
            {
                if (b == baseline)
                {
                    byMaterial[MaterialNames.ToWire(material)] = gramsPerKg;
                }
            }
        }
        return byMaterial;
    }
}
