using System;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Redemption;

/// <summary>The state machine's steps, each inside <see cref="RedemptionService.Execute"/>'s transaction.</summary>
public sealed partial class RedemptionService
{
    private RedemptionOutcome Reserve(Writer w, Partner p, string key, ReserveCommand c, DateTimeOffset now)
    {
        if (Resolve(w, p, c.Resident) is not { } household)
        {
            return NotInReach(c.Resident);
        }
        if (RedemptionRows.ReferenceLive(w, p.PartnerId, c.Reference))
        {
            return DuplicateReference(c.Reference);
        }
        var id = NewId();
        if (Move(w, LedgerKey(p.PartnerId, key, "reserve"), c.Points, LedgerAccounts.Household(household), LedgerAccounts.Reserved(household),
                RedemptionTransferKinds.Reserve, id, null, now) is null)
        {
            return Insufficient(w, household, c.Points);
        }
        var row = new RedemptionRow(id, p.PartnerId, c.Kind, household, c.Resident.CardUid, c.Points, RedemptionStates.Reserved, 0, 0, null,
            c.Reference, key, now.AddMinutes(c.HoldMinutes), now, now);
        RedemptionRows.Insert(w, row);
        return RedemptionOutcome.Done(201, View(w, row));
    }

    private RedemptionOutcome Deduct(Writer w, Partner p, string key, DeductCommand c, DateTimeOffset now)
    {
        if (Resolve(w, p, c.Resident) is not { } household)
        {
            return NotInReach(c.Resident);
        }
        if (RedemptionRows.ReferenceLive(w, p.PartnerId, c.Reference))
        {
            return DuplicateReference(c.Reference);
        }
        var id = NewId();
        if (Move(w, LedgerKey(p.PartnerId, key, "deduct"), c.Points, LedgerAccounts.Household(household), LedgerAccounts.Partner(p.PartnerId),
                RedemptionTransferKinds.BillDeduction, id, null, now) is null)
        {
            return Insufficient(w, household, c.Points);
        }
        var row = new RedemptionRow(id, p.PartnerId, RedemptionKinds.BillDeduction, household, c.Resident.CardUid, c.Points, RedemptionStates.Deducted,
            c.Points, 0, c.BillType, c.Reference, key, null, now, now);
        RedemptionRows.Insert(w, row);
        return RedemptionOutcome.Done(201, View(w, row));
    }

