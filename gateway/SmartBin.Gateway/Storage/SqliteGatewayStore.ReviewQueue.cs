using System.Collections.Generic;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>The staff review queue's reads (held and suspense drop-offs with their audit) and the decision records.</summary>
public sealed partial class SqliteGatewayStore
{
    private const string ReviewItemSelect =
        "SELECT d.bin_id, d.seq, d.community_id, d.bin_location, d.received_utc, d.occurred_utc, d.card_uid, d.household_id, c.household_id, " +
        "d.material, d.net_grams, d.items, d.flags, d.outcome, d.reason, d.notes, d.points, d.gco2e, d.price_version, d.factor_version, d.rule_set_version " +
        "FROM dropoffs d LEFT JOIN cards c ON c.uid = d.card_uid AND c.active = 1";

    private const string DecisionColumns = "id, bin_id, seq, decision, staff, note, held_reason, outcome, points, decided_utc";

    /// <summary>
    /// Drop-offs with outcome <paramref name="outcome"/> (<c>held</c> or <c>suspense</c>), oldest received first; one
    /// community's when <paramref name="communityId"/> is set. The outcome index finds them without a table scan.
    /// </summary>
    public IReadOnlyList<ReviewItem> ReviewItems(string outcome, string? communityId, int limit) => communityId is null
        ? QueryOutcome($"{ReviewItemSelect} WHERE d.outcome = $o ORDER BY d.received_utc, d.rowid LIMIT $n", outcome, null, limit)
        : QueryOutcome($"{ReviewItemSelect} WHERE d.outcome = $o AND d.community_id = $p ORDER BY d.received_utc, d.rowid LIMIT $n", outcome, communityId, limit);

    /// <summary>How many drop-offs are held for staff, in one community or (null) all.</summary>
    public long HeldCount(string? communityId)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = communityId is null
            ? "SELECT COUNT(*) FROM dropoffs WHERE outcome = 'held'"
            : "SELECT COUNT(*) FROM dropoffs WHERE outcome = 'held' AND community_id = $p";
        if (communityId is not null)
        {
            command.Parameters.AddWithValue("$p", communityId);
        }
        return Sql.ToLong(command.ExecuteScalar());
    }

    /// <summary>One drop-off's audit record whatever its outcome, or null when there is none.</summary>
    public ReviewItem? ReviewItem(string binId, long seq) =>
        Query($"{ReviewItemSelect} WHERE d.bin_id = $p AND d.seq = $n", binId, ReadReviewItem, seq) is [var item] ? item : null;

    /// <summary>The staff decisions on one drop-off, oldest first.</summary>
    public IReadOnlyList<ReviewDecision> ReviewDecisionsOf(string binId, long seq) =>
        Query($"SELECT {DecisionColumns} FROM review_decisions WHERE bin_id = $p AND seq = $n ORDER BY id", binId, ReadDecision, seq);

    /// <summary>The latest decisions, newest first, on drop-offs of one community (or, null, all).</summary>
    public IReadOnlyList<ReviewDecision> RecentReviewDecisions(string? communityId, int limit) => communityId is null
        ? Query($"SELECT {DecisionColumns} FROM review_decisions ORDER BY id DESC LIMIT $n", null, ReadDecision, limit)
        : Query($"SELECT r.{DecisionColumns.Replace(", ", ", r.", System.StringComparison.Ordinal)} FROM review_decisions r " +
            "JOIN dropoffs d ON d.bin_id = r.bin_id AND d.seq = r.seq WHERE d.community_id = $p ORDER BY r.id DESC LIMIT $n", communityId, ReadDecision, limit);

    /// <summary>
    /// The bin's drop-offs of <paramref name="communityId"/> with a sequence within <paramref name="span"/> of
    /// <paramref name="seq"/> (the primary key range), by seq. The community too: a bin moved to another community
    /// keeps its sequence, and the older drop-offs are not the new community's staff's to see.
    /// </summary>
    public IReadOnlyList<DropOffRow> DropOffsAround(string binId, string communityId, long seq, int span)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DropOffRowColumns} FROM dropoffs WHERE bin_id = $b AND seq BETWEEN $lo AND $hi AND community_id = $c ORDER BY seq";
        command.Parameters.AddWithValue("$b", binId);
        command.Parameters.AddWithValue("$c", communityId);
        command.Parameters.AddWithValue("$lo", seq - span);
        command.Parameters.AddWithValue("$hi", seq + span);
        using var reader = command.ExecuteReader();
        var rows = new List<DropOffRow>();
        while (reader.Read())
        {
            rows.Add(ReadDropOff(reader));
        }
        return rows;
    }

    /// <summary>Appends the decision (inside the decision's transaction); the outcome is read back after the resolution.</summary>
    private static void RecordDecision(Writer w, string binId, long seq, string decision, string staffId, string note, ReviewRow row)
    {
        var inserted = Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO review_decisions (bin_id, seq, decision, staff, note, held_reason, outcome, points, decided_utc) " +
            "SELECT bin_id, seq, $d, $by, $note, $why, outcome, $pts, resolved_utc FROM dropoffs WHERE bin_id = $b AND seq = $s",
            ("$d", decision), ("$by", staffId), ("$note", note), ("$why", row.Reason), ("$pts", row.Points), ("$b", binId), ("$s", seq));
        System.Diagnostics.Debug.Assert(inserted == 1, "a decision on a drop-off that is not there");
    }

    private List<ReviewItem> QueryOutcome(string sql, string outcome, string? communityId, int limit)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$o", outcome);
        command.Parameters.AddWithValue("$n", System.Math.Max(0, limit));
        if (communityId is not null)
        {
            command.Parameters.AddWithValue("$p", communityId);
        }
        using var reader = command.ExecuteReader();
        var items = new List<ReviewItem>();
        while (reader.Read())
        {
            items.Add(ReadReviewItem(reader));
        }
        return items;
    }

    private static ReviewItem ReadReviewItem(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Sql.ParseUtc(r.GetString(4)), Sql.ParseUtc(r.GetString(5)),
        r.GetString(6), Sql.NullableString(r, 7), Sql.NullableString(r, 8), r.GetString(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12),
        r.GetString(13), r.GetString(14), r.GetString(15), r.GetInt64(16), r.GetInt64(17), r.GetString(18), r.GetString(19), r.GetString(20));

    private static ReviewDecision ReadDecision(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.GetInt64(8), Sql.ParseUtc(r.GetString(9)));
}
