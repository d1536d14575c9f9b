using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Operators of the admin API and their keys (only the SHA-256 of a key's secret is stored).</summary>
public sealed partial class SqliteGatewayStore
{
    private const string OperatorColumns = "name, role, key_id, key_hash, created_utc, disabled_utc";

    /// <summary>Adds an operator; false (nothing written) when the name or key id is already taken.</summary>
    public bool AddOperator(OperatorRecord op)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (op.KeyHash.Length != 32 || op.Role is not ("admin" or "staff"))
        {
            throw new ArgumentException("an operator needs a 32-byte key hash and the role admin or staff", nameof(op));
        }
        return Write(w =>
        {
            var taken = Sql.ToLong(Scalar(w, "SELECT COUNT(*) FROM operators WHERE name = $n OR key_id = $k", ("$n", op.Name), ("$k", op.KeyId)));
            if (taken > 0)
            {
                return false;
            }
            Sql.Execute(w.Connection, w.Transaction,
                "INSERT INTO operators (name, role, key_id, key_hash, created_utc) VALUES ($n, $r, $k, $h, $at)",
                ("$n", op.Name), ("$r", op.Role), ("$k", op.KeyId), ("$h", op.KeyHash), ("$at", Sql.Utc(op.CreatedUtc)));
            return true;
        });
    }

    /// <summary>Disables an operator (their key stops working at the next request); false when unknown or already disabled.</summary>
    public bool DisableOperator(string name) =>
        Write(w => Sql.Execute(w.Connection, w.Transaction,
            "UPDATE operators SET disabled_utc = $at WHERE name = $n AND disabled_utc IS NULL", ("$at", Sql.Utc(Now)), ("$n", name)) == 1);

    /// <summary>The operator holding key id <paramref name="keyId"/> (disabled ones included), or null.</summary>
    public OperatorRecord? FindOperatorByKeyId(string keyId)
    {
        var found = ReadOperators("WHERE key_id = $k", keyId);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Every operator, by name.</summary>
    public IReadOnlyList<OperatorRecord> Operators() => ReadOperators("", null);

    private List<OperatorRecord> ReadOperators(string where, string? keyId)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OperatorColumns} FROM operators {where} ORDER BY name";
        if (keyId is not null)
        {
            command.Parameters.AddWithValue("$k", keyId);
        }
        using var reader = command.ExecuteReader();
        var operators = new List<OperatorRecord>();
        while (reader.Read())
        {
            operators.Add(new OperatorRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3),
                Sql.ParseUtc(reader.GetString(4)), Sql.NullableString(reader, 5) is { } disabled ? Sql.ParseUtc(disabled) : null));
        }
        return operators;
    }

    private static object? Scalar(Writer w, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command.ExecuteScalar();
    }
}
