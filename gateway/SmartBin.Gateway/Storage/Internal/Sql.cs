using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Storage.Internal;

/// <summary>Small helpers for commands and the text form of times in the database.</summary>
internal static class Sql
{
    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>UTC instant as fixed-width ISO 8601 text, so text order is time order.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses <see cref="Utc(DateTimeOffset)"/> text.</summary>
    public static DateTimeOffset ParseUtc(string text) =>
        DateTimeOffset.ParseExact(text, UtcFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A command with named parameters ($a, $b…) created once and reused with new values.</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }
        return command;
    }

    /// <summary>Sets parameter values in declaration order (null becomes SQL NULL) and the transaction.</summary>
    public static SqliteCommand Bind(SqliteCommand command, SqliteTransaction? transaction, params object?[] values)
    {
        if (values.Length != command.Parameters.Count)
        {
            throw new ArgumentException($"command takes {command.Parameters.Count} values, got {values.Length}");
        }
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return command;
    }

    /// <summary>Runs a one-off statement.</summary>
    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command.ExecuteNonQuery();
    }

    /// <summary>Long from a scalar result; <paramref name="fallback"/> for no row or NULL.</summary>
    public static long ToLong(object? scalar, long fallback = 0) =>
        scalar is null or DBNull ? fallback : Convert.ToInt64(scalar, CultureInfo.InvariantCulture);

    /// <summary>Nullable string column.</summary>
    public static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Nullable double column.</summary>
    public static double? NullableDouble(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
