using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Crediting;

namespace SmartBin.Gateway.Storage.Internal;

/// <summary>The audit row of one drop-off (every column of <c>dropoffs</c> set at ingest).</summary>
internal sealed record DropOffAudit(
    string BinId, long Seq, DateTimeOffset ReceivedUtc, DateTimeOffset OccurredUtc, DateTimeOffset StartUtc, DateTimeOffset EndUtc,
    string CommunityId, string BinLocation, GeoPoint? Geo, string CardUid, string? HouseholdId, string Material,
    int GrossBeforeGrams, int GrossAfterGrams, int NetGrams, int Items, int Flags, int CalibrationVersion, string Firmware,
    string Outcome, string Reason, long Points, long GramsCo2e, RuleVersions Versions, string Notes, string IdempotencyKey, string LocalDay);

/// <summary>Ingest-side tables of the writer: sequence claims, drop-offs, events and the derived per-day and per-card state.</summary>
internal sealed partial class Writer
{
    /// <summary>Most household-day totals cached (emptied between transactions beyond this).</summary>
    internal const int DayCacheMax = 250_000;

    /// <summary>Most cards' last drop-offs cached (emptied between transactions beyond this).</summary>
    internal const int CardLastCacheMax = 250_000;

    private readonly Dictionary<(string Household, string Day), DayTotals> days = new();
    private readonly Dictionary<(string Household, string Day), DayTotals> pendingDays = new();
    private readonly Dictionary<string, CardLastSeen> cardLast = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CardLastSeen> pendingCardLast = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> pendingCommunityGrams = new(StringComparer.Ordinal);
    private readonly List<SqliteCommand> ingestCommands = [];
    private SqliteCommand insertClaim = null!;
    private SqliteCommand insertDropOff = null!;
    private SqliteCommand insertEvent = null!;
    private SqliteCommand selectDay = null!;
    private SqliteCommand upsertDay = null!;
    private SqliteCommand selectCardLast = null!;
    private SqliteCommand upsertCardLast = null!;
    private SqliteCommand addCommunityGrams = null!;

    /// <summary>Registered bins (committed).</summary>
    public Dictionary<string, BinInfo> Bins { get; } = new(StringComparer.Ordinal);

    /// <summary>Active cards → household (committed).</summary>
    public Dictionary<string, string> CardHouseholds { get; } = new(StringComparer.Ordinal);

    /// <summary>Households → community (committed).</summary>
    public Dictionary<string, string> HouseholdCommunities { get; } = new(StringComparer.Ordinal);

    /// <summary>Claims (bin, seq) for a drop-off or event; false when either already holds it.</summary>
    public bool TryClaim(string binId, long seq, string kind) =>
        Sql.Bind(insertClaim, Transaction, binId, seq, kind).ExecuteNonQuery() == 1;

    /// <summary>Inserts a drop-off's audit row and counts its grams for the community unless rejected.</summary>
    public void InsertDropOff(DropOffAudit a)
    {
        Sql.Bind(insertDropOff, Transaction, a.BinId, a.Seq, Sql.Utc(a.ReceivedUtc), Sql.Utc(a.OccurredUtc), Sql.Utc(a.StartUtc),
            Sql.Utc(a.EndUtc), a.CommunityId, a.BinLocation, a.Geo?.LatitudeDeg, a.Geo?.LongitudeDeg, a.CardUid, a.HouseholdId,
            a.Material, a.GrossBeforeGrams, a.GrossAfterGrams, a.NetGrams, a.Items, a.Flags, a.CalibrationVersion, a.Firmware,
            a.Outcome, a.Reason, a.Points, a.GramsCo2e, a.Versions.PriceVersion, a.Versions.CarbonFactorVersion,
            a.Versions.RuleSetVersion, a.Notes, a.IdempotencyKey, a.LocalDay).ExecuteNonQuery();
        if (a.Outcome != DropOffOutcomes.Rejected)
        {
            AddCommunityGrams(a.CommunityId, a.NetGrams);
        }
    }

    /// <summary>Adds (or with a negative value removes) committed grams of a community.</summary>
    public void AddCommunityGrams(string communityId, long grams)
    {
        pendingCommunityGrams[communityId] = pendingCommunityGrams.GetValueOrDefault(communityId) + grams;
    }

