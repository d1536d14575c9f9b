using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Redemption;

/// <summary>One row of <c>redemptions</c>.</summary>
internal sealed record RedemptionRow(
    string Id, string PartnerId, string Kind, string HouseholdId, string? CardUid, long Points, string State,
    long CapturedPoints, long RefundedPoints, string? BillType, string Reference, string ClientKey,
    DateTimeOffset? ExpiresUtc, DateTimeOffset CreatedUtc, DateTimeOffset UpdatedUtc);

/// <summary>A remembered answer to a partner POST.</summary>
internal sealed record RememberedRequest(string Operation, string Fingerprint, int Status, string Response);

/// <summary>SQL of the <c>redemptions</c> and <c>partner_requests</c> tables (inside the writer's transaction, or on a read connection).</summary>
internal static class RedemptionRows
{
    private const string Columns =
        "id, partner_id, kind, household_id, card_uid, points, state, captured_points, refunded_points, bill_type, " +
        "partner_reference, client_key, expires_utc, created_utc, updated_utc";

    public static void Insert(Writer w, RedemptionRow r) => Sql.Execute(w.Connection, w.Transaction,
        $"INSERT INTO redemptions ({Columns}) VALUES ($id, $p, $k, $h, $c, $pts, $s, $cap, $ref, $b, $pr, $ck, $exp, $at, $up)",
        ("$id", r.Id), ("$p", r.PartnerId), ("$k", r.Kind), ("$h", r.HouseholdId), ("$c", r.CardUid), ("$pts", r.Points),
        ("$s", r.State), ("$cap", r.CapturedPoints), ("$ref", r.RefundedPoints), ("$b", r.BillType), ("$pr", r.Reference),
        ("$ck", r.ClientKey), ("$exp", r.ExpiresUtc is { } e ? Sql.Utc(e) : null), ("$at", Sql.Utc(r.CreatedUtc)), ("$up", Sql.Utc(r.UpdatedUtc)));

    /// <summary>Writes a new state and amounts, only if the row is still in <paramref name="expectedState"/> (asserted: one writer).</summary>
    public static void Update(Writer w, RedemptionRow r, string expectedState)
    {
        var changed = Sql.Execute(w.Connection, w.Transaction,
            "UPDATE redemptions SET state = $s, captured_points = $cap, refunded_points = $ref, updated_utc = $up WHERE id = $id AND state = $was",
            ("$s", r.State), ("$cap", r.CapturedPoints), ("$ref", r.RefundedPoints), ("$up", Sql.Utc(r.UpdatedUtc)), ("$id", r.Id), ("$was", expectedState));
        if (changed != 1)
        {
            throw new InvalidOperationException($"redemption {r.Id} was not in state {expectedState}");
        }
    }

    /// <summary>The partner's redemption of the given kind, or null (another partner's is invisible).</summary>
    public static RedemptionRow? Find(Writer w, string partnerId, string kind, string id) =>
        Read(w.Connection, w.Transaction, $"SELECT {Columns} FROM redemptions WHERE id = $a AND partner_id = $b AND kind = $c", id, partnerId, kind) is [var row] ? row : null;

    /// <summary>As <see cref="Find(Writer, string, string, string)"/> on a read connection.</summary>
    public static RedemptionRow? Find(SqliteConnection c, string partnerId, string kind, string id) =>
        Read(c, null, $"SELECT {Columns} FROM redemptions WHERE id = $a AND partner_id = $b AND kind = $c", id, partnerId, kind) is [var row] ? row : null;

    /// <summary>Open reservations whose hold ended at or before <paramref name="nowUtc"/>, oldest first, at most <paramref name="max"/>.</summary>
    public static List<RedemptionRow> Due(Writer w, DateTimeOffset nowUtc, int max) =>
        Read(w.Connection, w.Transaction,
            $"SELECT {Columns} FROM redemptions WHERE state = 'reserved' AND expires_utc <= $a ORDER BY expires_utc LIMIT $b",
            Sql.Utc(nowUtc), max, "");

    /// <summary>True when a live redemption (reserved, captured, deducted) of the partner carries this reference.</summary>
    public static bool ReferenceLive(Writer w, string partnerId, string reference)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = "SELECT COUNT(*) FROM redemptions WHERE partner_id = $p AND partner_reference = $r AND state IN ('reserved','captured','deducted')";
        command.Parameters.AddWithValue("$p", partnerId);
        command.Parameters.AddWithValue("$r", reference);
        return Sql.ToLong(command.ExecuteScalar()) > 0;
    }

    public static RememberedRequest? FindRequest(Writer w, string partnerId, string clientKey)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = "SELECT operation, fingerprint, status_code, response FROM partner_requests WHERE partner_id = $p AND client_key = $k";
        command.Parameters.AddWithValue("$p", partnerId);
        command.Parameters.AddWithValue("$k", clientKey);
        using var r = command.ExecuteReader();
        return r.Read() ? new RememberedRequest(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3)) : null;
    }

    public static void InsertRequest(Writer w, string partnerId, string clientKey, RememberedRequest request, DateTimeOffset atUtc) =>
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO partner_requests (partner_id, client_key, operation, fingerprint, status_code, response, created_utc) VALUES ($p, $k, $o, $f, $s, $r, $at)",
            ("$p", partnerId), ("$k", clientKey), ("$o", request.Operation), ("$f", request.Fingerprint), ("$s", request.Status),
            ("$r", request.Response), ("$at", Sql.Utc(atUtc)));

    private static List<RedemptionRow> Read(SqliteConnection c, SqliteTransaction? tx, string sql, object a, object b, object c3)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        if (sql.Contains("$c", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("$c", c3);
        }
        using var r = command.ExecuteReader();
        var rows = new List<RedemptionRow>();
        while (r.Read())
        {
            rows.Add(new RedemptionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Sql.NullableString(r, 4),
                r.GetInt64(5), r.GetString(6), r.GetInt64(7), r.GetInt64(8), Sql.NullableString(r, 9), r.GetString(10), r.GetString(11),
                r.IsDBNull(12) ? null : Sql.ParseUtc(r.GetString(12)), Sql.ParseUtc(r.GetString(13)), Sql.ParseUtc(r.GetString(14))));
        }
        return rows;
    }
}
