using SmartBin.Firmware.Core.Hal;
using Xunit;

namespace SmartBin.Firmware.Tests.Indicator
{
    /// <summary>
    /// Each pattern's exact LED and buzzer timeline from a dark, silent start, ticked every 10 ms. The expected
    /// edges are written out by hand (not derived from the tables), so a changed table fails here.
    /// </summary>
    public sealed class IndicatorTimelineTests
    {
        private readonly IndicatorRig _rig = new();

        private void ShowAndRun(IndicatorPattern pattern, long durationMs)
        {
            _rig.Driver.Show(pattern);
            _rig.Run(durationMs);
        }

        [Fact]
        public void Ready_is_a_silent_slow_blink_every_three_seconds_starting_dark()
        {
            ShowAndRun(IndicatorPattern.Ready, 6000);

            Assert.Equal([(2700, true), (3000, false), (5700, true), (6000, false)], IndicatorRig.Edges(_rig.Led));
            Assert.Empty(_rig.Buzzer.Writes);
        }

        [Fact]
        public void Card_read_is_one_short_beep_then_the_led_on_with_a_wink_each_second()
        {
            ShowAndRun(IndicatorPattern.CardRead, 2200);

            Assert.Equal([(0, true), (1050, false), (1150, true), (2050, false), (2150, true)], IndicatorRig.Edges(_rig.Led));
            Assert.Equal([(0, true), (150, false)], IndicatorRig.Edges(_rig.Buzzer));
        }

        [Fact]
        public void Weighing_is_a_silent_even_blink()
        {
            ShowAndRun(IndicatorPattern.Weighing, 800);

            Assert.Equal([(0, true), (200, false), (400, true), (600, false), (800, true)], IndicatorRig.Edges(_rig.Led));
            Assert.Empty(_rig.Buzzer.Writes);
        }

        [Fact]
        public void Done_is_two_short_beeps_and_three_seconds_of_led_then_ready()
        {
            ShowAndRun(IndicatorPattern.Done, 5800);

            Assert.Equal([(0, true), (3000, false), (5700, true)], IndicatorRig.Edges(_rig.Led));
            Assert.Equal([(0, true), (120, false), (200, true), (320, false)], IndicatorRig.Edges(_rig.Buzzer));
            Assert.Equal(IndicatorPattern.Ready, _rig.Driver.Playing);
        }

        [Fact]
        public void Offline_is_a_silent_double_blink_every_two_seconds()
        {
            ShowAndRun(IndicatorPattern.Offline, 3600);

            Assert.Equal([(1550, true), (1700, false), (1850, true), (2000, false), (3550, true)], IndicatorRig.Edges(_rig.Led));
            Assert.Empty(_rig.Buzzer.Writes);
        }

        [Fact]
        public void Full_is_a_steady_silent_led_and_one_long_beep_when_shown_again()
        {
            ShowAndRun(IndicatorPattern.Full, 5000);
            Assert.Equal([(0, true)], IndicatorRig.Edges(_rig.Led));
            Assert.Empty(_rig.Buzzer.Writes);

            ShowAndRun(IndicatorPattern.Full, 5000);

            Assert.Equal([(0, true)], IndicatorRig.Edges(_rig.Led));
            Assert.Equal([(5000, true), (5800, false)], IndicatorRig.Edges(_rig.Buzzer));
        }

        [Fact]
        public void Fault_is_three_beeps_once_then_a_silent_triple_blink_every_two_seconds()
        {
            ShowAndRun(IndicatorPattern.Fault, 4100);

            (long, bool)[] triple = [(0, true), (100, false), (200, true), (300, false), (400, true), (500, false)];
            Assert.Equal(triple, IndicatorRig.Edges(_rig.Buzzer));
            Assert.Equal(
                [.. triple, (2000, true), (2100, false), (2200, true), (2300, false), (2400, true), (2500, false), (4000, true), (4100, false)],
                IndicatorRig.Edges(_rig.Led));
        }
    }
}