    /// <summary>Inserts an event row.</summary>
    public void InsertEvent(string binId, DateTimeOffset receivedUtc, Protocol.EventMessage e) =>
        Sql.Bind(insertEvent, Transaction, binId, e.Seq, Sql.Utc(receivedUtc), e.Kind, e.Code, Sql.Utc(e.AtUtc), e.Grams,
            e.CardUid, e.ClockUnset ? 1 : 0).ExecuteNonQuery();

    /// <summary>Credited totals of a household on a local day, as of the open transaction.</summary>
    public DayTotals Day(string householdId, string day)
    {
        var key = (householdId, day);
        if (pendingDays.TryGetValue(key, out var pending) || days.TryGetValue(key, out pending))
        {
            return pending;
        }
        DayTotals loaded = default;
        using (var reader = Sql.Bind(selectDay, Transaction, householdId, day).ExecuteReader())
        {
            if (reader.Read())
            {
                loaded = new DayTotals(reader.GetInt64(0), reader.GetInt64(1));
            }
        }
        days[key] = loaded;
        return loaded;
    }

    /// <summary>Adds to a household's credited totals of a day (negative for a reversal; floored at zero).</summary>
    public void AddDay(string householdId, string day, long grams, long points)
    {
        var now = Day(householdId, day);
        pendingDays[(householdId, day)] = new DayTotals(Math.Max(0, now.Grams + grams), Math.Max(0, now.Points + points));
    }

    /// <summary>The card's latest drop-off as of the open transaction, or null.</summary>
    public CardLastSeen? CardLast(string cardUid)
    {
        if (pendingCardLast.TryGetValue(cardUid, out var pending) || cardLast.TryGetValue(cardUid, out pending))
        {
            return pending;
        }
        CardLastSeen? loaded = null;
        using (var reader = Sql.Bind(selectCardLast, Transaction, cardUid).ExecuteReader())
        {
            if (reader.Read())
            {
                loaded = new CardLastSeen(reader.GetString(0), Sql.ParseUtc(reader.GetString(1)));
            }
        }
        if (loaded is not null)
        {
            cardLast[cardUid] = loaded;
        }
        return loaded;
    }

    /// <summary>Remembers a card's drop-off if it is the latest seen (a resend may deliver an older one late).</summary>
    public void SeeCard(string cardUid, CardLastSeen seen)
    {
        var previous = CardLast(cardUid);
        if (previous is null || seen.OccurredUtc >= previous.OccurredUtc)
        {
            pendingCardLast[cardUid] = seen;
        }
    }

    private void PrepareIngest()
    {
        insertClaim = Add(Sql.Prepare(connection, "INSERT OR IGNORE INTO seq_claims (bin_id, seq, kind) VALUES ($b, $s, $k)", "$b", "$s", "$k"));
        insertDropOff = Add(Sql.Prepare(connection,
            "INSERT INTO dropoffs (bin_id, seq, received_utc, occurred_utc, session_start_utc, session_end_utc, community_id, " +
            "bin_location, lat, lon, card_uid, household_id, material, gross_before_grams, gross_after_grams, net_grams, items, flags, " +
            "calibration_version, firmware, outcome, reason, points, gco2e, price_version, factor_version, rule_set_version, notes, " +
            "idempotency_key, local_day) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, " +
            "$p15, $p16, $p17, $p18, $p19, $p20, $p21, $p22, $p23, $p24, $p25, $p26, $p27, $p28, $p29)",
            ParameterNames(30)));
        insertEvent = Add(Sql.Prepare(connection,
            "INSERT INTO events (bin_id, seq, received_utc, kind, code, at_utc, grams, card_uid, clock_unset) " +
            "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)", ParameterNames(9)));
        selectDay = Add(Sql.Prepare(connection, "SELECT grams, points FROM household_day WHERE household_id = $h AND day = $d", "$h", "$d"));
        upsertDay = Add(Sql.Prepare(connection,
            "INSERT INTO household_day (household_id, day, grams, points) VALUES ($h, $d, $g, $p) " +
            "ON CONFLICT (household_id, day) DO UPDATE SET grams = excluded.grams, points = excluded.points", "$h", "$d", "$g", "$p"));
        selectCardLast = Add(Sql.Prepare(connection, "SELECT bin_id, occurred_utc FROM card_last WHERE card_uid = $c", "$c"));
        upsertCardLast = Add(Sql.Prepare(connection,
            "INSERT INTO card_last (card_uid, bin_id, occurred_utc) VALUES ($c, $b, $at) " +
            "ON CONFLICT (card_uid) DO UPDATE SET bin_id = excluded.bin_id, occurred_utc = excluded.occurred_utc", "$c", "$b", "$at"));
        addCommunityGrams = Add(Sql.Prepare(connection,
            "INSERT INTO community_totals (community_id, committed_grams) VALUES ($c, $g) " +
            "ON CONFLICT (community_id) DO UPDATE SET committed_grams = committed_grams + excluded.committed_grams", "$c", "$g"));
    }