    private RedemptionOutcome Act(Writer w, Partner p, string key, ActionCommand c, DateTimeOffset now)
    {
        if (RedemptionRows.Find(w, p.PartnerId, c.Kind, c.RedemptionId) is not { } row)
        {
            return RedemptionOutcome.NotStarted(404, RedemptionCodes.RedemptionUnknown,
                $"No {c.Kind} '{c.RedemptionId}' of yours: use the id returned when you created it.");
        }
        if (row.State == RedemptionStates.Reserved && row.ExpiresUtc <= now)
        {
            // Lapsed but not swept yet: release it now (same key as the sweep), so it can never be captured late.
            row = Expire(w, row, now);
        }
        return c.Action switch
        {
            RedemptionAction.Capture => Capture(w, row, key, c.Points ?? row.Points, now),
            RedemptionAction.Release => Release(w, row, key, now),
            RedemptionAction.Refund => Refund(w, row, key, c.Points ?? 0, now),
            RedemptionAction.Reverse => Reverse(w, row, key, now),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Action, "unknown action"),
        };
    }

    private RedemptionOutcome Capture(Writer w, RedemptionRow row, string key, long points, DateTimeOffset now)
    {
        if (NotReserved(row, "captured") is { } refused)
        {
            return refused;
        }
        if (points > row.Points)
        {
            return RedemptionOutcome.Refused(422, RedemptionCodes.CaptureExceedsReserved,
                $"Only {row.Points} points are reserved; capture at most that (or omit points to capture all).");
        }
        var reserved = LedgerAccounts.Reserved(row.HouseholdId);
        MoveOrFail(w, LedgerKey(row.PartnerId, key, "capture"), points, reserved, LedgerAccounts.Partner(row.PartnerId), RedemptionTransferKinds.Capture, row.Id, now);
        if (row.Points > points)
        {
            MoveOrFail(w, LedgerKey(row.PartnerId, key, "release"), row.Points - points, reserved, LedgerAccounts.Household(row.HouseholdId),
                RedemptionTransferKinds.Release, row.Id, now);
        }
        var captured = row with { State = RedemptionStates.Captured, CapturedPoints = points, UpdatedUtc = now };
        RedemptionRows.Update(w, captured, RedemptionStates.Reserved);
        return RedemptionOutcome.Done(200, View(w, captured));
    }

    private RedemptionOutcome Release(Writer w, RedemptionRow row, string key, DateTimeOffset now)
    {
        if (NotReserved(row, "released") is { } refused)
        {
            return refused;
        }
        MoveOrFail(w, LedgerKey(row.PartnerId, key, "release"), row.Points, LedgerAccounts.Reserved(row.HouseholdId),
            LedgerAccounts.Household(row.HouseholdId), RedemptionTransferKinds.Release, row.Id, now);
        var released = row with { State = RedemptionStates.Released, UpdatedUtc = now };
        RedemptionRows.Update(w, released, RedemptionStates.Reserved);
        return RedemptionOutcome.Done(200, View(w, released));
    }

    private RedemptionOutcome Refund(Writer w, RedemptionRow row, string key, long points, DateTimeOffset now)
    {
        if (row.State is not (RedemptionStates.Captured or RedemptionStates.Refunded))
        {
            return InvalidState(row, "refunded", "only a captured payment can be refunded");
        }
        var refundable = row.CapturedPoints - row.RefundedPoints;
        if (points > refundable)
        {
            return RedemptionOutcome.Refused(422, RedemptionCodes.RefundExceedsCaptured,
                $"{row.CapturedPoints} points were captured and {row.RefundedPoints} refunded already: refund at most {refundable}.");
        }
        if (Move(w, LedgerKey(row.PartnerId, key, "refund"), points, LedgerAccounts.Partner(row.PartnerId), LedgerAccounts.Household(row.HouseholdId),
                RedemptionTransferKinds.Refund, row.Id, null, now) is null)
        {
            return PartnerShort();
        }
        var refunded = row.RefundedPoints + points;
        var after = row with
        {
            RefundedPoints = refunded,
            State = refunded == row.CapturedPoints ? RedemptionStates.Refunded : RedemptionStates.Captured,
            UpdatedUtc = now,
        };
        RedemptionRows.Update(w, after, row.State);
        return RedemptionOutcome.Done(200, View(w, after));
    }

    private RedemptionOutcome Reverse(Writer w, RedemptionRow row, string key, DateTimeOffset now)
    {
        if (row.State != RedemptionStates.Deducted)
        {
            return InvalidState(row, "reversed", "only a deducted bill can be reversed, once");
        }
        var original = Sql.ToLong(ScalarTransferId(w, LedgerKey(row.PartnerId, row.ClientKey, "deduct")), -1);
        if (original < 0)
        {
            throw new InvalidOperationException($"bill deduction {row.Id} has no deduct transfer");
        }
        if (Move(w, LedgerKey(row.PartnerId, key, "reverse"), row.CapturedPoints, LedgerAccounts.Partner(row.PartnerId),
                LedgerAccounts.Household(row.HouseholdId), TransferKinds.Reversal, row.Id, original, now) is null)
        {
            return PartnerShort();
        }
        var reversed = row with { State = RedemptionStates.Reversed, RefundedPoints = row.CapturedPoints, UpdatedUtc = now };
        RedemptionRows.Update(w, reversed, RedemptionStates.Deducted);
        return RedemptionOutcome.Done(200, View(w, reversed));
    }

    private static RedemptionRow Expire(Writer w, RedemptionRow row, DateTimeOffset now)
    {
        MoveOrFail(w, ExpiryKey(row.PartnerId, row.Id), row.Points, LedgerAccounts.Reserved(row.HouseholdId),
            LedgerAccounts.Household(row.HouseholdId), RedemptionTransferKinds.Expire, row.Id, now);
        var expired = row with { State = RedemptionStates.Expired, UpdatedUtc = now };
        RedemptionRows.Update(w, expired, RedemptionStates.Reserved);
        return expired;
    }

    /// <summary>The household a partner may charge, or null (unknown, inactive card, or another community's).</summary>
    private static string? Resolve(Writer w, Partner p, ResidentRef resident)
    {
        string? household = null;
        if (resident.CardUid is { } card)
        {
            w.CardHouseholds.TryGetValue(card, out household);
        }
        else if (resident.HouseholdId is { } id && w.HouseholdCommunities.ContainsKey(id))
        {
            household = id;
        }
        return household is not null && InReach(p, w.HouseholdCommunities[household]) ? household : null;
    }

    private static TransferRecord? Move(Writer w, string key, long points, string from, string to, string kind, string redemptionId, long? reverses, DateTimeOffset now) =>
        w.Post(key, LedgerUnits.Points, points, from, to, kind, redemptionId, reverses, "", now);

    /// <summary>A move the state machine guarantees is covered (out of reserved:, which holds exactly the open reservations).</summary>
    private static void MoveOrFail(Writer w, string key, long points, string from, string to, string kind, string redemptionId, DateTimeOffset now)
    {
        if (Move(w, key, points, from, to, kind, redemptionId, null, now) is null)
        {
            throw new InvalidOperationException($"ledger invariant broken: {from} does not hold {points} points for {redemptionId}");
        }
    }

    private static object? ScalarTransferId(Writer w, string key)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = "SELECT id FROM transfers WHERE idempotency_key = $k";
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar();
    }

    private static RedemptionOutcome? NotReserved(RedemptionRow row, string verb)
    {
        if (row.State == RedemptionStates.Expired)
        {
            return RedemptionOutcome.Refused(409, RedemptionCodes.ReservationExpired,
                $"The hold of {row.Kind} {row.Id} ended at {row.ExpiresUtc:O} and its points went back to the household; create a new {row.Kind} to charge them.");
        }
        return row.State == RedemptionStates.Reserved ? null : InvalidState(row, verb, $"only a reserved {row.Kind} can be {verb}");
    }

    private static RedemptionOutcome InvalidState(RedemptionRow row, string verb, string rule) =>
        RedemptionOutcome.Refused(409, RedemptionCodes.InvalidState, $"The {row.Kind} {row.Id} is {row.State} and cannot be {verb}: {rule}. GET it to see its state.");

    private static RedemptionOutcome NotInReach(ResidentRef resident) => resident.CardUid is { } card
        ? RedemptionOutcome.NotStarted(404, RedemptionCodes.CardUnknown, $"Card {card} is not an active card of a household you serve; ask the resident to register it at the community office.")
        : RedemptionOutcome.NotStarted(404, RedemptionCodes.HouseholdUnknown, $"Household '{resident.HouseholdId}' is not a household you serve; check the id the resident gave you.");

    private static RedemptionOutcome DuplicateReference(string reference) =>
        RedemptionOutcome.Refused(409, RedemptionCodes.DuplicateReference,
            $"You already have a live redemption with reference '{reference}'; retry that request with its own Idempotency-Key, or use a new reference.");

    private static RedemptionOutcome Insufficient(Writer w, string household, long points) =>
        RedemptionOutcome.Refused(422, RedemptionCodes.InsufficientBalance,
            $"The household has {w.Balance(LedgerAccounts.Household(household), LedgerUnits.Points)} points available and {points} were asked; ask for fewer points.");

    private static RedemptionOutcome PartnerShort() =>
        RedemptionOutcome.Refused(409, RedemptionCodes.PartnerBalanceInsufficient,
            "Your account no longer holds these points (already settled); contact the programme to refund the resident.");
}
