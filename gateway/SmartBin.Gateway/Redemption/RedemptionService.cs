using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Redemption;

/// <summary>
/// Partner redemptions on the ledger. Every write is one SQLite transaction under the store's write lock holding
/// the idempotency check, the state change of the <c>redemptions</c> row, its ledger transfers and the remembered
/// answer: a retry either finds nothing (and the request runs) or finds the committed answer (and gets it again).
/// Accounts: <c>household:{id}</c> (available) → <c>reserved:{id}</c> (held) → <c>partner:{id}</c> (captured).
/// Only the <c>points</c> unit is ever moved; carbon points are not redeemable.
/// </summary>
public sealed partial class RedemptionService(SqliteGatewayStore store, GatewayOptions options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The options in force.</summary>
    public RedemptionOptions Options => options.Redemption;

    // One partner request at a time waits for the store's write lock; the others wait here without holding a thread,
    // so a burst of requests cannot starve the thread pool (Kestrel and ingest need threads too).
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary><see cref="Execute"/> for HTTP handlers: queued asynchronously, one at a time, in front of the write lock.</summary>
    internal async Task<RedemptionOutcome> ExecuteAsync(Partner partner, string clientKey, RedemptionCommand command, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return Execute(partner, clientKey, command);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> for <paramref name="partner"/> once per <paramref name="clientKey"/>: the same
    /// key with the same request answers what the first call answered (replayed); with another request, 409
    /// <c>idempotency-conflict</c> and nothing happens.
    /// </summary>
    internal RedemptionOutcome Execute(Partner partner, string clientKey, RedemptionCommand command)
    {
        var fingerprint = command.Fingerprint();
        return store.WriteTransaction(w =>
        {
            if (RedemptionRows.FindRequest(w, partner.PartnerId, clientKey) is { } prior)
            {
                return prior.Operation == command.Operation && prior.Fingerprint == fingerprint
                    ? Replay(prior)
                    : RedemptionOutcome.NotStarted(409, RedemptionCodes.IdempotencyConflict,
                        $"Idempotency-Key '{clientKey}' was already used for another request ({prior.Operation}). Retry a request with its own key; send a new request with a new key.");
            }
            var now = time.GetUtcNow();
            var outcome = command switch
            {
                ReserveCommand r => Reserve(w, partner, clientKey, r, now),
                DeductCommand d => Deduct(w, partner, clientKey, d, now),
                ActionCommand a => Act(w, partner, clientKey, a, now),
                _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
            };
            if (outcome.Remember)
            {
                var body = JsonSerializer.Serialize(new Stored(outcome.View, outcome.Code, outcome.Detail), Json);
                RedemptionRows.InsertRequest(w, partner.PartnerId, clientKey, new RememberedRequest(command.Operation, fingerprint, outcome.Status, body), now);
            }
            return outcome;
        }, outcome => outcome.Remember && !outcome.Replayed);
    }

    /// <summary>
    /// Releases reservations whose hold has ended (reserved → household), at most <paramref name="max"/> in one
    /// transaction; returns how many. The hosted sweep calls it; a capture or release does the same for its own
    /// redemption on the spot, so a lapsed hold is never captured.
    /// </summary>
    public int ExpireDue(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return store.WriteTransaction(w =>
        {
            var now = time.GetUtcNow();
            var due = RedemptionRows.Due(w, now, max);
            foreach (var row in due)
            {
                Expire(w, row, now);
            }
            return due.Count;
        }, count => count > 0);
    }

    /// <summary>A card's household and available points, or null when the card is not active or outside the partner's community.</summary>
    internal ResidentView? FindResident(Partner partner, string cardUid)
    {
        using var connection = store.OpenRead();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT c.household_id, h.community_id, COALESCE(b.balance, 0) FROM cards c JOIN households h ON h.id = c.household_id " +
            "LEFT JOIN balances b ON b.account = 'household:' || c.household_id AND b.unit = 'points' WHERE c.uid = $u AND c.active = 1";
        command.Parameters.AddWithValue("$u", cardUid);
        using var r = command.ExecuteReader();
        if (!r.Read() || !InReach(partner, r.GetString(1)))
        {
            return null;
        }
        return new ResidentView(cardUid, r.GetString(0), r.GetString(1), r.GetInt64(2));
    }

    /// <summary>The partner's redemption of <paramref name="kind"/> with this id, or null.</summary>
    internal RedemptionView? Find(Partner partner, string kind, string id)
    {
        using var connection = store.OpenRead();
        if (RedemptionRows.Find(connection, partner.PartnerId, kind, id) is not { } row)
        {
            return null;
        }
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT h.community_id, COALESCE((SELECT balance FROM balances WHERE account = $a AND unit = 'points'), 0) FROM households h WHERE h.id = $h";
        command.Parameters.AddWithValue("$a", LedgerAccounts.Household(row.HouseholdId));
        command.Parameters.AddWithValue("$h", row.HouseholdId);
        using var r = command.ExecuteReader();
        r.Read();
        return ToView(row, r.GetString(0), r.GetInt64(1));
    }

    private static bool InReach(Partner partner, string communityId) => partner.CommunityId is null || partner.CommunityId == communityId;

    private static RedemptionOutcome Replay(RememberedRequest prior)
    {
        var stored = JsonSerializer.Deserialize<Stored>(prior.Response, Json) ?? throw new InvalidOperationException("empty remembered answer");
        return new RedemptionOutcome(prior.Status, stored.View, stored.Code, stored.Detail, Remember: true, Replayed: true);
    }

    /// <summary>Ledger key of a step a partner request books: <c>p:{partner}:{clientKey}:{step}</c>.</summary>
    internal static string LedgerKey(string partnerId, string clientKey, string step) =>
        $"{SqliteGatewayStore.PartnerKeyPrefix}{partnerId}:{clientKey}:{step}";

    /// <summary>Ledger key of an expiry: <c>p:{partner}:#{id}:expire</c> ('#' never occurs in a client key), the same whoever notices the lapse.</summary>
    internal static string ExpiryKey(string partnerId, string redemptionId) =>
        $"{SqliteGatewayStore.PartnerKeyPrefix}{partnerId}:#{redemptionId}:expire";

    private static string NewId() => "rdm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static RedemptionView View(Writer w, RedemptionRow row) =>
        ToView(row, w.HouseholdCommunities.GetValueOrDefault(row.HouseholdId, ""), w.Balance(LedgerAccounts.Household(row.HouseholdId), LedgerUnits.Points));

    private static RedemptionView ToView(RedemptionRow r, string communityId, long available) => new(
        r.Id, r.Kind, r.State, r.HouseholdId, communityId, r.CardUid, r.Points, r.CapturedPoints, r.RefundedPoints, r.Reference,
        r.BillType, r.ExpiresUtc, r.CreatedUtc, r.UpdatedUtc, available);

    private sealed record Stored(RedemptionView? View, string Code, string Detail);
}