    private SqliteCommand Add(SqliteCommand command)
    {
        ingestCommands.Add(command);
        return command;
    }

    private static string[] ParameterNames(int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return names;
    }

    private void FlushIngest(SqliteTransaction tx)
    {
        foreach (var ((household, day), totals) in pendingDays)
        {
            Sql.Bind(upsertDay, tx, household, day, totals.Grams, totals.Points).ExecuteNonQuery();
        }
        foreach (var (card, seen) in pendingCardLast)
        {
            Sql.Bind(upsertCardLast, tx, card, seen.BinId, Sql.Utc(seen.OccurredUtc)).ExecuteNonQuery();
        }
        foreach (var (community, grams) in pendingCommunityGrams)
        {
            if (grams != 0)
            {
                Sql.Bind(addCommunityGrams, tx, community, grams).ExecuteNonQuery();
            }
        }
    }

    private void PublishIngest()
    {
        if (days.Count + pendingDays.Count > DayCacheMax)
        {
            days.Clear();
        }
        foreach (var (key, value) in pendingDays)
        {
            days[key] = value;
        }
        if (cardLast.Count + pendingCardLast.Count > CardLastCacheMax)
        {
            cardLast.Clear();
        }
        foreach (var (key, value) in pendingCardLast)
        {
            cardLast[key] = value;
        }
    }

    private void ClearIngestPending()
    {
        pendingDays.Clear();
        pendingCardLast.Clear();
        pendingCommunityGrams.Clear();
    }

    private void LoadRegistry()
    {
        Bins.Clear();
        CardHouseholds.Clear();
        HouseholdCommunities.Clear();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, community_id, material, location, lat, lon, active FROM bins;" +
                              "SELECT uid, household_id FROM cards WHERE active = 1;" +
                              "SELECT id, community_id FROM households";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bin = ToBinInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Sql.NullableDouble(reader, 4), Sql.NullableDouble(reader, 5), reader.GetInt64(6) != 0);
            Bins[bin.BinId] = bin;
        }
        reader.NextResult();
        while (reader.Read())
        {
            CardHouseholds[reader.GetString(0)] = reader.GetString(1);
        }
        reader.NextResult();
        while (reader.Read())
        {
            HouseholdCommunities[reader.GetString(0)] = reader.GetString(1);
        }
    }

    /// <summary>Ingest's view of a bin row.</summary>
    public static BinInfo ToBinInfo(string binId, string communityId, string material, string location, double? lat, double? lon, bool active = true) =>
        new(binId, communityId, material, location, lat is { } la && lon is { } lo ? new GeoPoint(la, lo) : null, active);

    /// <summary>
    /// Re-reads one bin's committed row into the cache (another connection may have registered or changed it);
    /// null when there is no such bin. Bins are never written by ingest, so caching the row at once is exact.
    /// </summary>
    public BinInfo? ReloadBin(string binId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = "SELECT id, community_id, material, location, lat, lon, active FROM bins WHERE id = $b";
        command.Parameters.AddWithValue("$b", binId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var bin = ToBinInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            Sql.NullableDouble(reader, 4), Sql.NullableDouble(reader, 5), reader.GetInt64(6) != 0);
        Bins[bin.BinId] = bin;
        return bin;
    }

    private void DisposeIngest()
    {
        foreach (var command in ingestCommands)
        {
            command.Dispose();
        }
    }
}
