using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff;

/// <summary>What a report request asks for, checked: a verdict, and either the parsed values or why not.</summary>
public enum ReportQueryVerdict
{
    /// <summary>Valid and inside the caller's scope.</summary>
    Ok,

    /// <summary>Malformed input (400): <see cref="StaffReportQuery.ErrorKey"/> says what, in the resources.</summary>
    Invalid,

    /// <summary>A community outside the caller's scope (403): nothing is read.</summary>
    Forbidden,
}

/// <summary>
/// The query string of the programme, campaign and export pages, parsed and scoped on the server:
/// <c>from</c>/<c>to</c> (yyyy-MM-dd local days), <c>community</c> (repeatable; absent or empty = every community
/// the caller may see), <c>week</c> (ISO week, <c>2026-W10</c>, the form of an HTML week input). A staff member of one
/// community asking for another gets <see cref="ReportQueryVerdict.Forbidden"/>, never a silent substitution.
/// </summary>
public sealed partial class StaffReportQuery
{
    /// <summary>Verdict.</summary>
    public ReportQueryVerdict Verdict { get; private set; } = ReportQueryVerdict.Ok;

    /// <summary>Resource key of the first problem (<c>prog.error.*</c>), null when valid.</summary>
    public string? ErrorKey { get; private set; }

    /// <summary>Values for the problem's resource format.</summary>
    public object[] ErrorArgs { get; private set; } = [];

    /// <summary>The period (defaults filled in).</summary>
    public ReportPeriod Period { get; private set; }

    /// <summary>ISO week (year, week) of a campaign request.</summary>
    public (int IsoYear, int IsoWeek) Week { get; private set; }

    /// <summary>Community ids to read: null = all (an all-communities caller who named none), else the list.</summary>
    public IReadOnlyList<string>? CommunityIds { get; private set; }

    /// <summary>The communities the caller may pick from.</summary>
    public IReadOnlyList<CommunitySummary> Visible { get; private set; } = [];

    /// <summary>Checks <paramref name="communities"/> against <paramref name="scope"/> and the registry's <paramref name="visible"/> ones.</summary>
    public static StaffReportQuery ForCommunities(StaffScope scope, StringValues communities, IReadOnlyList<CommunitySummary> visible)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(visible);
        var query = new StaffReportQuery { Visible = visible };
        var asked = communities.Where(c => !string.IsNullOrWhiteSpace(c) && c != "all").Select(c => c!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (asked.Any(c => !scope.Sees(c)))
        {
            // A scoped member naming another community is refused outright, whether or not it exists.
            query.Verdict = ReportQueryVerdict.Forbidden;
            return query;
        }
        if (asked.FirstOrDefault(c => !visible.Any(v => v.CommunityId == c)) is { } unknown)
        {
            return query.Fail("prog.error.community", unknown);
        }
        query.CommunityIds = asked.Count > 0 ? asked : scope.CommunityId is { } own ? [own] : null;
        return query;
    }

    /// <summary>
    /// Parses <paramref name="from"/> and <paramref name="to"/> (each defaults when absent) and checks the period is
    /// ordered and at most <paramref name="maxDays"/> long.
    /// </summary>
    public StaffReportQuery WithPeriod(string? from, string? to, ReportPeriod fallback, int maxDays)
    {
        if (Verdict != ReportQueryVerdict.Ok)
        {
            return this;
        }
        DateOnly? first = string.IsNullOrEmpty(from) ? fallback.From : ReportingOptions.ParseDate(from.Trim());
        DateOnly? last = string.IsNullOrEmpty(to) ? fallback.To : ReportingOptions.ParseDate(to.Trim());
        if (first is not { } f)
        {
            return Fail("prog.error.date", from!);
        }
        if (last is not { } l)
        {
            return Fail("prog.error.date", to!);
        }
        if (l < f)
        {
            return Fail("prog.error.order");
        }
        Period = new ReportPeriod(f, l);
        return Period.Days > maxDays ? Fail("prog.error.long", Period.Days, maxDays) : this;
    }

    /// <summary>Parses an ISO week <c>yyyy-Www</c>; absent = <paramref name="fallback"/>.</summary>
    public StaffReportQuery WithWeek(string? week, (int IsoYear, int IsoWeek) fallback)
    {
        if (Verdict != ReportQueryVerdict.Ok)
        {
            return this;
        }
        if (string.IsNullOrEmpty(week))
        {
            Week = fallback;
            return this;
        }
        var match = WeekPattern().Match(week.Trim());
        if (!match.Success)
        {
            return Fail("prog.error.week", week);
        }
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return Fail("prog.error.week", week);
        }
        Week = (year, number);
        return this;
    }

    /// <summary>The last complete ISO week before <paramref name="today"/>'s week.</summary>
    public static (int IsoYear, int IsoWeek) LastCompleteWeek(DateOnly today) => ReportPeriod.WeekOf(today.AddDays(-7));

    /// <summary>The value of an HTML week input for a week.</summary>
    public static string WeekValue((int IsoYear, int IsoWeek) week) => ReportPeriod.WeekLabel(week.IsoYear, week.IsoWeek);

    /// <summary>The value of an HTML date input.</summary>
    public static string DateValue(DateOnly day) => day.ToString(ReportingOptions.DateFormat, CultureInfo.InvariantCulture);

    /// <summary>A query string naming this request's period and communities (for links between the pages).</summary>
    public string PeriodQuery()
    {
        var parts = new List<string> { "from=" + DateValue(Period.From), "to=" + DateValue(Period.To) };
        parts.AddRange((CommunityIds ?? []).Select(c => "community=" + Uri.EscapeDataString(c)));
        return string.Join('&', parts);
    }

    /// <summary>Refuses the request as invalid with resource <paramref name="key"/> unless <paramref name="ok"/> (and it is still valid).</summary>
    public StaffReportQuery Require(bool ok, string key, params object[] args) => ok || Verdict != ReportQueryVerdict.Ok ? this : Fail(key, args);

    private StaffReportQuery Fail(string key, params object[] args)
    {
        Verdict = ReportQueryVerdict.Invalid;
        ErrorKey = key;
        ErrorArgs = args;
        return this;
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();
}
