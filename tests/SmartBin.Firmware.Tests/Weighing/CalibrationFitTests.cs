using System;
using SmartBin.Firmware.Core.Weighing;
using Xunit;

namespace SmartBin.Firmware.Tests.Weighing;

public sealed class CalibrationFitTests
{
    private const double OffsetCounts = 84000;
    private const double CountsPerGram = 115.4;

    private static double CountsFor(double grams) => OffsetCounts + CountsPerGram * grams;

    private static CalibrationFit NewFit() => new(new WeighingConfig());

    [Fact]
    public void Two_points_recover_offset_and_factor_exactly()
    {
        CalibrationFit fit = NewFit();
        Assert.Null(fit.AddPoint(CountsFor(0), 0));
        Assert.Null(fit.AddPoint(CountsFor(10000), 10000));

        Calibration? calibration = fit.Fit(version: 3, out string? error);

        Assert.Null(error);
        Assert.NotNull(calibration);
        Assert.Equal(OffsetCounts, calibration.OffsetCounts, precision: 6);
        Assert.Equal(CountsPerGram, calibration.CountsPerGram, precision: 9);
        Assert.Equal(3, calibration.Version);
        Assert.Equal(0, fit.ResidualEMaxAbs(calibration), precision: 9);
    }

    [Fact]
    public void Three_or_more_noisy_points_are_fitted_by_least_squares()
    {
        // Errors symmetric about the middle weight are uncorrelated with grams and average to zero, so least
        // squares must return the exact line and leave them all as residuals.
        CalibrationFit fit = NewFit();
        double[] grams = [0, 5000, 10000, 15000, 20000];
        double[] errorCounts = [+40, -20, -40, -20, +40];
        for (int i = 0; i < grams.Length; i++)
        {
            Assert.Null(fit.AddPoint(CountsFor(grams[i]) + errorCounts[i], grams[i]));
        }

        Calibration? calibration = fit.Fit(1, out string? error);

        Assert.Null(error);
        Assert.NotNull(calibration);
        Assert.Equal(CountsPerGram, calibration.CountsPerGram, precision: 9);
        Assert.Equal(OffsetCounts, calibration.OffsetCounts, precision: 6); // mean error is zero
        // The point at 5 kg reads 20 counts low: 20 / 115.4 g = 0.0173 e at e = 10 g.
        Assert.Equal(-20 / CountsPerGram / 10, fit.ResidualE(calibration, 1), precision: 9);
        Assert.Equal(40 / CountsPerGram / 10, fit.ResidualEMaxAbs(calibration), precision: 9);
    }

    [Fact]
    public void A_wrong_reference_weight_shows_as_a_large_residual()
    {
        CalibrationFit fit = NewFit();
        fit.AddPoint(CountsFor(0), 0);
        fit.AddPoint(CountsFor(10000), 10000);
        fit.AddPoint(CountsFor(20000), 20500); // operator typed the wrong weight

        Calibration? calibration = fit.Fit(1, out _);

        Assert.NotNull(calibration);
        Assert.True(fit.ResidualEMaxAbs(calibration) > 10, "a 500 g mistake must stand out in e");
    }

    [Fact]
    public void Fewer_than_two_points_are_rejected()
    {
        CalibrationFit fit = NewFit();
        Assert.Null(fit.Fit(1, out string? noPoints));
        Assert.Equal(CalibrationFit.ErrorTooFewPoints, noPoints);

        fit.AddPoint(CountsFor(0), 0);
        Assert.Null(fit.Fit(1, out string? onePoint));
        Assert.Equal(CalibrationFit.ErrorTooFewPoints, onePoint);
    }

    [Fact]
    public void Points_with_the_same_weight_are_rejected()
    {
        CalibrationFit fit = NewFit();
        fit.AddPoint(CountsFor(5000), 5000);
        fit.AddPoint(CountsFor(5000) + 30, 5000);

        Assert.Null(fit.Fit(1, out string? error));
        Assert.Equal(CalibrationFit.ErrorPointsNotDistinct, error);
    }

