using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Alerts;

/// <summary>What staff did about alerts: acknowledgements and resolutions, with who, when and a note (append-only).</summary>
public sealed partial class AlertStore
{
    /// <summary>Most alert ids one <see cref="Actions"/> call may ask about (one SQL parameter each).</summary>
    public const int ActionQueryIdsMax = 500;

    /// <summary>Records that <paramref name="byUser"/> acknowledged alert <paramref name="alertId"/> (it stays open).</summary>
    public AlertAction Acknowledge(long alertId, string byUser, string note, DateTimeOffset atUtc)
    {
        atUtc = ToStoredPrecision(atUtc);
        lock (gate)
        {
            using var tx = Connection.BeginTransaction(deferred: false);
            var action = AppendAction(tx, new AlertAction(0, alertId, AlertActionKinds.Acknowledged, byUser, atUtc, note));
            tx.Commit();
            return action;
        }
    }

    /// <summary>
    /// Resolves an open alert for staff: the resolution and the clearing (history row <c>cleared</c>, detail naming who
    /// resolved it) in one transaction, so neither is ever stored without the other.
    /// </summary>
    public (AlertChange Change, AlertAction Action) Resolve(Alert open, string byUser, string note, DateTimeOffset atUtc)
    {
        ArgumentNullException.ThrowIfNull(open);
        atUtc = ToStoredPrecision(atUtc);
        lock (gate)
        {
            using var tx = Connection.BeginTransaction(deferred: false);
            var action = AppendAction(tx, new AlertAction(0, open.Id, AlertActionKinds.Resolved, byUser, atUtc, note));
            var change = ClearIn(tx, open, $"resolved by {byUser}: {note}", atUtc);
            tx.Commit();
            return (change, action);
        }
    }

    /// <summary>The actions on <paramref name="alertIds"/>, oldest first.</summary>
    public IReadOnlyList<AlertAction> Actions(IReadOnlyCollection<long> alertIds)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alertIds.Count, ActionQueryIdsMax);
        if (alertIds.Count == 0)
        {
            return [];
        }
        lock (gate)
        {
            using var command = Connection.CreateCommand();
            var names = alertIds.Select((id, i) =>
            {
                command.Parameters.AddWithValue("$a" + i.ToString(CultureInfo.InvariantCulture), id);
                return "$a" + i.ToString(CultureInfo.InvariantCulture);
            }).ToList();
            command.CommandText = "SELECT action_id, alert_id, action, by_user, at_utc, note FROM alert_actions " +
                $"WHERE alert_id IN ({string.Join(", ", names)}) ORDER BY action_id";
            using var reader = command.ExecuteReader();
            var actions = new List<AlertAction>();
            while (reader.Read())
            {
                actions.Add(new AlertAction(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    ParseTime(reader.GetString(4)), reader.GetString(5)));
            }
            return actions;
        }
    }

    private static AlertAction AppendAction(SqliteTransaction tx, AlertAction action)
    {
        using var insert = tx.Connection!.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO alert_actions (alert_id, action, by_user, at_utc, note) VALUES ($alert, $action, $by, $at, $note) RETURNING action_id";
        insert.Parameters.AddWithValue("$alert", action.AlertId);
        insert.Parameters.AddWithValue("$action", action.Action);
        insert.Parameters.AddWithValue("$by", action.ByUser);
        insert.Parameters.AddWithValue("$at", FormatTime(action.AtUtc));
        insert.Parameters.AddWithValue("$note", action.Note);
        return action with { ActionId = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture) };
    }
}
