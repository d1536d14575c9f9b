using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Lost, stolen and cloned cards: deactivation and a card's state (schema migration 10).</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Most deactivations of one card a <see cref="CardState"/> carries (the latest ones).</summary>
    public const int CardDeactivationsShownMax = 20;

    /// <summary>
    /// Deactivates an active card in one transaction: the card is marked inactive, the deactivation recorded
    /// (<c>card_deactivations</c>: household, <paramref name="reason"/>, <paramref name="operatorName"/>, time), the
    /// card's resident PIN forgotten and its open sign-in codes ended, and, after the commit, the card is dropped from
    /// the writer's card → household map, so the next ingest batch already parks its drop-offs in suspense
    /// (<c>unknown-card</c>) and a partner can no longer charge it. An inactive card is left as it is
    /// (<see cref="CardDeactivationOutcome.AlreadyInactive"/>); registering it again (<see cref="RegisterCard"/>, to any
    /// household) makes it active and releases its suspense. The card's state is read in the same transaction.
    /// </summary>
    public (CardDeactivationOutcome Outcome, CardState? Card) DeactivateCard(string cardUid, string operatorName, string reason)
    {
        var uid = (cardUid ?? "").ToUpperInvariant();
        if (!IsCardUid(uid) || string.IsNullOrWhiteSpace(operatorName) || !CardDeactivationReasons.IsStorable(reason))
        {
            return (CardDeactivationOutcome.Invalid, null);
        }
        return Write(w =>
        {
            if (ReadCardState(w.Connection, w.Transaction, uid) is not { } before)
            {
                return (CardDeactivationOutcome.UnknownCard, (CardState?)null);
            }
            if (!before.Active)
            {
                return (CardDeactivationOutcome.AlreadyInactive, before);
            }
            var now = Sql.Utc(Now);
            Sql.Execute(w.Connection, w.Transaction, "UPDATE cards SET active = 0 WHERE uid = $u", ("$u", uid));
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO card_deactivations (card_uid, household_id, reason, operator, deactivated_utc) VALUES ($u, $h, $r, $o, $at)",
                ("$u", uid), ("$h", before.HouseholdId), ("$r", reason), ("$o", operatorName), ("$at", now));
            EndResidentAccess(w, uid, now);
            w.AfterCommit(() => w.CardHouseholds.Remove(uid));
            return (CardDeactivationOutcome.Deactivated, ReadCardState(w.Connection, w.Transaction, uid));
        }, result => result.Item1 == CardDeactivationOutcome.Deactivated);
    }

    /// <summary>A card's registration, state and deactivations, or null when the card was never registered.</summary>
    public CardState? FindCardState(string cardUid)
    {
        using var connection = OpenRead();
        return ReadCardState(connection, null, (cardUid ?? "").ToUpperInvariant());
    }

    /// <summary>
    /// The resident portal's side of a deactivation (Residents/README.md): the PIN is forgotten (an empty hash reads
    /// as none) and its generation moves on, which signs out every session of the card for good, also after the card
    /// is registered again; open one-time codes end. Whoever holds the card next starts with a code from staff.
    /// </summary>
    private static void EndResidentAccess(Writer w, string uid, string now)
    {
        Sql.Execute(w.Connection, w.Transaction,
            "INSERT INTO resident_pins (card_uid, pin_hash, set_utc, generation) VALUES ($c, '', $at, 1) " +
            "ON CONFLICT (card_uid) DO UPDATE SET pin_hash = '', set_utc = excluded.set_utc, generation = generation + 1",
            ("$c", uid), ("$at", now));
        Sql.Execute(w.Connection, w.Transaction,
            "UPDATE resident_codes SET ended_utc = $at, ended_how = 'deactivated' WHERE card_uid = $c AND ended_utc IS NULL",
            ("$c", uid), ("$at", now));
    }

    private static CardState? ReadCardState(SqliteConnection connection, SqliteTransaction? transaction, string uid)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT c.household_id, h.community_id, c.active, c.registered_utc FROM cards c JOIN households h ON h.id = c.household_id WHERE c.uid = $u;" +
            "SELECT household_id, reason, operator, deactivated_utc FROM card_deactivations WHERE card_uid = $u ORDER BY id DESC LIMIT $max";
        command.Parameters.AddWithValue("$u", uid);
        command.Parameters.AddWithValue("$max", CardDeactivationsShownMax);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var (household, community, active, registered) =
            (reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, Sql.ParseUtc(reader.GetString(3)));
        reader.NextResult();
        var deactivations = new List<CardDeactivation>();
        while (reader.Read())
        {
            deactivations.Add(new CardDeactivation(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.ParseUtc(reader.GetString(3))));
        }
        deactivations.Reverse();
        return new CardState(uid, household, community, active, registered, deactivations);
    }
}
