using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Alerts;

/// <summary>
/// Alert state and history in the gateway's main SQLite file, on a connection of its own. <c>alerts</c> holds the
/// current state per (bin, kind) (the primary key makes a second open alert of one kind on one bin impossible);
/// <c>alert_changes</c> is append-only history. Each change is one tiny IMMEDIATE transaction, because the ledger
/// writer shares the file and must not wait on us. Thread-safe (one lock around the connection).
/// </summary>
public sealed partial class AlertStore : IDisposable
{
    /// <summary>How long a statement waits for the ledger writer's lock before failing, ms.</summary>
    public const int BusyTimeoutMs = 5_000;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS alerts (
            bin_id       TEXT NOT NULL,
            kind         TEXT NOT NULL,
            alert_id     INTEGER NOT NULL UNIQUE,
            community_id TEXT,
            code         TEXT NOT NULL,
            opened_utc   TEXT NOT NULL,
            cleared_utc  TEXT,
            detail       TEXT NOT NULL,
            PRIMARY KEY (bin_id, kind)
        );
        CREATE TABLE IF NOT EXISTS alert_changes (
            change_id    INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id     INTEGER NOT NULL,
            change       TEXT NOT NULL CHECK (change IN ('opened', 'cleared')),
            at_utc       TEXT NOT NULL,
            bin_id       TEXT NOT NULL,
            kind         TEXT NOT NULL,
            community_id TEXT,
            code         TEXT NOT NULL,
            opened_utc   TEXT NOT NULL,
            cleared_utc  TEXT,
            detail       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS alert_changes_by_bin ON alert_changes (bin_id, change_id);
        CREATE INDEX IF NOT EXISTS alert_changes_by_community ON alert_changes (community_id, change_id);
        CREATE TABLE IF NOT EXISTS alert_actions (
            action_id    INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id     INTEGER NOT NULL,
            action       TEXT NOT NULL CHECK (action IN ('acknowledged', 'resolved')),
            by_user      TEXT NOT NULL,
            at_utc       TEXT NOT NULL,
            note         TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS alert_actions_by_alert ON alert_actions (alert_id, action_id);
        """;

    private const string ChangeColumns = "change_id, change, at_utc, alert_id, bin_id, community_id, kind, code, opened_utc, cleared_utc, detail";

    private readonly string databasePath;
    private readonly Lock gate = new();
    private SqliteConnection? connection;

    /// <summary>A store on <paramref name="databasePath"/>; nothing is opened until <see cref="Initialize"/>.</summary>
    public AlertStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        this.databasePath = databasePath;
    }

    /// <summary>Opens the connection (WAL, busy timeout) and creates the tables if missing. Idempotent.</summary>
    public void Initialize()
    {
        lock (gate)
        {
            if (connection is not null)
            {
                return;
            }
            var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
            var c = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = databasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                DefaultTimeout = BusyTimeoutMs / 1000,
                Pooling = false,
            }.ToString());
            c.Open();
            Execute(c, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            Execute(c, Schema);
            connection = c;
        }
    }

    /// <summary>Alerts open now (not cleared).</summary>
    public IReadOnlyList<Alert> LoadOpen()
    {
        lock (gate)
        {
            using var command = Connection.CreateCommand();
            command.CommandText = "SELECT alert_id, bin_id, community_id, kind, code, opened_utc, cleared_utc, detail FROM alerts WHERE cleared_utc IS NULL ORDER BY alert_id";
            using var reader = command.ExecuteReader();
            var open = new List<Alert>();
            while (reader.Read())
            {
                open.Add(ReadAlert(reader, 0));
            }
            return open;
        }
    }

    /// <summary>Opens an alert: new id, current-state row replaced, history row appended, in one transaction.</summary>
    public AlertChange Open(string binId, string? communityId, string kind, string code, string detail, DateTimeOffset atUtc)
    {
        atUtc = ToStoredPrecision(atUtc);
        lock (gate)
        {
            using var tx = Connection.BeginTransaction(deferred: false);
            var id = NextAlertId(tx);
            var alert = new Alert(id, binId, communityId, kind, code, atUtc, null, detail);
            using (var upsert = Command(tx, """
                INSERT INTO alerts (bin_id, kind, alert_id, community_id, code, opened_utc, cleared_utc, detail)
                VALUES ($bin, $kind, $id, $community, $code, $opened, NULL, $detail)
                ON CONFLICT (bin_id, kind) DO UPDATE SET alert_id = $id, community_id = $community, code = $code,
                    opened_utc = $opened, cleared_utc = NULL, detail = $detail
                WHERE alerts.cleared_utc IS NOT NULL
                """, alert))
            {
                if (upsert.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException($"alert {kind} on {binId} is already open in the store");
                }
            }
            var change = Append(tx, AlertChangeKinds.Opened, atUtc, alert);
            tx.Commit();
            return change;
        }
    }

    /// <summary>Clears an open alert: current-state row marked cleared, history row appended, in one transaction.</summary>
    public AlertChange Clear(Alert open, string detail, DateTimeOffset atUtc)
    {
        ArgumentNullException.ThrowIfNull(open);
        atUtc = ToStoredPrecision(atUtc);
        lock (gate)
        {
            using var tx = Connection.BeginTransaction(deferred: false);
            var change = ClearIn(tx, open, detail, atUtc);
            tx.Commit();
            return change;
        }
    }

    private static AlertChange ClearIn(SqliteTransaction tx, Alert open, string detail, DateTimeOffset atUtc)
    {
        var cleared = open with { ClearedUtc = atUtc, Detail = detail };
        using (var update = Command(tx, "UPDATE alerts SET cleared_utc = $cleared, detail = $detail WHERE alert_id = $id AND cleared_utc IS NULL", cleared))
        {
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"alert {open.Id} is not open in the store");
            }
        }
        return Append(tx, AlertChangeKinds.Cleared, atUtc, cleared);
    }

    /// <summary>History, newest first; one bin's when <paramref name="binId"/> is set.</summary>
    public IReadOnlyList<AlertChange> History(string? binId, int limit) => History(binId, null, limit);

    /// <summary>
    /// History, newest first; one bin's when <paramref name="binId"/> is set, one community's when
    /// <paramref name="communityId"/> is set (then alerts of bins the registry does not know are left out).
    /// </summary>
    public IReadOnlyList<AlertChange> History(string? binId, string? communityId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (gate)
        {
            using var command = Connection.CreateCommand();
            var filter = (binId, communityId) switch
            {
                (null, null) => "",
                (_, null) => "WHERE bin_id = $bin",
                (null, _) => "WHERE community_id = $community",
                _ => "WHERE bin_id = $bin AND community_id = $community",
            };
            command.CommandText = $"SELECT {ChangeColumns} FROM alert_changes {filter} ORDER BY change_id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit);
            command.Parameters.AddWithValue("$bin", (object?)binId ?? DBNull.Value);
            command.Parameters.AddWithValue("$community", (object?)communityId ?? DBNull.Value);
            using var reader = command.ExecuteReader();
            var rows = new List<AlertChange>();
            while (reader.Read())
            {
                rows.Add(new AlertChange(reader.GetInt64(0), reader.GetString(1), ParseTime(reader.GetString(2)), ReadAlert(reader, 3)));
            }
            return rows;
        }
    }

    /// <summary>Readiness: the store is open and its tables answer. Never throws.</summary>
    public bool Probe(out string detail)
    {
        try
        {
            lock (gate)
            {
                if (connection is null)
                {
                    detail = "not opened";
                    return false;
                }
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM alerts WHERE cleared_utc IS NULL";
                detail = $"{Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture)} open";
                return true;
            }
        }
        catch (SqliteException e)
        {
            detail = "sqlite error " + e.SqliteErrorCode;
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            connection?.Dispose();
            connection = null;
        }
    }

    private SqliteConnection Connection => connection ?? throw new InvalidOperationException("alert store not opened");

    private static long NextAlertId(SqliteTransaction tx)
    {
        using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        // Only this store writes these tables, inside IMMEDIATE transactions, so max + 1 cannot race.
        command.CommandText = "SELECT COALESCE(MAX(alert_id), 0) + 1 FROM alert_changes";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static AlertChange Append(SqliteTransaction tx, string change, DateTimeOffset atUtc, Alert alert)
    {
        using var insert = Command(tx, """
            INSERT INTO alert_changes (alert_id, change, at_utc, bin_id, kind, community_id, code, opened_utc, cleared_utc, detail)
            VALUES ($id, $change, $at, $bin, $kind, $community, $code, $opened, $cleared, $detail)
            RETURNING change_id
            """, alert);
        insert.Parameters.AddWithValue("$change", change);
        insert.Parameters.AddWithValue("$at", FormatTime(atUtc));
        var changeId = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new AlertChange(changeId, change, atUtc, alert);
    }

    private static SqliteCommand Command(SqliteTransaction tx, string sql, Alert alert)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", alert.Id);
        command.Parameters.AddWithValue("$bin", alert.BinId);
        command.Parameters.AddWithValue("$kind", alert.Kind);
        command.Parameters.AddWithValue("$community", (object?)alert.CommunityId ?? DBNull.Value);
        command.Parameters.AddWithValue("$code", alert.Code);
        command.Parameters.AddWithValue("$opened", FormatTime(alert.OpenedUtc));
        command.Parameters.AddWithValue("$cleared", alert.ClearedUtc is { } c ? FormatTime(c) : DBNull.Value);
        command.Parameters.AddWithValue("$detail", alert.Detail);
        return command;
    }

    private static Alert ReadAlert(SqliteDataReader r, int first) => new(
        r.GetInt64(first),
        r.GetString(first + 1),
        r.IsDBNull(first + 2) ? null : r.GetString(first + 2),
        r.GetString(first + 3),
        r.GetString(first + 4),
        ParseTime(r.GetString(first + 5)),
        r.IsDBNull(first + 6) ? null : ParseTime(r.GetString(first + 6)),
        r.GetString(first + 7));

    private static void Execute(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Times are kept to the millisecond so an alert read back after a restart equals the one held in memory.
    private static DateTimeOffset ToStoredPrecision(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
