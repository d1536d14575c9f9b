using System.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SmartBin.Gateway.Reporting;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// Base of the programme, campaign and export pages: parses and scopes the query (<see cref="StaffReportQuery"/>);
/// a community outside the caller's scope is 403 before anything is read, malformed input is 400 with the reason
/// on the page (<see cref="Error"/>).
/// </summary>
public abstract class ReportPageModel(ReportingService reporting, StaffData data, StaffFormat format) : StaffPageModel
{
    /// <summary>The reporting service.</summary>
    protected ReportingService Reporting => reporting;

    /// <summary>Formatting of the request's culture.</summary>
    public StaffFormat Format => format;

    /// <summary>The checked query.</summary>
    public StaffReportQuery Query { get; private set; } = new();

    /// <summary>Why the input was refused (shown on the page), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The default period of the programme and export pages: the last 28 days to today.</summary>
    protected ReportPeriod DefaultPeriod => new(reporting.Today.AddDays(-27), reporting.Today);

    /// <summary>
    /// Checks the request's communities, then <paramref name="more"/>; returns null when valid, else the result to
    /// return (403, or the page with status 400 and <see cref="Error"/> set: the form stays usable).
    /// </summary>
    protected IActionResult? Check(System.Func<StaffReportQuery, StaffReportQuery> more)
    {
        System.ArgumentNullException.ThrowIfNull(more);
        Query = more(StaffReportQuery.ForCommunities(Scope, Request.Query["community"], data.Communities(Scope)));
        switch (Query.Verdict)
        {
            case ReportQueryVerdict.Forbidden:
                return Forbid();
            case ReportQueryVerdict.Invalid:
                Error = format.Format(Query.ErrorKey!, Query.ErrorArgs);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return null;
        }
    }

    /// <summary>The form's value of query field <paramref name="name"/>: what was typed after a refusal, else <paramref name="valid"/>.</summary>
    public string FieldValue(string name, string valid) => Error is null ? valid : Request.Query[name].ToString();

    /// <summary>True when <paramref name="communityId"/> is among the chosen communities (all = none named).</summary>
    public bool Chosen(string communityId) => Query.CommunityIds?.Contains(communityId) == true;
}
