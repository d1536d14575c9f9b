using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Residents;

/// <summary>A card as the portal needs it.</summary>
/// <param name="CardUid">UID as stored.</param>
/// <param name="HouseholdId">Its household.</param>
/// <param name="CommunityId">The household's community (staff scoping).</param>
/// <param name="Active">False for a deactivated card: it cannot sign in.</param>
/// <param name="PinHash">The PIN's hash text, or null before one is chosen.</param>
/// <param name="PinGeneration">How many times the card's PIN has been set (0 before the first); a session is valid only for the generation it was issued under.</param>
public sealed record ResidentCard(string CardUid, string HouseholdId, string CommunityId, bool Active, string? PinHash, long PinGeneration);

/// <summary>One drop-off on the resident's history page.</summary>
/// <param name="OccurredUtc">When the session closed.</param>
/// <param name="BinLocation">Where the bin stands.</param>
/// <param name="Material">Stream.</param>
/// <param name="NetGrams">Weight.</param>
/// <param name="Outcome">credited, held, suspense, rejected, reversed, recorded.</param>
/// <param name="Reason">The crediting rule's reason code (empty when credited).</param>
/// <param name="Points">Points evaluated (booked only when credited).</param>
/// <param name="GramsCo2e">Carbon points evaluated.</param>
public sealed record ResidentDropOff(DateTimeOffset OccurredUtc, string BinLocation, string Material, int NetGrams, string Outcome, string Reason, long Points, long GramsCo2e);

/// <summary>One redemption on the resident's history page.</summary>
/// <param name="CreatedUtc">When it started.</param>
/// <param name="Kind">payment, order, bill-deduction.</param>
/// <param name="PartnerName">Shop, mall or card operator.</param>
/// <param name="Points">Points authorised, reserved or deducted.</param>
/// <param name="State">reserved, captured, released, expired, refunded, deducted, reversed.</param>
/// <param name="CapturedPoints">Points taken.</param>
/// <param name="RefundedPoints">Points given back.</param>
/// <param name="BillType">For a bill deduction: water, power, gas, property, parking, transport.</param>
public sealed record ResidentRedemption(DateTimeOffset CreatedUtc, string Kind, string PartnerName, long Points, string State, long CapturedPoints, long RefundedPoints, string? BillType);

/// <summary>One page of rows and how many there are in all.</summary>
/// <typeparam name="T">Row type.</typeparam>
/// <param name="Rows">The page, newest first.</param>
/// <param name="Total">Rows in all.</param>
public sealed record ResidentPage<T>(IReadOnlyList<T> Rows, long Total);

