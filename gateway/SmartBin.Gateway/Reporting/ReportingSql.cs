using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// The report queries. Every one takes the community list as bound parameters (<c>IN ($c0, $c1…)</c>; an empty list
/// matches nothing), so scoping is in the SQL, not a filter applied afterwards. Outcomes are literals, so the plan
/// (index <c>dropoffs_outcome_day</c>, led by the outcome) is fixed at prepare time.
/// </summary>
internal static class ReportingSql
{
    /// <summary>Day totals by community, material, factor version and outcome (migration 6's trigger-kept table).</summary>
    public const string DayTotals =
        "SELECT local_day, community_id, material, factor_version, outcome, dropoffs, net_grams, points, gco2e FROM dropoff_day_totals " +
        "WHERE local_day BETWEEN $from AND $to AND community_id IN ({0}) AND dropoffs <> 0";

    /// <summary>Credited net grams in a range of days (target progress).</summary>
    public const string CreditedGrams =
        "SELECT COALESCE(SUM(net_grams), 0) FROM dropoff_day_totals " +
        "WHERE outcome = 'credited' AND local_day BETWEEN $from AND $to AND community_id IN ({0})";

    /// <summary>Households (of the communities in scope) with a credited drop-off in the period, per community.</summary>
    public const string ActiveHouseholds =
        "SELECT h.community_id, COUNT(*) FROM households h WHERE h.community_id IN ({0}) AND h.id IN " +
        "(SELECT household_id FROM dropoffs WHERE outcome = 'credited' AND local_day BETWEEN $from AND $to) GROUP BY h.community_id";

    /// <summary>
    /// The same count by one probe per household of the communities in scope into <c>household_day</c> (credited
    /// grams per household and local day, kept by ingest, staff release and reversal for the daily caps; a day whose
    /// drop-offs were all reversed is back to 0 g). Cost grows with households, not drop-offs, so it wins for long
    /// periods, and it costs ingest nothing. A test checks both plans agree after random reviews and reversals.
    /// </summary>
    public const string ActiveHouseholdsByProbe =
        "SELECT h.community_id, COUNT(*) FROM households h WHERE h.community_id IN ({0}) AND EXISTS " +
        "(SELECT 1 FROM household_day d WHERE d.household_id = h.id AND d.day BETWEEN $from AND $to AND d.grams > 0) " +
        "GROUP BY h.community_id";

    /// <summary>
    /// The week's credited drop-offs of households in scope. CROSS JOIN keeps <c>dropoffs</c> the outer loop, so the
    /// index on (outcome, local_day, household_id, card_uid, net_grams, occurred_utc) answers it without the table.
    /// </summary>
    public const string CampaignDropOffs =
        "SELECT d.card_uid, d.household_id, h.community_id, d.occurred_utc, d.net_grams FROM dropoffs d " +
        "CROSS JOIN households h ON h.id = d.household_id " +
        "WHERE d.outcome = 'credited' AND d.local_day BETWEEN $from AND $to AND h.community_id IN ({0})";

    /// <summary>Every drop-off of the period at bins of the communities in scope, whatever its outcome.</summary>
    public const string DropOffs =
        "SELECT local_day, occurred_utc, community_id, bin_id, seq, bin_location, material, net_grams, outcome, reason, points, gco2e, " +
        "factor_version, price_version, household_id, card_uid FROM dropoffs " +
        "WHERE local_day BETWEEN $from AND $to AND community_id IN ({0}) ORDER BY local_day, community_id, rowid";

    /// <summary>Communities (registry).</summary>
    public const string Communities = "SELECT id, name, households, target_grams FROM communities ORDER BY id";

    /// <summary>Residents of the given households, first registered (lowest id) first.</summary>
    public const string Residents = "SELECT household_id, name FROM residents WHERE household_id IN ({0}) ORDER BY household_id, id";

    /// <summary>A command for <paramref name="template"/> with the list bound as <c>$c0…</c> and the period as <c>$from</c>/<c>$to</c>.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string template, IReadOnlyList<string> list, DateOnly? from = null, DateOnly? to = null)
    {
        var names = new StringBuilder();
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var i = 0; i < list.Count; i++)
        {
            var name = "$c" + i.ToString(CultureInfo.InvariantCulture);
            names.Append(i == 0 ? "" : ", ").Append(name);
            command.Parameters.AddWithValue(name, list[i]);
        }
        command.CommandText = string.Format(CultureInfo.InvariantCulture, template, names);
        if (from is { } f)
        {
            command.Parameters.AddWithValue("$from", ReportPeriod.Key(f));
        }
        if (to is { } t)
        {
            command.Parameters.AddWithValue("$to", ReportPeriod.Key(t));
        }
        return command;
    }

    /// <summary>
    /// Parses the store's fixed-width UTC text (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, Storage/Internal/Sql.Utc) by
    /// position: the campaign reads tens of thousands a week, and a general parser costs more than the query.
    /// </summary>
    public static DateTimeOffset Utc(string text)
    {
        if (text.Length != 28 || text[4] != '-' || text[10] != 'T' || text[19] != '.' || text[27] != 'Z')
        {
            throw new FormatException($"not a stored UTC time: '{text}'");
        }
        var at = new DateTime(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2), Digits(text, 11, 2), Digits(text, 14, 2),
            Digits(text, 17, 2), DateTimeKind.Utc).AddTicks(Digits(text, 20, 7));
        return new DateTimeOffset(at);
    }

    private static int Digits(string text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                throw new FormatException($"not a stored UTC time: '{text}'");
            }
            value = (value * 10) + digit;
        }
        return value;
    }

    /// <summary>Parses a <c>local_day</c> value.</summary>
    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
