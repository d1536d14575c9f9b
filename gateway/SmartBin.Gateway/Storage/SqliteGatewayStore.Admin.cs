using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>The admin API's registry writes and reads: bins by operators, secrets, disabling, provisioning records.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Capacity given to a bin registered through the admin API, g (the pilot's 120 l bins hold about 30 kg of plastic).</summary>
    public const int AdminBinCapacityGrams = StorageSeeds.DemoCapacityGrams;

    /// <summary>Fill alert threshold given to a bin registered through the admin API, %.</summary>
    public const int AdminBinFillAlertPct = StorageSeeds.DemoFillAlertPct;

    private const string AdminBinColumns = "id, community_id, material, location, active, secret_hash <> '', secret_issued_utc, disabled_reason";

    /// <summary>
    /// Registers bin <paramref name="binId"/> if it is new (active, no secret yet), or, when it exists with the same
    /// community and material, only updates its label (when <paramref name="label"/> is not null). One transaction,
    /// so two operators racing on one id get one row. The caller has validated the id and material.
    /// </summary>
    public (PutBinOutcome Outcome, AdminBin? Bin) PutBin(string binId, string community, string material, string? label)
    {
        if (!BinTopics.IsBinId(binId) || !MaterialNames.TryParse(material, out _))
        {
            throw new ArgumentException($"bin id '{binId}' or material '{material}' is not valid");
        }
        return Write(w =>
        {
            var existing = ReadAdminBin(w.Connection, w.Transaction, binId);
            if (existing is not null)
            {
                if (existing.Community != community || existing.Material != material)
                {
                    return (PutBinOutcome.Conflict, existing);
                }
                if (label is not null && label != existing.Label)
                {
                    Sql.Execute(w.Connection, w.Transaction, "UPDATE bins SET location = $l WHERE id = $b", ("$l", label), ("$b", binId));
                    w.AfterCommit(() => w.ReloadBin(binId));
                }
                return (PutBinOutcome.Unchanged, existing with { Label = label ?? existing.Label });
            }
            if (!CommunityExists(w, community))
            {
                return (PutBinOutcome.UnknownCommunity, (AdminBin?)null);
            }
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO bins (id, community_id, material, location, capacity_grams, fill_alert_pct, active) VALUES ($i, $c, $m, $l, $cap, $f, 1)",
                ("$i", binId), ("$c", community), ("$m", material), ("$l", label ?? ""), ("$cap", AdminBinCapacityGrams), ("$f", AdminBinFillAlertPct));
            w.AfterCommit(() => w.ReloadBin(binId));
            return (PutBinOutcome.Created, ReadAdminBin(w.Connection, w.Transaction, binId));
        });
    }

    /// <summary>Stores a new secret hash for a bin and when it was issued; false for an unknown bin.</summary>
    public bool SetIssuedBinSecret(string binId, string secretHash)
    {
        if (!secretHash.StartsWith("$7$", StringComparison.Ordinal))
        {
            throw new ArgumentException("not a $7$ hash", nameof(secretHash));
        }
        return Write(w => Sql.Execute(w.Connection, w.Transaction,
            "UPDATE bins SET secret_hash = $h, secret_issued_utc = $at WHERE id = $b",
            ("$h", secretHash), ("$at", Sql.Utc(Now)), ("$b", binId)) == 1);
    }

    /// <summary>
    /// Enables or disables a bin: a disabled bin cannot log in (<see cref="IBinCredentials"/> no longer finds it) and its
    /// messages are refused by ingest. Returns the bin after the change, null when unknown.
    /// </summary>
    public AdminBin? SetBinActive(string binId, bool active, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Write(w =>
        {
            var changed = active
                ? Sql.Execute(w.Connection, w.Transaction,
                    "UPDATE bins SET active = 1, disabled_utc = NULL, disabled_reason = '' WHERE id = $b", ("$b", binId))
                : Sql.Execute(w.Connection, w.Transaction,
                    "UPDATE bins SET active = 0, disabled_utc = $at, disabled_reason = $r WHERE id = $b",
                    ("$at", Sql.Utc(Now)), ("$r", reason), ("$b", binId));
            if (changed != 1)
            {
                return null;
            }
            w.AfterCommit(() => w.ReloadBin(binId));
            return ReadAdminBin(w.Connection, w.Transaction, binId);
        });
    }

    /// <summary>One bin for the admin API, or null.</summary>
    public AdminBin? FindAdminBin(string binId)
    {
        using var connection = OpenRead();
        return ReadAdminBin(connection, null, binId);
    }

    /// <summary>Every bin (of <paramref name="community"/> when given), by id.</summary>
    public IReadOnlyList<AdminBin> AdminBins(string? community)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AdminBinColumns} FROM bins WHERE $c IS NULL OR community_id = $c ORDER BY id";
        command.Parameters.AddWithValue("$c", (object?)community ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var bins = new List<AdminBin>();
        while (reader.Read())
        {
            bins.Add(ToAdminBin(reader));
        }
        return bins;
    }

    /// <summary>
    /// Stores a provisioning record once per record id: the same id again with the same bin and body is
    /// <see cref="ProvisioningOutcome.Existing"/> (the stored row is returned), with anything else a conflict.
    /// </summary>
    public (ProvisioningOutcome Outcome, ProvisioningRow? Row) AddProvisioning(string recordId, string binId, string operatorName, string requestJson)
    {
        return Write(w =>
        {
            var stored = ReadProvisionings(w.Connection, w.Transaction, "record_id", recordId);
            if (stored.Count == 1)
            {
                var same = stored[0].BinId == binId && stored[0].RequestJson == requestJson;
                return (same ? ProvisioningOutcome.Existing : ProvisioningOutcome.Conflict, stored[0]);
            }
            if (ReadAdminBin(w.Connection, w.Transaction, binId) is null)
            {
                return (ProvisioningOutcome.UnknownBin, (ProvisioningRow?)null);
            }
            var row = new ProvisioningRow(recordId, binId, operatorName, requestJson, Sql.ParseUtc(Sql.Utc(Now)));
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO provisionings (record_id, bin_id, operator, request_json, recorded_utc) VALUES ($r, $b, $o, $j, $at)",
                ("$r", recordId), ("$b", binId), ("$o", operatorName), ("$j", requestJson), ("$at", Sql.Utc(row.RecordedUtc)));
            return (ProvisioningOutcome.Created, row);
        });
    }

    /// <summary>A bin's provisioning records, oldest first.</summary>
    public IReadOnlyList<ProvisioningRow> Provisionings(string binId)
    {
        using var connection = OpenRead();
        return ReadProvisionings(connection, null, "bin_id", binId);
    }

    /// <summary>A card's registration (active or not), or null when the card was never registered.</summary>
    public CardRow? FindCard(string cardUid)
    {
        using var connection = OpenRead();
        var cards = ReadCards(connection, "uid", (cardUid ?? "").ToUpperInvariant());
        return cards.Count == 1 ? cards[0] : null;
    }

    /// <summary>A household with its cards, or null.</summary>
    public HouseholdView? FindHousehold(string householdId)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT community_id, label FROM households WHERE id = $h";
        command.Parameters.AddWithValue("$h", householdId);
        string community, label;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }
            community = reader.GetString(0);
            label = reader.GetString(1);
        }
        return new HouseholdView(householdId, community, label, ReadCards(connection, "household_id", householdId));
    }

    private static AdminBin? ReadAdminBin(SqliteConnection connection, SqliteTransaction? transaction, string binId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {AdminBinColumns} FROM bins WHERE id = $b";
        command.Parameters.AddWithValue("$b", binId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ToAdminBin(reader) : null;
    }

    private static AdminBin ToAdminBin(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0, r.GetInt64(5) != 0,
        Sql.NullableString(r, 6) is { } issued ? Sql.ParseUtc(issued) : null, r.GetString(7));

    private static List<ProvisioningRow> ReadProvisionings(SqliteConnection connection, SqliteTransaction? transaction, string column, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // column is one of two constants chosen by this file, never input.
        command.CommandText = $"SELECT record_id, bin_id, operator, request_json, recorded_utc FROM provisionings WHERE {column} = $v ORDER BY recorded_utc, record_id";
        command.Parameters.AddWithValue("$v", value);
        using var reader = command.ExecuteReader();
        var rows = new List<ProvisioningRow>();
        while (reader.Read())
        {
            rows.Add(new ProvisioningRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Sql.ParseUtc(reader.GetString(4))));
        }
        return rows;
    }

    private static List<CardRow> ReadCards(SqliteConnection connection, string column, string value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT uid, household_id, active, registered_utc FROM cards WHERE {column} = $v ORDER BY uid";
        command.Parameters.AddWithValue("$v", value);
        using var reader = command.ExecuteReader();
        var cards = new List<CardRow>();
        while (reader.Read())
        {
            cards.Add(new CardRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, Sql.ParseUtc(reader.GetString(3))));
        }
        return cards;
    }
}
