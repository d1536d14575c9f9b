using System;
using SmartBin.Gateway.Crediting;
using Xunit;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>Price lookup by time, floor rounding, and refusal of malformed tables.</summary>
public sealed class PriceTableTests
{
    private static readonly DateTimeOffset Switch = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static PriceTable TwoVersions() => new(new PriceTableOptions
    {
        Versions =
        [
            Fixtures.PriceVersion("v2", Switch, null, 100),
            Fixtures.PriceVersion("v1", CreditingDefaults.PilotStartUtc, Switch, 80),
        ],
    });

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "v1")]
    [InlineData("2026-06-30T23:59:59.999Z", "v1")]
    [InlineData("2026-07-01T00:00:00Z", "v2")]
    [InlineData("2030-01-01T00:00:00Z", "v2")]
    public void The_version_in_force_switches_exactly_at_the_effective_instant(string atUtc, string expected)
    {
        var version = TwoVersions().InForceAt(DateTimeOffset.Parse(atUtc, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, version?.Version);
    }

    [Fact]
    public void Before_the_first_version_nothing_is_in_force()
    {
        Assert.Null(TwoVersions().InForceAt(CreditingDefaults.PilotStartUtc.AddTicks(-1)));
    }

    [Theory]
    [InlineData(80, 750, 60)]      // 60.0 exactly
    [InlineData(80, 12, 0)]        // 0.96 floors to 0
    [InlineData(80, 1_012, 80)]    // 80.96 floors to 80
    [InlineData(70, 999, 69)]      // 69.93 floors to 69
    [InlineData(70, 1_000, 70)]
    [InlineData(80, 0, 0)]
    [InlineData(80, -500, 0)]
    [InlineData(PriceTable.MaxPointsPerKg, int.MaxValue, 2_147_483_647_000L)]
    public void Points_are_floored_to_whole_points(int pointsPerKg, int netGrams, long expected)
    {
        var table = new PriceTable(new PriceTableOptions
        {
            Versions = [Fixtures.PriceVersion("v", CreditingDefaults.PilotStartUtc, null, pointsPerKg)],
        });
        Assert.Equal(expected, table.Versions[0].PointsFor(Material.Hdpe, netGrams));
    }

    [Fact]
    public void Default_prices_are_80_points_for_PET_and_HDPE_and_70_for_the_rest()
    {
        var version = new PriceTable(CreditingDefaults.Prices()).InForceAt(Fixtures.Now)!;
        Assert.Equal("prices-2026-01", version.Version);
        Assert.Equal(80, version.PointsPerKgByMaterial[Material.Pet]);
        Assert.Equal(80, version.PointsPerKgByMaterial[Material.Hdpe]);
        Assert.Equal(70, version.PointsPerKgByMaterial[Material.Pp]);
        Assert.Equal(70, version.PointsPerKgByMaterial[Material.Mixed]);
    }

    [Theory]
    [InlineData("2026-07-02T00:00:00Z", "gap")]
    [InlineData("2026-06-30T00:00:00Z", "overlap")]
    public void Gaps_and_overlaps_are_refused_with_a_clear_error(string secondStartUtc, string word)
    {
        var start = DateTimeOffset.Parse(secondStartUtc, System.Globalization.CultureInfo.InvariantCulture);
        var options = new PriceTableOptions
        {
            Versions =
            [
                Fixtures.PriceVersion("v1", CreditingDefaults.PilotStartUtc, Switch, 80),
                Fixtures.PriceVersion("v2", start, null, 100),
            ],
        };
        var error = Assert.Throws<ArgumentException>(() => new PriceTable(options));
        Assert.Contains(word, error.Message, StringComparison.Ordinal);
        Assert.Contains("'v1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_ended_version_followed_by_another_is_an_overlap()
    {
        var options = new PriceTableOptions
        {
            Versions =
            [
                Fixtures.PriceVersion("v1", CreditingDefaults.PilotStartUtc, null, 80),
                Fixtures.PriceVersion("v2", Switch, null, 100),
            ],
        };
        var error = Assert.Throws<ArgumentException>(() => new PriceTable(options));
        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_versions_are_refused()
    {
        var missing = Fixtures.PriceVersion("v", CreditingDefaults.PilotStartUtc, null, 80);
        missing.PointsPerKg.Remove("PS");
        var negative = Fixtures.PriceVersion("v", CreditingDefaults.PilotStartUtc, null, -1);
        var unknown = Fixtures.PriceVersion("v", CreditingDefaults.PilotStartUtc, null, 80);
        unknown.PointsPerKg["PVC"] = 10;
        var backwards = Fixtures.PriceVersion("v", Switch, CreditingDefaults.PilotStartUtc, 80);

        Assert.Contains("PS", Refusal(missing), StringComparison.Ordinal);
        Assert.Contains("-1", Refusal(negative), StringComparison.Ordinal);
        Assert.Contains("PVC", Refusal(unknown), StringComparison.Ordinal);
        Assert.Contains("ends", Refusal(backwards), StringComparison.Ordinal);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => new PriceTable(new PriceTableOptions())).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_version_names_are_refused()
    {
        var options = new PriceTableOptions
        {
            Versions =
            [
                Fixtures.PriceVersion("v1", CreditingDefaults.PilotStartUtc, Switch, 80),
                Fixtures.PriceVersion("v1", Switch, null, 100),
            ],
        };
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new PriceTable(options)).Message, StringComparison.Ordinal);
    }

    private static string Refusal(PriceVersionOptions version) =>
        Assert.Throws<ArgumentException>(() => new PriceTable(new PriceTableOptions { Versions = [version] })).Message;
}
