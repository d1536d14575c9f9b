using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>The ledger API: transfers, reversals, balances.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Longest idempotency key accepted.</summary>
    public const int IdempotencyKeyLengthMax = 200;

    /// <summary>Key prefixes of what the store books for a drop-off (<c>dropoff:{bin}:{seq}:{unit}</c>, <c>release:{bin}:{seq}:{unit}</c>).</summary>
    private static readonly string[] BookingKeyPrefixes = ["dropoff:", "release:"];

    /// <summary>Key prefix of every redemption transfer: <c>p:{partnerId}:{clientKey}:{step}</c> (Redemption/README.md).</summary>
    internal const string PartnerKeyPrefix = "p:";

    /// <summary>
    /// Key prefixes of the transfers the store books itself: the drop-off bookings, <c>reject:{bin}:{seq}:{unit}</c>
    /// (staff rejecting a held drop-off whose value waits in suspense) and the partners' redemptions (<c>p:</c>).
    /// Caller keys may not start with one, so a caller can never take a key a later drop-off or release needs (which
    /// would fail the whole ingest batch on the UNIQUE key) nor forge or reverse a partner's booking.
    /// </summary>
    internal static readonly string[] StoreKeyPrefixes = [.. BookingKeyPrefixes, "reject:", PartnerKeyPrefix];

    private const string TransferColumns =
        "id, idempotency_key, unit, amount, debit_account, credit_account, kind, reference, reverses_transfer_id, created_utc";

    /// <summary>
    /// Moves <paramref name="amount"/> of <paramref name="unit"/> from one account to another, once per
    /// <paramref name="idempotencyKey"/>: the same key with the same content answers already-applied with the
    /// original; with other content, refused <c>idempotency-conflict</c>. Refused <c>insufficient-balance</c>
    /// when the debited account (other than issuance) would go below zero. Suspense accounts are the store's own
    /// and cannot be named here. Refused <c>reserved-key</c> for a key in the store's own namespaces
    /// (<see cref="StoreKeyPrefixes"/>).
    /// </summary>
    public TransferResult Transfer(string idempotencyKey, string unit, long amount, string from, string to, string kind, string reference)
    {
        if (IsStoreKey(idempotencyKey))
        {
            return TransferResult.Refused(TransferRefusals.ReservedKey);
        }
        var invalid = CheckTransfer(idempotencyKey, unit, amount, from, to, kind);
        if (invalid is not null)
        {
            return TransferResult.Refused($"{TransferRefusals.Invalid}: {invalid}");
        }
        reference ??= "";
        return Write(w =>
        {
            if (FindByKey(w, idempotencyKey) is { } original)
            {
                var same = original.Unit == unit && original.Amount == amount && original.DebitAccount == from &&
                           original.CreditAccount == to && original.Kind == kind && original.Reference == reference;
                return same
                    ? new TransferResult(TransferStatus.AlreadyApplied, "", [original])
                    : TransferResult.Refused(TransferRefusals.IdempotencyConflict);
            }
            var booked = w.Post(idempotencyKey, unit, amount, from, to, kind, reference, null, "", Now);
            return booked is null
                ? TransferResult.Refused(TransferRefusals.InsufficientBalance)
                : new TransferResult(TransferStatus.Applied, "", [booked]);
        }, result => result.Status == TransferStatus.Applied);
    }

    /// <summary>
    /// Reverses one transfer with a reversing transfer (key <c>{idempotencyKey}:{transferId}</c>); the original
    /// stays untouched. Refused <c>insufficient-balance</c> when the credited account has spent it, and
    /// <c>store-booked</c> for a transfer the store booked for a drop-off (use <see cref="ReverseDropOff"/>, which
    /// also corrects the drop-off's row and totals).
    /// </summary>
    public TransferResult ReverseTransfer(long transferId, string reason, string idempotencyKey)
    {
        lock (writeLock)
        {
            // Under the write lock the check and the reversal see the same ledger (the lock is re-entrant).
            var storeBooked = Write(w => FindById(w, transferId) is { } t && IsStoreKey(t.IdempotencyKey), _ => false);
            return storeBooked
                ? TransferResult.Refused(TransferRefusals.StoreBooked)
                : Reverse(w => FindById(w, transferId) is { } t && t.ReversesTransferId is null ? [t] : [], reason, idempotencyKey, null);
        }
    }

    /// <summary>
    /// Reverses everything booked for drop-off <c>{binId}:{seq}</c> (credit, or suspense and its release), newest
    /// first, in one transaction, and marks the drop-off reversed. All or nothing: refused
    /// <c>insufficient-balance</c> (nothing changes) when the household already spent the points.
    /// </summary>
    public TransferResult ReverseDropOff(string binId, long seq, string reason, string idempotencyKey)
    {
        var dropOffId = DropOffId(binId, seq);
        return Reverse(w => BookedFor(w, dropOffId), reason, idempotencyKey, (binId, seq));
    }

    private TransferResult Reverse(Func<Writer, List<TransferRecord>> targets, string reason, string idempotencyKey, (string BinId, long Seq)? dropOff)
    {
        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > IdempotencyKeyLengthMax)
        {
            return TransferResult.Refused($"{TransferRefusals.Invalid}: idempotency key");
        }
        if (IsStoreKey(idempotencyKey))
        {
            return TransferResult.Refused(TransferRefusals.ReservedKey);
        }
        reason ??= "";
        return Write(w =>
        {
            var originals = targets(w);
            if (originals.Count == 0)
            {
                return TransferResult.Refused(TransferRefusals.NotFound);
            }
            var done = new List<TransferRecord>();
            foreach (var original in originals)
            {
                var key = $"{idempotencyKey}:{original.Id}";
                if (FindByKey(w, key) is { } earlier)
                {
                    if (earlier.ReversesTransferId != original.Id)
                    {
                        return TransferResult.Refused(TransferRefusals.IdempotencyConflict);
                    }
                    done.Add(earlier);
                }
            }
            if (done.Count == originals.Count)
            {
                return new TransferResult(TransferStatus.AlreadyApplied, "", done);
            }
            if (done.Count > 0 || originals.Exists(o => IsReversed(w, o.Id)))
            {
                return TransferResult.Refused(TransferRefusals.AlreadyReversed);
            }
            var booked = new List<TransferRecord>();
            foreach (var o in originals)
            {
                var reversal = w.Post($"{idempotencyKey}:{o.Id}", o.Unit, o.Amount, o.CreditAccount, o.DebitAccount,
                    TransferKinds.Reversal, o.Reference, o.Id, reason, Now);
                if (reversal is null)
                {
                    return TransferResult.Refused(TransferRefusals.InsufficientBalance);
                }
                booked.Add(reversal);
            }
            if (dropOff is { } id)
            {
                MarkReversed(w, id.BinId, id.Seq, reason);
            }
            return new TransferResult(TransferStatus.Applied, "", booked);
        }, result => result.Status == TransferStatus.Applied);
    }

    private void MarkReversed(Writer w, string binId, long seq, string reason)
    {
        var row = LoadReviewRow(w, binId, seq);
        if (row is null)
        {
            return;
        }
        if (row.Outcome == DropOffOutcomes.Credited && row.HouseholdId is { } household)
        {
            w.AddDay(household, row.LocalDay, -row.NetGrams, -row.Points);
        }
        // The community total counts every drop-off that is not rejected; a reversed one no longer counts (as RejectHeld).
        if (row.Outcome is not (DropOffOutcomes.Rejected or DropOffOutcomes.Reversed))
        {
            w.AddCommunityGrams(row.CommunityId, -row.NetGrams);
        }
        SetResolution(w, binId, seq, DropOffOutcomes.Reversed, row.HouseholdId, "reversed", "", reason);
    }

    /// <summary>Committed balance of <paramref name="account"/> in <paramref name="unit"/> (0 for an account never used).</summary>
    public long Balance(string account, string unit)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT balance FROM balances WHERE account = $a AND unit = $u";
        command.Parameters.AddWithValue("$a", account);
        command.Parameters.AddWithValue("$u", unit);
        return Sql.ToLong(command.ExecuteScalar());
    }

    /// <summary>A household's ledger entries, newest first.</summary>
    public IReadOnlyList<LedgerEntry> Entries(string householdId, int limit = 100)
    {
        using var connection = OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT t.id, e.unit, e.amount, CASE WHEN t.debit_account = e.account THEN t.credit_account ELSE t.debit_account END, " +
            "t.kind, t.reference, t.created_utc FROM entries e JOIN transfers t ON t.id = e.transfer_id " +
            "WHERE e.account = $a ORDER BY e.transfer_id DESC LIMIT $n";
        command.Parameters.AddWithValue("$a", LedgerAccounts.Household(householdId));
        command.Parameters.AddWithValue("$n", Math.Max(0, limit));
        using var reader = command.ExecuteReader();
        var entries = new List<LedgerEntry>();
        while (reader.Read())
        {
            entries.Add(new LedgerEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), Sql.ParseUtc(reader.GetString(6))));
        }
        return entries;
    }

    /// <summary>True for a key in one of the store's own namespaces.</summary>
    internal static bool IsStoreKey(string? key) =>
        key is not null && Array.Exists(StoreKeyPrefixes, prefix => key.StartsWith(prefix, StringComparison.Ordinal));

    private string? CheckTransfer(string key, string unit, long amount, string from, string to, string kind)
    {
        if (string.IsNullOrEmpty(key) || key.Length > IdempotencyKeyLengthMax)
        {
            return "idempotency key must be 1..200 characters";
        }
        if (!LedgerUnits.IsUnit(unit))
        {
            return $"unit '{unit}'";
        }
        if (amount <= 0)
        {
            return "amount must be positive";
        }
        if (string.IsNullOrEmpty(kind) || kind == TransferKinds.Reversal)
        {
            return "kind must be set and not 'reversal' (use Reverse)";
        }
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return "from and to are the same account";
        }
        return CheckAccount(from) ?? CheckAccount(to);
    }

    private string? CheckAccount(string? account)
    {
        if (account is LedgerAccounts.Issuance or LedgerAccounts.Redemption)
        {
            return null;
        }
        if (account is not null && account.StartsWith(LedgerAccounts.HouseholdPrefix, StringComparison.Ordinal))
        {
            lock (writeLock)
            {
                return writer.HouseholdCommunities.ContainsKey(account[LedgerAccounts.HouseholdPrefix.Length..]) ? null : $"unknown account '{account}'";
            }
        }
        return $"account '{account}' cannot be used here";
    }

    private static TransferRecord? FindByKey(Writer w, string key) =>
        QueryTransfers(w, $"SELECT {TransferColumns} FROM transfers WHERE idempotency_key = $p", key) is [var t] ? t : null;

    private static TransferRecord? FindById(Writer w, long id) =>
        QueryTransfers(w, $"SELECT {TransferColumns} FROM transfers WHERE id = $p", id) is [var t] ? t : null;

    private static bool IsReversed(Writer w, long id) =>
        QueryTransfers(w, $"SELECT {TransferColumns} FROM transfers WHERE reverses_transfer_id = $p", id).Count > 0;

    /// <summary>
    /// What was booked for a drop-off, newest first (the order to undo them): found by the keys the store gives
    /// those bookings (<c>dropoff:{id}:{unit}</c>, <c>release:{id}:{unit}</c>), so a caller's own transfer that
    /// merely mentions the drop-off is never swept up.
    /// </summary>
    private static List<TransferRecord> BookedFor(Writer w, string dropOffId)
    {
        var booked = new List<TransferRecord>();
        foreach (var prefix in BookingKeyPrefixes)
        {
            foreach (var unit in new[] { LedgerUnits.Points, LedgerUnits.GramsCo2e })
            {
                if (FindByKey(w, $"{prefix}{dropOffId}:{unit}") is { } t)
                {
                    booked.Add(t);
                }
            }
        }
        booked.Sort((a, b) => b.Id.CompareTo(a.Id));
        return booked;
    }

    private static List<TransferRecord> QueryTransfers(Writer w, string sql, object parameter)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        using var reader = command.ExecuteReader();
        var found = new List<TransferRecord>();
        while (reader.Read())
        {
            found.Add(ReadTransfer(reader));
        }
        return found;
    }

    private static TransferRecord ReadTransfer(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetString(6),
        r.GetString(7), r.IsDBNull(8) ? null : r.GetInt64(8), Sql.ParseUtc(r.GetString(9)));
}
