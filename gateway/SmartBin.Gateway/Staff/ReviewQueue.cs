using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff;

/// <summary>How a staff decision on a drop-off ended.</summary>
public enum ReviewStatus
{
    /// <summary>Decided now (and booked, for an approval).</summary>
    Done = 1,

    /// <summary>No such drop-off, or one outside the staff member's communities (the same answer).</summary>
    NotFound = 2,

    /// <summary>Decided before (or no longer held): nothing booked again.</summary>
    AlreadyDecided = 3,

    /// <summary>Approval refused: the card belongs to no household, so approving would credit nobody.</summary>
    NoHousehold = 4,

    /// <summary>Rejection refused: a note is required.</summary>
    NoteRequired = 5,
}

/// <summary>The outcome of <see cref="ReviewQueue.Approve"/> or <see cref="ReviewQueue.Reject"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Item">The drop-off as it is after the call (null when not found).</param>
/// <param name="Decision">The decision taken now, or the earlier one for <see cref="ReviewStatus.AlreadyDecided"/> (null if the drop-off left the queue otherwise).</param>
public sealed record ReviewResult(ReviewStatus Status, ReviewItem? Item, ReviewDecision? Decision);

/// <summary>
/// The staff review queue, always through a <see cref="StaffScope"/>: held drop-offs of the scope's communities,
/// approved through <see cref="SqliteGatewayStore.ReleaseHeld"/> (credited via the ledger) or rejected through
/// <see cref="SqliteGatewayStore.RejectHeld"/> with a note. A drop-off outside the scope is "not found".
/// </summary>
public sealed class ReviewQueue(SqliteGatewayStore store, GatewayMetrics metrics)
{
    /// <summary>Longest note kept, characters.</summary>
    public const int NoteLengthMax = 500;

    /// <summary>Drop-offs around a held one shown with it (each side, by sequence number).</summary>
    public const int NeighbourSpan = 3;

    /// <summary>Held drop-offs the scope sees, oldest first.</summary>
    public IReadOnlyList<ReviewItem> Held(StaffScope scope, int limit) => store.ReviewItems(DropOffOutcomes.Held, Scoped(scope), limit);

    /// <summary>Unknown-card drop-offs (value parked in suspense) the scope sees, oldest first.</summary>
    public IReadOnlyList<ReviewItem> WaitingForCard(StaffScope scope, int limit) => store.ReviewItems(DropOffOutcomes.Suspense, Scoped(scope), limit);

    /// <summary>How many held drop-offs the scope sees (the nav badge).</summary>
    public long Count(StaffScope scope) => store.HeldCount(Scoped(scope));

    /// <summary>Latest decisions on drop-offs the scope sees, newest first.</summary>
    public IReadOnlyList<ReviewDecision> RecentDecisions(StaffScope scope, int limit) => store.RecentReviewDecisions(Scoped(scope), limit);

    /// <summary>The bin's drop-offs around <paramref name="item"/> (an item the caller got through the scope).</summary>
    public IReadOnlyList<DropOffRow> Around(ReviewItem item) => store.DropOffsAround(item.BinId, item.CommunityId, item.Seq, NeighbourSpan);

    /// <summary>A drop-off's audit record, or null when it does not exist or lies outside the scope.</summary>
    public ReviewItem? Find(StaffScope scope, string binId, long seq)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return store.ReviewItem(binId ?? "", seq) is { } item && scope.Sees(item.CommunityId) ? item : null;
    }

    /// <summary>
    /// Approves a held drop-off the scope sees: the store books its evaluated points and g CO2e to the household the
    /// card is registered to now. Refused <see cref="ReviewStatus.NoHousehold"/> for a card registered to nobody.
    /// </summary>
    public ReviewResult Approve(StaffScope scope, string binId, long seq, string? note)
    {
        if (Unheld(scope, binId, seq, out var item) is { } answer)
        {
            return answer;
        }
        if (item.CardHouseholdId is null)
        {
            return new ReviewResult(ReviewStatus.NoHousehold, item, null);
        }
        return After(store.ReleaseHeld(item.BinId, item.Seq, scope.Username, Clip(note)), item, ReviewDecisions.Approved);
    }

    // The answer when the drop-off is not a held one the scope sees (not found, or decided already); null with the item when it is.
    private ReviewResult? Unheld(StaffScope scope, string binId, long seq, out ReviewItem item)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (Find(scope, binId, seq) is not { } found)
        {
            item = null!; // callers read it only when the answer is null
            return new ReviewResult(ReviewStatus.NotFound, null, null);
        }
        item = found;
        return item.Outcome != DropOffOutcomes.Held ? Already(item) : null;
    }

    /// <summary>Rejects a held drop-off the scope sees; a note is required (kept with the username).</summary>
    public ReviewResult Reject(StaffScope scope, string binId, long seq, string? note)
    {
        if (Unheld(scope, binId, seq, out var item) is { } answer)
        {
            return answer;
        }
        var written = Clip(note);
        if (written.Length == 0)
        {
            return new ReviewResult(ReviewStatus.NoteRequired, item, null);
        }
        return After(store.RejectHeld(item.BinId, item.Seq, scope.Username, written), item, ReviewDecisions.Rejected);
    }

    private ReviewResult After(StoreResult result, ReviewItem before, string decision)
    {
        var now = store.ReviewItem(before.BinId, before.Seq) ?? before;
        if (!result.Ok)
        {
            // Another staff member decided between our read and our write (the store refused not-held): nothing booked.
            return Already(now);
        }
        metrics.Increment("smartbin_staff_review_decisions_total", "Staff decisions on held drop-offs.", 1, ("decision", decision));
        return new ReviewResult(ReviewStatus.Done, now, store.ReviewDecisionsOf(before.BinId, before.Seq).LastOrDefault());
    }

    private ReviewResult Already(ReviewItem item) =>
        new(ReviewStatus.AlreadyDecided, item, store.ReviewDecisionsOf(item.BinId, item.Seq).LastOrDefault());

    private static string? Scoped(StaffScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.CommunityId;
    }

    private static string Clip(string? note)
    {
        var written = (note ?? "").Trim();
        return written.Length > NoteLengthMax ? written[..NoteLengthMax] : written;
    }
}
