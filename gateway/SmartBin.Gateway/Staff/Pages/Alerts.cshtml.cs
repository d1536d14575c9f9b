using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartBin.Gateway.Alerts;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// <c>/staff/alerts</c>: open alerts first, each with acknowledge and resolve (resolving needs a note), then the
/// history. Only alerts of the staff member's communities are listed or accepted in a form.
/// </summary>
public sealed class AlertsModel(StaffData data, IStringLocalizer<StaffText> text) : StaffPageModel
{
    /// <summary>History rows shown.</summary>
    public const int HistoryRows = 100;

    /// <summary>Open alerts, oldest first.</summary>
    public IReadOnlyList<Alert> Open { get; private set; } = [];

    /// <summary>Acknowledgements of the open alerts, by alert id.</summary>
    public ILookup<long, AlertAction> Actions { get; private set; } = Enumerable.Empty<AlertAction>().ToLookup(a => a.AlertId);

    /// <summary>Alert changes, newest first.</summary>
    public IReadOnlyList<AlertChange> History { get; private set; } = [];

    /// <summary>What the last action did, or why it was refused.</summary>
    public string? Message { get; private set; }

    /// <summary>Lists; <paramref name="done"/> names the action just taken (after the redirect).</summary>
    public void OnGet(string? done)
    {
        Message = done is AlertActionKinds.Acknowledged or AlertActionKinds.Resolved ? text["alerts.done." + done].Value : null;
        Load();
    }

    /// <summary>Acknowledges one open alert.</summary>
    public IActionResult OnPostAcknowledge(long alertId, string? note) =>
        After(data.Acknowledge(Scope, alertId, (note ?? "").Trim()), AlertActionKinds.Acknowledged);

    /// <summary>Resolves one open alert; a note is required.</summary>
    public IActionResult OnPostResolve(long alertId, string? note)
    {
        var written = (note ?? "").Trim();
        if (written.Length == 0)
        {
            Message = text["alerts.noteRequired"].Value;
            Load();
            return Page();
        }
        return After(data.Resolve(Scope, alertId, written), AlertActionKinds.Resolved);
    }

    private IActionResult After(AlertActionOutcome outcome, string action)
    {
        if (outcome == AlertActionOutcome.Done)
        {
            // Post/redirect/get: a reload does not post the action again.
            return RedirectToPage(new { done = action });
        }
        Message = text["alerts.gone"].Value;
        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
        Load();
        return Page();
    }

    private void Load()
    {
        Open = data.OpenAlerts(Scope);
        Actions = data.Actions(Open.Select(a => a.Id));
        History = data.AlertHistory(Scope, null, HistoryRows);
    }
}
