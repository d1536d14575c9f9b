using System.Linq;
using Microsoft.AspNetCore.Mvc;
using SmartBin.Gateway.Reporting;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// <c>/staff/campaign</c>: the weekly campaign of any ISO week (default: the last complete week) for the communities
/// the staff member may see: the top individuals (masked names, card tails) and the top units, ranked by the rules of
/// Reporting/README.md (a weekly cap per person; units by capped kg per household), with a CSV export.
/// </summary>
public sealed class CampaignModel(ReportingService reporting, StaffData data, StaffFormat format) : ReportPageModel(reporting, data, format)
{
    /// <summary>The campaign (null when the input was refused).</summary>
    public WeeklyCampaign? Campaign { get; private set; }

    /// <summary>The week field's value.</summary>
    public string WeekValue { get; private set; } = "";

    /// <summary>The CSV download of this campaign.</summary>
    public string CsvHref => "/staff/exports?handler=Campaign&week=" + WeekValue + CommunityQuery();

    /// <summary>Ranks the week; 400 for a malformed week, 403 for another community.</summary>
    public IActionResult OnGet(string? week)
    {
        var refused = Check(q => q.WithWeek(week, StaffReportQuery.LastCompleteWeek(Reporting.Today)));
        if (refused is not null)
        {
            WeekValue = week ?? "";
            return refused;
        }
        WeekValue = StaffReportQuery.WeekValue(Query.Week);
        Campaign = Reporting.Campaign(Query.Week.IsoYear, Query.Week.IsoWeek, Query.CommunityIds);
        return Page();
    }

    /// <summary>Kilograms with three decimals.</summary>
    public string Kg3(long grams) => Format.Format("prog.unit.kg3", grams / 1000.0);

    /// <summary>A community's display name among those visible (its id when not found).</summary>
    public string CommunityName(string id) => Query.Visible.FirstOrDefaultName(id);

    private string CommunityQuery() => Query.CommunityIds is { } ids ? string.Concat(ids.Select(i => "&community=" + System.Uri.EscapeDataString(i))) : "";
}

/// <summary>Look-ups over the visible communities.</summary>
internal static class CommunityListExtensions
{
    /// <summary>The name of community <paramref name="id"/>, or the id itself.</summary>
    public static string FirstOrDefaultName(this System.Collections.Generic.IReadOnlyList<SmartBin.Gateway.Storage.CommunitySummary> list, string id) =>
        System.Linq.Enumerable.FirstOrDefault(list, c => c.CommunityId == id)?.Name ?? id;
}
