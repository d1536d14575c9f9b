using System;
using System.Collections.Generic;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Staff review of held drop-offs and the release of suspense when a card is registered.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>What a review action needs of a drop-off row.</summary>
    private sealed record ReviewRow(string Outcome, string CardUid, string? HouseholdId, string CommunityId, int NetGrams, long Points, long GramsCo2e, string LocalDay, string Reason);

    /// <summary>
    /// Staff release a held drop-off: it is booked at the amounts it was evaluated at, to the card's household,
    /// or to the card's suspense account when the card is still unknown (registration then releases it).
    /// Refused <c>not-held</c> unless the drop-off is held. The decision is kept in <c>review_decisions</c> with
    /// <paramref name="staffId"/> and <paramref name="note"/> (optional for a release), in the same transaction.
    /// </summary>
    public StoreResult ReleaseHeld(string binId, long seq, string staffId, string note = "")
    {
        if (string.IsNullOrWhiteSpace(staffId))
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        return Write(w =>
        {
            if (HeldRow(w, binId, seq, out var row) is { } refused)
            {
                return refused;
            }
            var dropOffId = DropOffId(binId, seq);
            if (ParkedInSuspense(w, dropOffId, row.CardUid) is { Count: > 0 })
            {
                ReleaseParked(w, binId, seq, row, staffId);
            }
            else if (w.CardHouseholds.TryGetValue(row.CardUid, out var household))
            {
                BookDropOff(w, dropOffId, LedgerAccounts.Household(household), TransferKinds.Credit, row.Points, row.GramsCo2e);
                w.AddDay(household, row.LocalDay, row.NetGrams, row.Points);
                SetResolution(w, binId, seq, DropOffOutcomes.Credited, household, "released", staffId, "");
            }
            else
            {
                BookDropOff(w, dropOffId, LedgerAccounts.Suspense(row.CardUid), TransferKinds.Suspense, row.Points, row.GramsCo2e);
                SetResolution(w, binId, seq, DropOffOutcomes.Suspense, null, "released", staffId, "");
            }
            RecordDecision(w, binId, seq, ReviewDecisions.Approved, staffId, note ?? "", row);
            return StoreResult.Done;
        }, result => result.Ok);
    }

    /// <summary>
    /// Staff reject a held drop-off: the row stays as the audit record with the reason. Nothing is booked, except
    /// for a drop-off whose value waits in suspense (held <c>daily-cap</c> at card registration): that value goes
    /// back to issuance with reversing transfers (keys <c>reject:{bin}:{seq}:{unit}</c>). The decision and
    /// <paramref name="reason"/> are kept in <c>review_decisions</c>.
    /// </summary>
    public StoreResult RejectHeld(string binId, long seq, string staffId, string reason)
    {
        if (string.IsNullOrWhiteSpace(staffId) || string.IsNullOrWhiteSpace(reason))
        {
            return StoreResult.Fail(RegistryRefusals.Invalid);
        }
        return Write(w =>
        {
            if (HeldRow(w, binId, seq, out var row) is { } refused)
            {
                return refused;
            }
            var dropOffId = DropOffId(binId, seq);
            foreach (var parked in ParkedInSuspense(w, dropOffId, row.CardUid))
            {
                var back = w.Post($"reject:{dropOffId}:{parked.Unit}", parked.Unit, parked.Amount, parked.CreditAccount, parked.DebitAccount,
                    TransferKinds.Reversal, dropOffId, parked.Id, reason, Now);
                SuspenseInvariant(back, dropOffId, parked.Amount, parked.Unit);
            }
            w.AddCommunityGrams(row.CommunityId, -row.NetGrams);
            SetResolution(w, binId, seq, DropOffOutcomes.Rejected, row.HouseholdId, "rejected", staffId, reason);
            RecordDecision(w, binId, seq, ReviewDecisions.Rejected, staffId, reason, row);
            return StoreResult.Done;
        }, result => result.Ok);
    }

    /// <summary>
    /// Moves the suspense drop-offs of <paramref name="cardUid"/> into the household (inside the open transaction),
    /// oldest first, while each fits the household's daily caps on its own local day (the engine's rule, as at
    /// ingest). One that does not fit stays in suspense and becomes held <c>daily-cap</c>: staff release or reject it.
    /// </summary>
    private (int Count, long Points, int Held) ReleaseSuspense(Writer w, string cardUid, string householdId)
    {
        var waiting = new List<(string BinId, long Seq, int NetGrams, long Points, long GramsCo2e, string LocalDay)>();
        using (var command = w.Connection.CreateCommand())
        {
            command.Transaction = w.Transaction;
            command.CommandText = "SELECT bin_id, seq, net_grams, points, gco2e, local_day FROM dropoffs WHERE card_uid = $c AND outcome = 'suspense' ORDER BY occurred_utc, rowid";
            command.Parameters.AddWithValue("$c", cardUid);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                waiting.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5)));
            }
        }
        long points = 0;
        var (released, held) = (0, 0);
        var suspense = LedgerAccounts.Suspense(cardUid);
        var household = LedgerAccounts.Household(householdId);
        foreach (var d in waiting)
        {
            var today = w.Day(householdId, d.LocalDay);
            if (engine.IsOverDailyCap(d.NetGrams, d.Points, new ResidentContext(householdId, today.Grams, today.Points, null, null)))
            {
                HoldOverCap(w, d.BinId, d.Seq, householdId);
                held++;
                continue;
            }
            var dropOffId = DropOffId(d.BinId, d.Seq);
            PostRelease(w, dropOffId, LedgerUnits.Points, d.Points, suspense, household);
            PostRelease(w, dropOffId, LedgerUnits.GramsCo2e, d.GramsCo2e, suspense, household);
            w.AddDay(householdId, d.LocalDay, d.NetGrams, d.Points);
            SetResolution(w, d.BinId, d.Seq, DropOffOutcomes.Credited, householdId, "card-registered", "", "");
            points += d.Points;
            released++;
        }
        return (released, points, held);
    }

    /// <summary>A suspense drop-off over the household's cap: held for staff; its value stays parked in suspense.</summary>
    private static void HoldOverCap(Writer w, string binId, long seq, string householdId) =>
        Sql.Execute(w.Connection, w.Transaction,
            "UPDATE dropoffs SET outcome = $o, reason = $r, household_id = $h WHERE bin_id = $b AND seq = $s",
            ("$o", DropOffOutcomes.Held), ("$r", ReasonCodes.DailyCap), ("$h", householdId), ("$b", binId), ("$s", seq));

    /// <summary>Staff release of a held drop-off whose value already waits in suspense: to the household, or left parked when the card is unknown again.</summary>
    private void ReleaseParked(Writer w, string binId, long seq, ReviewRow row, string staffId)
    {
        if (!w.CardHouseholds.TryGetValue(row.CardUid, out var household))
        {
            SetResolution(w, binId, seq, DropOffOutcomes.Suspense, null, "released", staffId, "");
            return;
        }
        var dropOffId = DropOffId(binId, seq);
        PostRelease(w, dropOffId, LedgerUnits.Points, row.Points, LedgerAccounts.Suspense(row.CardUid), LedgerAccounts.Household(household));
        PostRelease(w, dropOffId, LedgerUnits.GramsCo2e, row.GramsCo2e, LedgerAccounts.Suspense(row.CardUid), LedgerAccounts.Household(household));
        w.AddDay(household, row.LocalDay, row.NetGrams, row.Points);
        SetResolution(w, binId, seq, DropOffOutcomes.Credited, household, "released", staffId, "");
    }

    /// <summary>The drop-off's bookings into the card's suspense account that are still there (not reversed).</summary>
    private static List<TransferRecord> ParkedInSuspense(Writer w, string dropOffId, string cardUid)
    {
        var parked = new List<TransferRecord>();
        foreach (var unit in new[] { LedgerUnits.Points, LedgerUnits.GramsCo2e })
        {
            if (FindByKey(w, $"dropoff:{dropOffId}:{unit}") is { } t && t.CreditAccount == LedgerAccounts.Suspense(cardUid) && !IsReversed(w, t.Id))
            {
                parked.Add(t);
            }
        }
        return parked;
    }

    private void PostRelease(Writer w, string dropOffId, string unit, long amount, string suspense, string household)
    {
        if (amount <= 0)
        {
            return;
        }
        // Suspense accounts are only written by the store (Transfer refuses them), so the value is there.
        var booked = w.Post($"release:{dropOffId}:{unit}", unit, amount, suspense, household, TransferKinds.Release, dropOffId, null, "", Now);
        SuspenseInvariant(booked, dropOffId, amount, unit);
    }

    private static void SuspenseInvariant(TransferRecord? booked, string dropOffId, long amount, string unit)
    {
        if (booked is null)
        {
            throw new InvalidOperationException($"suspense of {dropOffId} is short of {amount} {unit}: ledger invariant broken");
        }
    }

    /// <summary>The drop-off waiting for review, or the refusal when there is none or it is not held.</summary>
    private static StoreResult? HeldRow(Writer w, string binId, long seq, out ReviewRow row)
    {
        row = LoadReviewRow(w, binId, seq)!;
        if (row is null)
        {
            return StoreResult.Fail(RegistryRefusals.UnknownDropOff);
        }
        return row.Outcome == DropOffOutcomes.Held ? null : StoreResult.Fail(RegistryRefusals.NotHeld);
    }

    private static ReviewRow? LoadReviewRow(Writer w, string binId, long seq)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = "SELECT outcome, card_uid, household_id, community_id, net_grams, points, gco2e, local_day, reason FROM dropoffs WHERE bin_id = $b AND seq = $s";
        command.Parameters.AddWithValue("$b", binId ?? "");
        command.Parameters.AddWithValue("$s", seq);
        using var r = command.ExecuteReader();
        return r.Read()
            ? new ReviewRow(r.GetString(0), r.GetString(1), Sql.NullableString(r, 2), r.GetString(3), r.GetInt32(4), r.GetInt64(5), r.GetInt64(6), r.GetString(7), r.GetString(8))
            : null;
    }

    private void SetResolution(Writer w, string binId, long seq, string outcome, string? householdId, string resolution, string staffId, string reason) =>
        Sql.Execute(w.Connection, w.Transaction,
            "UPDATE dropoffs SET outcome = $o, household_id = $h, resolution = $r, resolved_by = $by, resolved_utc = $at, resolution_reason = $why " +
            "WHERE bin_id = $b AND seq = $s",
            ("$o", outcome), ("$h", householdId), ("$r", resolution), ("$by", staffId), ("$at", Sql.Utc(Now)), ("$why", reason),
            ("$b", binId), ("$s", seq));
}
