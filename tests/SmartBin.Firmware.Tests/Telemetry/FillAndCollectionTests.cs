using SmartBin.Firmware.Core.Telemetry;
using Xunit;

namespace SmartBin.Firmware.Tests.Telemetry
{
    public sealed class FillAndCollectionTests
    {
        [Theory]
        [InlineData(1000, 0)]
        [InlineData(1200, 0)]
        [InlineData(150, 100)]
        [InlineData(100, 100)]
        [InlineData(575, 50)]
        [InlineData(235, 90)]
        public void Fill_percent_maps_distance_linearly_between_empty_and_full(int distanceMm, int expectedPercent)
        {
            var monitor = new FillLevelMonitor(emptyDistanceMm: 1000, fullDistanceMm: 150, fullThresholdPercent: 90, persistMs: 300_000);
            Assert.Equal(expectedPercent, monitor.PercentFromDistance(distanceMm));
        }

        [Fact]
        public void Full_only_after_the_persistence_window_and_a_brief_obstruction_is_ignored()
        {
            var monitor = new FillLevelMonitor(1000, 150, 90, persistMs: 300_000);
            long t = 0;

            // A hand under the sensor for a minute, then gone.
            for (; t <= 60_000; t += 10_000)
            {
                monitor.AddReading(160, t);
            }

            monitor.AddReading(800, t);
            Assert.False(monitor.IsFull);

            bool changed = false;
            long fullFromMs = t + 10_000;
            for (t = fullFromMs; t < fullFromMs + 300_000; t += 10_000)
            {
                changed |= monitor.AddReading(200, t);
            }

            Assert.False(monitor.IsFull);
            Assert.False(changed);
            Assert.True(monitor.AddReading(200, fullFromMs + 300_000));
            Assert.True(monitor.IsFull);
        }

        [Fact]
        public void Full_clears_only_below_the_hysteresis_band()
        {
            var monitor = new FillLevelMonitor(1000, 150, 90, persistMs: 0);
            monitor.AddReading(150, 0);
            Assert.True(monitor.IsFull);

            monitor.AddReading(DistanceFor(85), 1000);
            Assert.True(monitor.IsFull);

            Assert.True(monitor.AddReading(DistanceFor(70), 2000));
            Assert.False(monitor.IsFull);

            static int DistanceFor(int percent) => 1000 - (850 * percent / 100);
        }

        [Fact]
        public void Emptying_to_near_zero_is_one_collection_even_bag_by_bag()
        {
            var detector = new CollectionDetector(nearZeroGrams: 500, minFallGrams: 2000);
            Assert.False(detector.AddStableWeight(0));
            Assert.False(detector.AddStableWeight(12_000));
            Assert.False(detector.AddStableWeight(8_000));
            Assert.False(detector.AddStableWeight(3_000));
            Assert.True(detector.AddStableWeight(200));
            Assert.Equal(11_800, detector.LastRemovedGrams);
            Assert.False(detector.AddStableWeight(200));
            Assert.False(detector.AddStableWeight(150));
        }

        [Fact]
        public void A_fall_that_does_not_reach_near_zero_or_is_too_small_is_not_a_collection()
        {
            var detector = new CollectionDetector(nearZeroGrams: 500, minFallGrams: 2000);
            detector.AddStableWeight(10_000);
            Assert.False(detector.AddStableWeight(4_000));

            var small = new CollectionDetector(nearZeroGrams: 500, minFallGrams: 2000);
            small.AddStableWeight(1_500);
            Assert.False(small.AddStableWeight(0));
        }

        [Fact]
        public void Telemetry_is_due_at_the_interval_and_early_when_asked_but_never_within_the_minimum_gap()
        {
            var schedule = new TelemetrySchedule(60_000);
            Assert.True(schedule.IsDue(0));
            schedule.MarkSent(0);
            Assert.False(schedule.IsDue(59_999));
            Assert.True(schedule.IsDue(60_000));
            schedule.MarkSent(60_000);
            schedule.RequestSoon();
            Assert.False(schedule.IsDue(60_000 + TelemetrySchedule.MinGapMs - 1));
            Assert.True(schedule.IsDue(60_000 + TelemetrySchedule.MinGapMs));
        }
    }
}
