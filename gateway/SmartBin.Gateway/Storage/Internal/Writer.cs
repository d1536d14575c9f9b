using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Crediting;

namespace SmartBin.Gateway.Storage.Internal;

/// <summary>A registered bin as ingest needs it; an inactive bin's items are refused.</summary>
internal sealed record BinInfo(string BinId, string CommunityId, string Material, string Location, GeoPoint? Geo, bool Active = true);

/// <summary>Credited grams and points of one household on one local day.</summary>
internal readonly record struct DayTotals(long Grams, long Points);

/// <summary>A card's latest drop-off.</summary>
internal sealed record CardLastSeen(string BinId, DateTimeOffset OccurredUtc);

/// <summary>
/// The one write connection and what it knows. Only used under the store's write lock. State derived from the
/// database (balances, daily totals, cards' last drop-offs, the next transfer id, the registry) is cached exactly,
/// because every write to those tables goes through here; changes made inside a transaction sit in a pending
/// overlay that reaches the cache only when the commit succeeded, so a rollback leaves the cache as true as the file.
/// </summary>
internal sealed partial class Writer : IDisposable
{
    /// <summary>Most balances cached; beyond this the cache is emptied between transactions and refilled on demand.</summary>
    internal const int BalanceCacheMax = 250_000;

    private readonly SqliteConnection connection;
    private readonly Dictionary<(string Account, string Unit), long> balances = new();
    private readonly Dictionary<(string Account, string Unit), long> pendingBalances = new();
    private readonly List<Action> onCommit = [];
    private readonly SqliteCommand insertTransfer;
    private readonly SqliteCommand selectBalance;
    private readonly SqliteCommand upsertBalance;
    private long nextTransferId;
    private long pendingNextTransferId;

    public Writer(SqliteConnection connection)
    {
        this.connection = connection;
        insertTransfer = Sql.Prepare(connection,
            "INSERT INTO transfers (id, idempotency_key, unit, amount, debit_account, credit_account, kind, reference, reverses_transfer_id, memo, created_utc) " +
            "VALUES ($id, $key, $unit, $amount, $debit, $credit, $kind, $ref, $rev, $memo, $at)",
            "$id", "$key", "$unit", "$amount", "$debit", "$credit", "$kind", "$ref", "$rev", "$memo", "$at");
        selectBalance = Sql.Prepare(connection, "SELECT balance FROM balances WHERE account = $a AND unit = $u", "$a", "$u");
        upsertBalance = Sql.Prepare(connection,
            "INSERT INTO balances (account, unit, balance) VALUES ($a, $u, $b) ON CONFLICT (account, unit) DO UPDATE SET balance = excluded.balance",
            "$a", "$u", "$b");
        PrepareIngest();
        using var maxId = connection.CreateCommand();
        maxId.CommandText = "SELECT COALESCE(MAX(id), 0) FROM transfers";
        nextTransferId = Sql.ToLong(maxId.ExecuteScalar()) + 1;
        LoadRegistry();
    }

    /// <summary>The open transaction, or null.</summary>
    public SqliteTransaction? Transaction { get; private set; }

    /// <summary>The write connection (for one-off statements inside <see cref="Transaction"/>).</summary>
    public SqliteConnection Connection => connection;

    /// <summary>Starts a write transaction (BEGIN IMMEDIATE: takes the file's write lock now, not half-way).</summary>
    public void Begin()
    {
        Debug.Assert(Transaction is null, "nested write transaction");
        Transaction = connection.BeginTransaction(deferred: false);
        pendingNextTransferId = nextTransferId;
    }

    /// <summary>Writes the pending overlay, commits (one fsync), then publishes the overlay to the cache.</summary>
    public void Commit()
    {
        var tx = Transaction ?? throw new InvalidOperationException("no transaction");
        FlushBalances(tx);
        FlushIngest(tx);
        tx.Commit();
        Transaction = null;
        tx.Dispose();
        if (balances.Count + pendingBalances.Count > BalanceCacheMax)
        {
            balances.Clear();
        }
        foreach (var (key, value) in pendingBalances)
        {
            balances[key] = value;
        }
        nextTransferId = pendingNextTransferId;
        PublishIngest();
        foreach (var action in onCommit)
        {
            action();
        }
        ClearPending();
    }

    /// <summary>Rolls back and forgets the overlay. Safe to call when nothing is open.</summary>
    public void Rollback()
    {
        var tx = Transaction;
        Transaction = null;
        try
        {
            tx?.Rollback();
        }
        finally
        {
            tx?.Dispose();
            ClearPending();
        }
    }

    /// <summary>Runs <paramref name="action"/> after the current transaction commits (registry cache updates).</summary>
    public void AfterCommit(Action action) => onCommit.Add(action);

    /// <summary>Balance of an account in a unit as of the open transaction (0 for an account never used).</summary>
    public long Balance(string account, string unit)
    {
        var key = (account, unit);
        if (pendingBalances.TryGetValue(key, out var pending))
        {
            return pending;
        }
        if (balances.TryGetValue(key, out var committed))
        {
            return committed;
        }
        // Balances are only written at commit, so the row read here is the committed value.
        var loaded = Sql.ToLong(Sql.Bind(selectBalance, Transaction, account, unit).ExecuteScalar());
        balances[key] = loaded;
        return loaded;
    }

    /// <summary>
    /// Books one transfer inside the open transaction, or returns null (nothing written) when the debited account
    /// is not the issuance account and would go below zero.
    /// </summary>
    public TransferRecord? Post(string key, string unit, long amount, string debit, string credit, string kind, string reference, long? reverses, string memo, DateTimeOffset atUtc)
    {
        var tx = Transaction ?? throw new InvalidOperationException("no transaction");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (!LedgerUnits.IsUnit(unit) || string.Equals(debit, credit, StringComparison.Ordinal))
        {
            throw new ArgumentException($"bad transfer {unit} {debit} -> {credit}");
        }
        var debitAfter = checked(Balance(debit, unit) - amount);
        if (debitAfter < 0 && debit != LedgerAccounts.Issuance)
        {
            return null;
        }
        var creditAfter = checked(Balance(credit, unit) + amount);
        var id = pendingNextTransferId++;
        var at = Sql.Utc(atUtc);
        // The transfers_entries trigger writes the two entries.
        Sql.Bind(insertTransfer, tx, id, key, unit, amount, debit, credit, kind, reference, reverses, memo, at).ExecuteNonQuery();
        pendingBalances[(debit, unit)] = debitAfter;
        pendingBalances[(credit, unit)] = creditAfter;
        // The stored text keeps every tick, so this is what reading the row back gives, without parsing it.
        return new TransferRecord(id, key, unit, amount, debit, credit, kind, reference, reverses, atUtc.ToUniversalTime());
    }

    private void FlushBalances(SqliteTransaction tx)
    {
        foreach (var ((account, unit), balance) in pendingBalances)
        {
            Debug.Assert(balance >= 0 || account == LedgerAccounts.Issuance, "negative balance reached commit");
            Sql.Bind(upsertBalance, tx, account, unit, balance).ExecuteNonQuery();
        }
    }

    private void ClearPending()
    {
        pendingBalances.Clear();
        onCommit.Clear();
        ClearIngestPending();
        pendingNextTransferId = nextTransferId;
    }

    public void Dispose()
    {
        Rollback();
        foreach (var command in new[] { insertTransfer, selectBalance, upsertBalance })
        {
            command.Dispose();
        }
        DisposeIngest();
        connection.Dispose();
    }
}
