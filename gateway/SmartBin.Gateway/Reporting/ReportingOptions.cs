using System;
using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Gateway.Reporting;

/// <summary>
/// Programme reporting (section <c>SmartBin:Reporting</c>): the pilot's dates, the weekly campaign's per-person cap
/// and the longest period one report may cover. The target itself is per community (<c>communities.target_grams</c>).
/// </summary>
public sealed class ReportingOptions
{
    /// <summary>Date format of <see cref="PilotStartDate"/> and <see cref="PilotEndDate"/>.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>First local day of the pilot (inclusive), <c>yyyy-MM-dd</c>: the day progress to the target counts from.</summary>
    public string PilotStartDate { get; set; } = "2026-01-01";

    /// <summary>Last local day of the pilot (inclusive), <c>yyyy-MM-dd</c>: six months after the start by default.</summary>
    public string PilotEndDate { get; set; } = "2026-06-30";

    /// <summary>
    /// Most credited grams of one person (card) that count for the weekly campaign ranking; 0 = no cap. 5 kg is about
    /// six times the weekly pace the 200 t target asks of a household (≈ 0.85 kg): everyday recycling is never cut,
    /// one bulk haul cannot buy the top place. Points are not affected (they follow the crediting rules).
    /// </summary>
    public int CampaignWeeklyCapGrams { get; set; } = 5_000;

    /// <summary>Places in each campaign ranking (the issue asks for a top five).</summary>
    public int CampaignTopCount { get; set; } = 5;

    /// <summary>Longest period one statistics query or export may cover, days: bounds what one request can make the store read.</summary>
    public int MaxPeriodDays { get; set; } = 732;

    /// <summary>Parsed <see cref="PilotStartDate"/>.</summary>
    public DateOnly PilotStartDay() => ParseDate(PilotStartDate) ?? throw new InvalidOperationException("Reporting:PilotStartDate is not a date");

    /// <summary>Parsed <see cref="PilotEndDate"/>.</summary>
    public DateOnly PilotEndDay() => ParseDate(PilotEndDate) ?? throw new InvalidOperationException("Reporting:PilotEndDate is not a date");

    /// <summary>A <c>yyyy-MM-dd</c> date, or null.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>Problems with these options as (key under <c>SmartBin:</c>, value, why); empty when valid.</summary>
    public IEnumerable<(string Key, object? Value, string Why)> Problems()
    {
        var start = ParseDate(PilotStartDate);
        var end = ParseDate(PilotEndDate);
        if (start is null)
        {
            yield return ("Reporting:PilotStartDate", PilotStartDate, "must be a date yyyy-MM-dd");
        }
        if (end is null)
        {
            yield return ("Reporting:PilotEndDate", PilotEndDate, "must be a date yyyy-MM-dd");
        }
        if (start is { } s && end is { } e && e < s)
        {
            yield return ("Reporting:PilotEndDate", PilotEndDate, "must not be before Reporting:PilotStartDate");
        }
        if (CampaignWeeklyCapGrams is < 0 or > 1_000_000)
        {
            yield return ("Reporting:CampaignWeeklyCapGrams", CampaignWeeklyCapGrams, "must be between 0 (no cap) and 1000000");
        }
        if (CampaignTopCount is < 1 or > 100)
        {
            yield return ("Reporting:CampaignTopCount", CampaignTopCount, "must be between 1 and 100");
        }
        if (MaxPeriodDays is < 7 or > 3_660)
        {
            yield return ("Reporting:MaxPeriodDays", MaxPeriodDays, "must be between 7 and 3660");
        }
    }
}
