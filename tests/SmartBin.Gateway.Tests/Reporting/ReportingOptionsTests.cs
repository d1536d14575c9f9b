using System.Linq;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Reporting;
using Xunit;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>Reporting options are checked at start-up with the key named.</summary>
public sealed class ReportingOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_span_the_six_month_pilot()
    {
        var o = new ReportingOptions();

        Assert.Empty(o.Problems());
        Assert.Equal(181, o.PilotEndDay().DayNumber - o.PilotStartDay().DayNumber + 1);
    }

    [Theory]
    [InlineData("2026-13-01", "2026-06-30", 5_000, 5, 732, "SmartBin:Reporting:PilotStartDate")]
    [InlineData("2026-01-01", "30/06/2026", 5_000, 5, 732, "SmartBin:Reporting:PilotEndDate")]
    [InlineData("2026-07-01", "2026-06-30", 5_000, 5, 732, "SmartBin:Reporting:PilotEndDate")]
    [InlineData("2026-01-01", "2026-06-30", -1, 5, 732, "SmartBin:Reporting:CampaignWeeklyCapGrams")]
    [InlineData("2026-01-01", "2026-06-30", 5_000, 0, 732, "SmartBin:Reporting:CampaignTopCount")]
    [InlineData("2026-01-01", "2026-06-30", 5_000, 5, 6, "SmartBin:Reporting:MaxPeriodDays")]
    public void A_bad_value_fails_validation_naming_its_key(string start, string end, int cap, int top, int maxDays, string key)
    {
        var options = new GatewayOptions
        {
            Reporting = new ReportingOptions { PilotStartDate = start, PilotEndDate = end, CampaignWeeklyCapGrams = cap, CampaignTopCount = top, MaxPeriodDays = maxDays },
        };

        var failure = Assert.Single(GatewayOptionsValidator.Check(options));
        Assert.StartsWith(key + " = ", failure, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_cap_means_no_cap() => Assert.Empty(new ReportingOptions { CampaignWeeklyCapGrams = 0 }.Problems().ToList());
}