/// <summary>
/// SQL of the portal (migrations 8 and 9: <c>resident_pins</c> and <c>resident_codes</c>, and reads of a household's
/// drop-offs and redemptions). Writes go through the store's write transaction, reads through its read pool.
/// </summary>
internal static class ResidentRows
{
    // An empty pin_hash is a PIN forgotten when the card was deactivated (SqliteGatewayStore.DeactivateCard): none.
    public static ResidentCard? FindCard(SqliteGatewayStore store, string cardUid) => Read(store,
        "SELECT c.uid, c.household_id, h.community_id, c.active, NULLIF(p.pin_hash, ''), COALESCE(p.generation, 0) FROM cards c " +
        "JOIN households h ON h.id = c.household_id LEFT JOIN resident_pins p ON p.card_uid = c.uid WHERE c.uid = $a",
        r => new ResidentCard(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) == 1, Sql.NullableString(r, 4), r.GetInt64(5)),
        cardUid) is [var card] ? card : null;

    /// <summary>Stores a new code for the card, ending any open one (only the newest code works).</summary>
    public static void IssueCode(SqliteGatewayStore store, string cardUid, string codeHash, string issuedBy, DateTimeOffset nowUtc, DateTimeOffset expiresUtc) =>
        store.WriteTransaction(w =>
        {
            Sql.Execute(w.Connection, w.Transaction,
                "UPDATE resident_codes SET ended_utc = $at, ended_how = 'replaced' WHERE card_uid = $c AND ended_utc IS NULL",
                ("$at", Sql.Utc(nowUtc)), ("$c", cardUid));
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO resident_codes (card_uid, code_hash, issued_by, issued_utc, expires_utc) VALUES ($c, $h, $by, $at, $exp)",
                ("$c", cardUid), ("$h", codeHash), ("$by", issuedBy), ("$at", Sql.Utc(nowUtc)), ("$exp", Sql.Utc(expiresUtc)));
            return true;
        });

    /// <summary>The card's open (not used, not replaced) codes: id, hash, expiry.</summary>
    public static List<(long Id, string Hash, DateTimeOffset ExpiresUtc)> OpenCodes(SqliteGatewayStore store, string cardUid) => Read(store,
        "SELECT id, code_hash, expires_utc FROM resident_codes WHERE card_uid = $a AND ended_utc IS NULL",
        r => (r.GetInt64(0), r.GetString(1), Sql.ParseUtc(r.GetString(2))), cardUid);

    /// <summary>Marks a code used; false when another request used it first (a code works once).</summary>
    public static bool UseCode(SqliteGatewayStore store, long codeId, DateTimeOffset nowUtc) => store.WriteTransaction(w =>
        Sql.Execute(w.Connection, w.Transaction,
            "UPDATE resident_codes SET ended_utc = $at, ended_how = 'used' WHERE id = $id AND ended_utc IS NULL",
            ("$at", Sql.Utc(nowUtc)), ("$id", codeId)) == 1);

    /// <summary>
    /// Sets (or replaces) the card's PIN hash and moves its generation on by one, which ends every session issued under
    /// an earlier one. Only when the generation is still <paramref name="expectedGeneration"/> (the session's own):
    /// a session that another one's change ended while this request ran changes nothing. Returns the new generation,
    /// or null when the expected one was stale.
    /// </summary>
    public static long? SetPin(SqliteGatewayStore store, string cardUid, string pinHash, DateTimeOffset nowUtc, long expectedGeneration) =>
        store.WriteTransaction(w =>
        {
            long current;
            using (var read = w.Connection.CreateCommand())
            {
                read.Transaction = w.Transaction;
                read.CommandText = "SELECT generation FROM resident_pins WHERE card_uid = $c";
                read.Parameters.AddWithValue("$c", cardUid);
                current = Sql.ToLong(read.ExecuteScalar(), fallback: 0);
            }
            if (current != expectedGeneration)
            {
                return (long?)null;
            }
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO resident_pins (card_uid, pin_hash, set_utc, generation) VALUES ($c, $h, $at, $g) " +
                "ON CONFLICT (card_uid) DO UPDATE SET pin_hash = excluded.pin_hash, set_utc = excluded.set_utc, generation = excluded.generation",
                ("$c", cardUid), ("$h", pinHash), ("$at", Sql.Utc(nowUtc)), ("$g", current + 1));
            return current + 1;
        }, commit: generation => generation is not null);

    /// <summary>The household's drop-offs, newest first (suspense rows have no household yet and are not shown).</summary>
    public static ResidentPage<ResidentDropOff> DropOffs(SqliteGatewayStore store, string householdId, int offset, int limit)
    {
        var rows = Read(store,
            "SELECT occurred_utc, bin_location, material, net_grams, outcome, reason, points, gco2e FROM dropoffs " +
            "WHERE household_id = $a ORDER BY occurred_utc DESC, rowid DESC LIMIT $b OFFSET $c",
            r => new ResidentDropOff(Sql.ParseUtc(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetInt64(7)),
            householdId, limit, offset);
        return new ResidentPage<ResidentDropOff>(rows, Count(store, "SELECT COUNT(*) FROM dropoffs WHERE household_id = $a", householdId));
    }

    /// <summary>The household's redemptions (shop payments, mall orders, bill deductions), newest first.</summary>
    public static ResidentPage<ResidentRedemption> Redemptions(SqliteGatewayStore store, string householdId, int offset, int limit)
    {
        var rows = Read(store,
            "SELECT r.created_utc, r.kind, p.name, r.points, r.state, r.captured_points, r.refunded_points, r.bill_type " +
            "FROM redemptions r JOIN partners p ON p.partner_id = r.partner_id WHERE r.household_id = $a " +
            "ORDER BY r.created_utc DESC, r.id DESC LIMIT $b OFFSET $c",
            r => new ResidentRedemption(Sql.ParseUtc(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), Sql.NullableString(r, 7)),
            householdId, limit, offset);
        return new ResidentPage<ResidentRedemption>(rows, Count(store, "SELECT COUNT(*) FROM redemptions WHERE household_id = $a", householdId));
    }

    /// <summary>The household's label and its community's name, or null for an unknown household.</summary>
    public static (string Label, string Community)? Household(SqliteGatewayStore store, string householdId) => Read(store,
        "SELECT h.label, c.name FROM households h JOIN communities c ON c.id = h.community_id WHERE h.id = $a",
        r => (r.GetString(0), r.GetString(1)), householdId) is [var row] ? row : null;

    private static long Count(SqliteGatewayStore store, string sql, string householdId) =>
        Read(store, sql, r => r.GetInt64(0), householdId) is [var n] ? n : 0;

    // Parameters are bound in order as $a, $b, $c.
    private static List<T> Read<T>(SqliteGatewayStore store, string sql, Func<SqliteDataReader, T> read, params object[] values)
    {
        using var connection = store.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), values[i]);
        }
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
