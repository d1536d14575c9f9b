using System;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Firmware.Core.Weighing;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

/// <summary>Configuration validation, Min, and the rounding rule.</summary>
public sealed class WeighingConfigTests
{
    [Fact]
    public void The_defaults_are_valid_and_match_the_design()
    {
        var config = new WeighingConfig();

        Assert.Null(config.Validate());
        Assert.Equal(30000, config.MaxGrams);
        Assert.Equal(10, config.ScaleIntervalGrams);
        Assert.Equal(10, config.SampleRatePerSecond);
        Assert.Equal(1000, config.StableMs);
    }

    [Theory]
    [InlineData("ScaleIntervalGrams", 3)] // not 1, 2 or 5 × 10^k
    [InlineData("ScaleIntervalGrams", 0)]
    [InlineData("MaxGrams", 30005)] // not a multiple of e
    [InlineData("MaxGrams", 200010)] // 20 001 intervals
    [InlineData("MaxGrams", 500)] // 50 intervals
    [InlineData("SampleRatePerSecond", 0)]
    [InlineData("SampleRatePerSecond", 81)]
    [InlineData("MedianWindowSamples", 4)] // even
    [InlineData("MedianWindowSamples", 17)]
    [InlineData("AverageWindowSamples", 0)]
    [InlineData("AverageWindowSamples", 65)]
    [InlineData("StableMs", 0)]
    [InlineData("StableMs", 10001)]
    [InlineData("SensorLostMs", 150)] // under two periods at 10 samples/s
    public void Unusable_settings_are_named_by_the_error(string field, int value)
    {
        var config = new WeighingConfig();
        typeof(WeighingConfig).GetField(field)!.SetValue(config, value);

        string? error = config.Validate();

        Assert.NotNull(error);
        Assert.StartsWith(field, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new WeighingPipeline(config, new Calibration(0, 100, 1)));
    }

    [Fact]
    public void A_long_stability_time_at_80_samples_per_second_is_refused_for_its_buffer()
    {
        var config = new WeighingConfig { SampleRatePerSecond = 80, StableMs = 2000 };
        Assert.NotNull(config.Validate());

        config.StableMs = 1000;
        Assert.Null(config.Validate());
    }

    [Theory]
    [InlineData(10, 200)]
    [InlineData(5, 100)]
    [InlineData(20, 400)]
    public void Min_is_twenty_e(int scaleIntervalGrams, int minGrams)
    {
        var config = new WeighingConfig { ScaleIntervalGrams = scaleIntervalGrams, MaxGrams = 1000 * scaleIntervalGrams };
        var pipeline = new WeighingPipeline(config, new Calibration(0, 100, 1));

        Assert.Equal(minGrams, pipeline.MinGrams);
        Assert.True(pipeline.IsBelowMin(minGrams - 1));
        Assert.False(pipeline.IsBelowMin(minGrams));
        Assert.True(pipeline.IsBelowMin(-minGrams)); // a removal is never a legal drop-off
    }

    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(-2.5, -3)]
    [InlineData(2.4999, 2)]
    [InlineData(-2.4999, -2)]
    [InlineData(0.0, 0)]
    [InlineData(1e12, int.MaxValue)]
    [InlineData(-1e12, -int.MaxValue)]
    public void Rounding_is_half_away_from_zero_and_clamped(double value, int expected)
    {
        Assert.Equal(expected, GramsRounding.RoundHalfAwayFromZero(value));
    }

    [Fact]
    public void Rounding_agrees_with_the_framework_within_the_int_range()
    {
        Prop.ForAll(Gen.Choose(-2000000000, 2000000000).Select(v => v / 1000.0).ToArbitrary(), value =>
            GramsRounding.RoundHalfAwayFromZero(value) == (int)Math.Round(value, MidpointRounding.AwayFromZero))
            .Check(SeededProperty.Config(seed: 11, testCount: 2000));
    }
}