    [Fact]
    public void Falling_counts_are_rejected_as_a_wiring_fault()
    {
        CalibrationFit fit = NewFit();
        fit.AddPoint(OffsetCounts, 0);
        fit.AddPoint(OffsetCounts - CountsPerGram * 10000, 10000);

        Assert.Null(fit.Fit(1, out string? error));
        Assert.Equal(CalibrationFit.ErrorFactorNotPositive, error);
    }

    [Theory]
    [InlineData(0.05)] // 0.5 counts per e: cannot resolve e
    [InlineData(600)] // 30 kg would need 18 M counts: beyond the 24-bit ADC
    public void Absurd_factors_are_rejected(double countsPerGram)
    {
        CalibrationFit fit = NewFit();
        fit.AddPoint(0, 0);
        fit.AddPoint(countsPerGram * 10000, 10000);

        Assert.Null(fit.Fit(1, out string? error));
        Assert.Equal(CalibrationFit.ErrorFactorOutOfRange, error);
    }

    [Fact]
    public void Points_outside_the_scale_or_the_adc_are_refused()
    {
        CalibrationFit fit = NewFit();
        Assert.Equal(CalibrationFit.ErrorGramsOutOfRange, fit.AddPoint(CountsFor(0), -1));
        Assert.Equal(CalibrationFit.ErrorGramsOutOfRange, fit.AddPoint(CountsFor(0), 30001));
        Assert.Equal(CalibrationFit.ErrorCountsOutOfRange, fit.AddPoint(8388608, 0));
        Assert.Equal(0, fit.PointCount);

        for (int i = 0; i < CalibrationFit.PointsMax; i++)
        {
            Assert.Null(fit.AddPoint(CountsFor(i * 1000), i * 1000));
        }

        Assert.Equal(CalibrationFit.ErrorTooManyPoints, fit.AddPoint(CountsFor(0), 0));
        fit.Clear();
        Assert.Equal(0, fit.PointCount);
    }

    [Fact]
    public void The_wizard_on_a_simulated_cell_recovers_its_calibration()
    {
        // Start from a deliberately wrong calibration: the wizard only uses the pipeline's filtered counts.
        var rig = new ScaleRig();
        rig.Pipeline.ApplyCalibration(new Calibration(0, 200, version: 0));
        CalibrationFit fit = NewFit();
        foreach (double grams in new double[] { 0, 10000, 20000 })
        {
            rig.Cell.SetLoadGrams(grams);
            rig.RunMs(3000);
            Assert.True(rig.Pipeline.IsStable);
            Assert.Null(fit.AddPoint(WizardAverageCounts(rig), grams));
        }

        Calibration? calibration = fit.Fit(version: 1, out string? error);
        Assert.Null(error);
        Assert.NotNull(calibration);
        rig.Pipeline.ApplyCalibration(calibration);
        rig.Cell.SetLoadGrams(15000);
        Assert.True(rig.RunUntilStableAgain(limitMs: 10000));

        double countsPerGram = rig.CellOptions.CountsPerGram;
        Assert.Equal(countsPerGram, calibration.CountsPerGram, tolerance: countsPerGram * 1e-4);
        Assert.True(fit.ResidualEMaxAbs(calibration) < 0.25);
        Assert.InRange(rig.Pipeline.GrossGrams, 15000 - rig.E, 15000 + rig.E);
    }

    // A wizard averages the filtered counts over a few seconds of stable weight, as an operator waits anyway.
    private static double WizardAverageCounts(ScaleRig rig)
    {
        const int Polls = 60;
        double sumCounts = 0;
        for (int i = 0; i < Polls; i++)
        {
            rig.Poll();
            sumCounts += rig.Pipeline.AverageCounts;
        }

        return sumCounts / Polls;
    }

    [Fact]
    public void A_calibration_refuses_a_non_positive_factor()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Calibration(0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Calibration(0, -1, 1));
        Assert.Equal(100.0, new Calibration(1000, 2, 1).GramsFromCounts(1200));
    }
}
