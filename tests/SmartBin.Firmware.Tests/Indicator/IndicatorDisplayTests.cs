using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Indicator;
using Xunit;

namespace SmartBin.Firmware.Tests.Indicator
{
    /// <summary>What the optional display shows: the state's line on top, credited points below.</summary>
    public sealed class IndicatorDisplayTests
    {
        private readonly IndicatorRig _rig = new();

        private RecordingDisplay Display => _rig.Display!;

        [Theory]
        [InlineData(60, "+60 pts")]
        [InlineData(0, "+0 pts")]
        [InlineData(-5, "-5 pts")]
        [InlineData(9_999_999, "+9999999 pts")]
        [InlineData(long.MaxValue, "+9999999 pts")]
        [InlineData(long.MinValue, "-9999999 pts")]
        public void Points_show_as_ascii_digits_and_pts_within_the_display_width(long points, string expected)
        {
            string text = IndicatorDriver.PointsText(points);

            Assert.Equal(expected, text);
            Assert.InRange(text.Length, 1, IndicatorSequence.DisplayColumns);
        }

        [Fact]
        public void Credited_points_follow_done_stay_through_ready_and_expire()
        {
            _rig.Driver.Show(IndicatorPattern.Ready);
            _rig.Driver.Show(IndicatorPattern.Done);
            Assert.Equal(("Thank you", ""), Display.Last);

            _rig.Run(500);
            _rig.Driver.ShowPoints(60);
            Assert.Equal(("Thank you", "+60 pts"), Display.Last);

            _rig.Run(3000);
            Assert.Equal(("Tap your card", "+60 pts"), Display.Last);

            _rig.Run(IndicatorDriver.PointsHoldMs);
            Assert.Equal(("Tap your card", ""), Display.Last);
        }

        [Fact]
        public void The_next_resident_does_not_see_the_last_ones_points()
        {
            _rig.Driver.Show(IndicatorPattern.Done);
            _rig.Driver.ShowPoints(60);
            _rig.Run(4000);

            _rig.Driver.Show(IndicatorPattern.CardRead);

            Assert.Equal(("Drop plastic in", ""), Display.Last);
        }

        [Fact]
        public void Points_arriving_long_after_the_last_done_are_not_shown()
        {
            _rig.Driver.Show(IndicatorPattern.Done);
            _rig.Run(IndicatorDriver.PointsAfterDoneMsMax + 10);
            int shown = Display.Shown.Count;

            _rig.Driver.ShowPoints(60);

            Assert.Equal(shown, Display.Shown.Count);
            Assert.DoesNotContain(Display.Shown, lines => lines.Bottom.Length > 0);
        }

        [Fact]
        public void Every_state_puts_its_own_line_on_top_and_offline_reads_like_ready()
        {
            foreach (IndicatorPattern pattern in System.Enum.GetValues<IndicatorPattern>())
            {
                _rig.Driver.Show(pattern);
                Assert.Equal(IndicatorPatterns.For(pattern).DisplayText, Display.Last.Top);
                _rig.Run(3000);
                Assert.Equal(IndicatorPatterns.For(_rig.Driver.Playing).DisplayText, Display.Last.Top);
            }

            Assert.Equal(IndicatorPatterns.Ready.DisplayText, IndicatorPatterns.Offline.DisplayText);
        }

        [Fact]
        public void Without_a_display_points_are_ignored_and_patterns_still_play()
        {
            var rig = new IndicatorRig(withDisplay: false);
            rig.Driver.Show(IndicatorPattern.Done);

            rig.Driver.ShowPoints(60);
            rig.Run(100);

            Assert.True(rig.Led.High);
            Assert.True(rig.Buzzer.High);
        }
    }
}
