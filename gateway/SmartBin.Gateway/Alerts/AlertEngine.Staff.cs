using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace SmartBin.Gateway.Alerts;

/// <summary>What happened to a staff action on an alert.</summary>
public enum AlertActionOutcome
{
    /// <summary>Recorded.</summary>
    Done = 1,

    /// <summary>No open alert has that id (it cleared meanwhile, or never existed); nothing recorded.</summary>
    NotOpen = 2,
}

/// <summary>Staff actions: acknowledge and resolve, taken under the engine's lock so they never race a rule.</summary>
public sealed partial class AlertEngine
{
    /// <summary>Longest note kept with an action, characters.</summary>
    public const int NoteCharsMax = 500;

    /// <summary>Records an acknowledgement of open alert <paramref name="alertId"/> by <paramref name="byUser"/>.</summary>
    public AlertActionOutcome Acknowledge(long alertId, string byUser, string note)
    {
        lock (gate)
        {
            if (FindOpen(alertId) is null)
            {
                return AlertActionOutcome.NotOpen;
            }
            store.Acknowledge(alertId, byUser, Trim(note), time.GetUtcNow());
        }
        metrics.Increment("smartbin_alert_actions_total", "Staff actions on alerts, by action.", 1, ("action", AlertActionKinds.Acknowledged));
        log.LogInformation("alert {Id} acknowledged by {User}", alertId, byUser);
        return AlertActionOutcome.Done;
    }

    /// <summary>
    /// Resolves (clears) open alert <paramref name="alertId"/> for <paramref name="byUser"/>. A fill alert's run starts
    /// over, so if the bin is still full it opens again only after a whole persistence window; other conditions that
    /// persist open a new alert at the next message or check.
    /// </summary>
    public AlertActionOutcome Resolve(long alertId, string byUser, string note)
    {
        AlertChange change;
        lock (gate)
        {
            if (FindOpen(alertId) is not { } alert)
            {
                return AlertActionOutcome.NotOpen;
            }
            try
            {
                change = store.Resolve(alert, byUser, Trim(note), time.GetUtcNow()).Change;
            }
            catch (SqliteException e)
            {
                metrics.Increment("smartbin_alerts_store_errors_total", "Alert changes the store could not write (retried on the next message).");
                log.LogError(e, "alert store failed resolving alert {Id}", alertId);
                throw;
            }
            open.Remove((alert.BinId, alert.Kind));
            if (alert.Kind == AlertKinds.Fill && tracks.TryGetValue(alert.BinId, out var track))
            {
                track.FillAboveSinceUtc = null;
            }
            Publish(change);
        }
        metrics.Increment("smartbin_alert_actions_total", "Staff actions on alerts, by action.", 1, ("action", AlertActionKinds.Resolved));
        return AlertActionOutcome.Done;
    }

    /// <summary>Acknowledgements and resolutions of <paramref name="alertIds"/>, oldest first.</summary>
    public IReadOnlyList<AlertAction> Actions(IReadOnlyCollection<long> alertIds) => store.Actions(alertIds);

    /// <summary>History, newest first, of one community (every community when null) and optionally one bin.</summary>
    public IReadOnlyList<AlertChange> History(string? binId, string? communityId, int limit) => store.History(binId, communityId, limit);

    private Alert? FindOpen(long alertId) => open.Values.FirstOrDefault(a => a.Id == alertId);

    private static string Trim(string note) => note.Length > NoteCharsMax ? note[..NoteCharsMax] : note;
}
