using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Web;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// <c>/staff/review</c>: held drop-offs of the staff member's communities, oldest first, each with its audit record,
/// to approve (credited through the ledger) or reject with a note; below them the unknown-card drop-offs waiting
/// for a registration, and the latest decisions. A drop-off of another community is 404, listed or posted.
/// </summary>
public sealed class ReviewModel(SqliteGatewayStore store, GatewayMetrics metrics, StaffFormat format) : StaffPageModel
{
    /// <summary>Held drop-offs listed (the oldest; the badge counts them all).</summary>
    public const int HeldRows = 100;

    /// <summary>Unknown-card drop-offs listed.</summary>
    public const int WaitingRows = 50;

    /// <summary>Decisions listed.</summary>
    public const int DecisionRows = 30;

    private ReviewQueue Queue => new(store, metrics);

    /// <summary>Held drop-offs, oldest first.</summary>
    public IReadOnlyList<ReviewItem> Held { get; private set; } = [];

    /// <summary>The bin's drop-offs around each held one, by "bin:seq".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DropOffRow>> Around { get; private set; } = new Dictionary<string, IReadOnlyList<DropOffRow>>();

    /// <summary>Unknown-card drop-offs, oldest first.</summary>
    public IReadOnlyList<ReviewItem> Waiting { get; private set; } = [];

    /// <summary>Latest decisions, newest first.</summary>
    public IReadOnlyList<ReviewDecision> Decisions { get; private set; } = [];

    /// <summary>All held drop-offs the scope sees (may exceed <see cref="HeldRows"/>).</summary>
    public long HeldTotal { get; private set; }

    /// <summary>What the last action did, or why it was refused.</summary>
    public string? Message { get; private set; }

    /// <summary>True when <see cref="Message"/> is a refusal.</summary>
    public bool MessageIsError { get; private set; }

    /// <summary>The drop-off id shown and posted, <c>{bin}:{seq}</c>.</summary>
    public static string IdOf(ReviewItem item) => item.BinId + ":" + item.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The card as shown: its last four characters only (MIFARE Classic UIDs are cloneable).</summary>
    public static string Card(string uid) => StatusViews.MaskCard(uid);

    /// <summary>Lists; after a decision (<paramref name="done"/>, redirect) says what it did.</summary>
    public void OnGet(string? done, string? bin, long? seq)
    {
        if (done is ReviewDecisions.Approved or ReviewDecisions.Rejected && bin is not null && seq is { } s
            && Queue.Find(Scope, bin, s) is { } item && store.ReviewDecisionsOf(item.BinId, item.Seq).LastOrDefault() is { } decision)
        {
            Message = DoneText(item, decision);
        }
        Load();
    }

    /// <summary>Approves a held drop-off (optional note).</summary>
    public IActionResult OnPostApprove(string? binId, long seq, string? note) =>
        After(Queue.Approve(Scope, binId ?? "", seq, note), ReviewDecisions.Approved);

    /// <summary>Rejects a held drop-off; a note is required.</summary>
    public IActionResult OnPostReject(string? binId, long seq, string? note) =>
        After(Queue.Reject(Scope, binId ?? "", seq, note), ReviewDecisions.Rejected);

    private IActionResult After(ReviewResult result, string wanted)
    {
        if (result.Status == ReviewStatus.Done)
        {
            // Post/redirect/get: a reload does not post the decision again.
            return RedirectToPage(new { done = wanted, bin = result.Item!.BinId, seq = result.Item.Seq });
        }
        (Message, var status) = result.Status switch
        {
            ReviewStatus.NotFound => (format.Text["review.gone"].Value, StatusCodes.Status404NotFound),
            ReviewStatus.NoteRequired => (format.Text["review.noteRequired"].Value, StatusCodes.Status400BadRequest),
            ReviewStatus.NoHousehold => (format.Format("review.noHousehold", Card(result.Item!.CardUid)), StatusCodes.Status409Conflict),
            _ => AlreadyText(result, wanted),
        };
        MessageIsError = true;
        Response.StatusCode = status;
        Load();
        return Page();
    }

    // The same decision again is answered like a retry (200, nothing booked again); another decision is a conflict.
    private (string, int) AlreadyText(ReviewResult result, string wanted)
    {
        if (result.Decision is { } d && result.Item is { Outcome: not DropOffOutcomes.Held })
        {
            var text = format.Format("review.already." + d.Decision, d.Staff, format.Time(d.DecidedUtc));
            return (text, d.Decision == wanted ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
        }
        return (format.Format("review.notHeld", format.Text["outcome." + (result.Item?.Outcome ?? DropOffOutcomes.Held)].Value), StatusCodes.Status409Conflict);
    }

    private string DoneText(ReviewItem item, ReviewDecision decision) => decision.Decision == ReviewDecisions.Approved
        ? item.Outcome == DropOffOutcomes.Credited
            ? format.Format("review.done.approved", format.Number(decision.Points), item.HouseholdId ?? "")
            : format.Format("review.done.approvedTo", format.Text["outcome." + item.Outcome].Value)
        : format.Text["review.done.rejected"].Value;

    private void Load()
    {
        var queue = Queue;
        Held = queue.Held(Scope, HeldRows);
        HeldTotal = Held.Count < HeldRows ? Held.Count : queue.Count(Scope);
        Around = Held.ToDictionary(IdOf, queue.Around, StringComparer.Ordinal);
        Waiting = queue.WaitingForCard(Scope, WaitingRows);
        Decisions = queue.RecentDecisions(Scope, DecisionRows);
    }

    /// <summary>The protocol's flag names set in <paramref name="flags"/> (docs/protocol.md), comma-separated.</summary>
    public static string FlagNames(int flags)
    {
        (int Bit, string Name)[] names = [(1, "belowMin"), (2, "unattributed"), (4, "clockUnset"), (8, "tamperSeen"), (16, "endedByOtherCard"), (32, "unsettled")];
        return string.Join(", ", names.Where(n => (flags & n.Bit) != 0).Select(n => n.Name));
    }
}
