using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using SmartBin.Gateway.Reporting;

namespace SmartBin.Gateway.Staff.Pages;

/// <summary>
/// <c>/staff/exports</c>: CSV downloads (every drop-off, totals by material, the weekly campaign) and the printable
/// report for a period and communities. Every handler checks the communities against the caller's scope before
/// reading (403 for another community's), so a staff member of one community can only export that community.
/// </summary>
public sealed class ExportsModel(ReportingService reporting, StaffData data, StaffFormat format) : ReportPageModel(reporting, data, format)
{
    /// <summary>The campaign week field's value.</summary>
    public string WeekValue { get; private set; } = "";

    /// <summary>The form.</summary>
    public IActionResult OnGet(string? from, string? to, string? week) => Checked(from, to, week) ?? Page();

    /// <summary>Every drop-off of the period at bins of the chosen communities, whatever its outcome (CSV).</summary>
    public async Task<IActionResult> OnGetDropOffsAsync(string? from, string? to, string? week, CancellationToken cancellationToken) =>
        Checked(from, to, week) ?? await CsvAsync("dropoffs", s => Reporting.WriteDropOffsCsv(s, Query.Period, Query.CommunityIds), cancellationToken);

    /// <summary>Totals by day, week, material and community (CSV).</summary>
    public async Task<IActionResult> OnGetTotalsAsync(string? from, string? to, string? week, CancellationToken cancellationToken) =>
        Checked(from, to, week) ?? await CsvAsync("totals", s => ReportingService.WriteStatsCsv(s, Reporting.Stats(Query.Period, Query.CommunityIds)), cancellationToken);

    /// <summary>The campaign of the week field (CSV).</summary>
    public async Task<IActionResult> OnGetCampaignAsync(string? from, string? to, string? week, CancellationToken cancellationToken)
    {
        if (Checked(from, to, week) is { } refused)
        {
            return refused;
        }
        var campaign = Reporting.Campaign(Query.Week.IsoYear, Query.Week.IsoWeek, Query.CommunityIds);
        return await CsvAsync("campaign-" + campaign.Label, s => ReportingService.WriteCampaignCsv(s, campaign), cancellationToken);
    }

    /// <summary>The printable report (HTML, the request's language) with the top fives of the week field.</summary>
    public IActionResult OnGetReport(string? from, string? to, string? week)
    {
        if (Checked(from, to, week) is { } refused)
        {
            return refused;
        }
        var html = Reporting.PrintableReport(Query.Period, Query.CommunityIds, CultureInfo.CurrentUICulture, Query.Week);
        return Content(html, "text/html; charset=utf-8");
    }

    private IActionResult? Checked(string? from, string? to, string? week)
    {
        var refused = Check(q => q.WithPeriod(from, to, DefaultPeriod, Reporting.Options.MaxPeriodDays)
            .WithWeek(week, StaffReportQuery.LastCompleteWeek(Reporting.Today)));
        WeekValue = refused is null ? StaffReportQuery.WeekValue(Query.Week) : week ?? "";
        return refused;
    }

    /// <summary>
    /// Writes a CSV through a buffer that spills to a temporary file past 32 KB (the writers are synchronous and
    /// Kestrel forbids synchronous writes to the response; a year of drop-offs is hundreds of MB), then sends it.
    /// </summary>
    private async Task<IActionResult> CsvAsync(string name, Action<Stream> write, CancellationToken cancellationToken)
    {
        await using var buffer = new FileBufferingWriteStream();
        write(buffer);
        var file = string.Create(CultureInfo.InvariantCulture, $"{name}-{StaffReportQuery.DateValue(Query.Period.From)}-{StaffReportQuery.DateValue(Query.Period.To)}{CommunitySuffix()}.csv");
        if (name.StartsWith("campaign-", StringComparison.Ordinal))
        {
            file = name + CommunitySuffix() + ".csv";
        }
        Response.ContentType = "text/csv; charset=utf-8";
        Response.ContentLength = buffer.Length;
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = file }.ToString();
        await buffer.DrainBufferAsync(Response.Body, cancellationToken);
        return new EmptyResult();
    }

    private string CommunitySuffix() => Query.CommunityIds is { } ids ? "-" + string.Join('-', ids) : "";
}
