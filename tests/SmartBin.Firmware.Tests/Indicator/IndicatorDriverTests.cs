using System;
using System.Linq;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Indicator;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Indicator
{
    /// <summary>How the driver switches, falls back, recovers from a stalled loop, and what it puts on the display.</summary>
    public sealed class IndicatorDriverTests
    {
        private readonly IndicatorRig _rig = new();

        private IndicatorDriver Driver => _rig.Driver;

        [Fact]
        public void Both_pins_are_driven_low_at_construction_and_nothing_plays_before_the_first_show()
        {
            var rig = new IndicatorRig();
            Assert.False(rig.Led.High);
            Assert.False(rig.Buzzer.High);

            rig.Run(10_000);

            Assert.Empty(rig.Led.Writes);
            Assert.Empty(rig.Buzzer.Writes);
        }

        [Fact]
        public void Done_followed_by_a_quiet_state_in_the_same_tick_plays_done_then_that_state()
        {
            Driver.Show(IndicatorPattern.Weighing);
            _rig.Run(300);
            long doneAtMs = _rig.Clock.UptimeMs;

            Driver.Show(IndicatorPattern.Done);
            Driver.Show(IndicatorPattern.Offline);
            _rig.Run(2990);
            Assert.Equal(IndicatorPattern.Done, Driver.Playing);
            Assert.Equal(IndicatorPattern.Offline, Driver.State);
            Assert.Equal([(0, true), (120, false), (200, true), (320, false)], IndicatorRig.Edges(_rig.Buzzer, doneAtMs));

            _rig.Run(10);
            Assert.Equal(IndicatorPattern.Offline, Driver.Playing);
            Assert.False(_rig.Led.High);
            _rig.Run(1600);
            Assert.Equal([(3000, false), (4550, true)], IndicatorRig.Edges(_rig.Led, doneAtMs).Where(e => e.Item1 >= 3000).Take(2));
        }

        [Theory]
        [InlineData(IndicatorPattern.CardRead)]
        [InlineData(IndicatorPattern.Fault)]
        public void A_state_that_sounds_on_entry_interrupts_done_at_once(IndicatorPattern pattern)
        {
            Driver.Show(IndicatorPattern.Done);
            _rig.Run(150);
            Assert.False(_rig.Buzzer.High);

            Driver.Show(pattern);

            Assert.Equal(pattern, Driver.Playing);
            Assert.True(_rig.Buzzer.High);
            Assert.Equal((150L, true), IndicatorRig.Edges(_rig.Buzzer)[^1]);
        }

        [Fact]
        public void A_new_show_mid_beep_restarts_cleanly_on_the_new_pattern()
        {
            Driver.Show(IndicatorPattern.Full);
            _rig.Run(500);
            Driver.Show(IndicatorPattern.Full);
            _rig.Run(400);
            Assert.True(_rig.Buzzer.High);
            long switchMs = _rig.Clock.UptimeMs;

            Driver.Show(IndicatorPattern.Weighing);
            _rig.Run(800);

            Assert.Equal([(0, false)], IndicatorRig.Edges(_rig.Buzzer, switchMs).Where(e => e.Item1 >= 0));
            Assert.Equal([(200, false), (400, true), (600, false), (800, true)], IndicatorRig.Edges(_rig.Led, switchMs).Where(e => e.Item1 >= 0));
        }

        [Fact]
        public void A_repeated_show_of_a_state_with_a_sounding_intro_replays_it_as_a_tap_acknowledgement()
        {
            Driver.Show(IndicatorPattern.Fault);
            _rig.Run(5000);
            int beepsBefore = _rig.BuzzerOnDurations().Length;

            Driver.Show(IndicatorPattern.Fault);
            _rig.Run(5000);

            Assert.Equal(3, beepsBefore);
            Assert.Equal(6, _rig.BuzzerOnDurations().Length);
        }

        [Fact]
        public void A_stalled_loop_does_not_replay_the_beeps_it_missed()
        {
            Driver.Show(IndicatorPattern.Done);
            Driver.Tick();
            _rig.Clock.Advance(1000);

            _rig.Run(1990);

            Assert.Equal([(0, true), (1000, false)], IndicatorRig.Edges(_rig.Buzzer));
            Assert.True(_rig.Led.High);
            Assert.Equal(IndicatorPattern.Done, Driver.Playing);
            _rig.Run(10);
            Assert.Equal(IndicatorPattern.Ready, Driver.Playing);
        }

        [Fact]
        public void A_stall_past_the_end_of_an_event_lands_in_the_state_without_sound()
        {
            Driver.Show(IndicatorPattern.Offline);
            Driver.Show(IndicatorPattern.Done);
            _rig.Clock.Advance(60_000);

            _rig.Run(4000);

            Assert.Equal(IndicatorPattern.Offline, Driver.Playing);
            Assert.Equal([(0, true), (60_000, false)], IndicatorRig.Edges(_rig.Buzzer));
        }

        [Fact]
        public void An_hour_long_stall_restarts_the_loop_where_it_begins()
        {
            Driver.Show(IndicatorPattern.Weighing);
            _rig.Run(250);
            Assert.False(_rig.Led.High);
            _rig.Clock.Advance(3_600_000 + 70);
            long resumeMs = _rig.Clock.UptimeMs;

            _rig.Run(400);

            Assert.Equal([(0, true), (200, false), (400, true)], IndicatorRig.Edges(_rig.Led, resumeMs).Where(e => e.Item1 >= 0));
        }

        [Fact]
        public void Each_output_is_written_only_when_it_changes()
        {
            Driver.Show(IndicatorPattern.Fault);
            _rig.Run(20_000);

            Assert.All(_rig.Led.Writes.Zip(_rig.Led.Writes.Skip(1)), w => Assert.NotEqual(w.First.High, w.Second.High));
            Assert.All(_rig.Buzzer.Writes.Zip(_rig.Buzzer.Writes.Skip(1)), w => Assert.NotEqual(w.First.High, w.Second.High));
        }

        [Fact]
        public void An_unknown_pattern_value_shows_as_a_fault()
        {
            Driver.Show((IndicatorPattern)99);

            Assert.Same(IndicatorPatterns.Fault, IndicatorPatterns.For((IndicatorPattern)99));
            Assert.True(_rig.Buzzer.High);
            Assert.Equal("Out of order", _rig.Display!.Last.Top);
        }

        [Fact]
        public void Ticking_allocates_nothing()
        {
            var clock = new SimulatedClock();
            var driver = new IndicatorDriver(new CountingPin(), new CountingPin(), clock, null);
            IndicatorPattern[] all = Enum.GetValues<IndicatorPattern>();
            RunEvery(driver, clock, all, 2);

            long before = GC.GetAllocatedBytesForCurrentThread();
            RunEvery(driver, clock, all, 50);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Ticking_with_a_display_allocates_nothing_either()
        {
            var clock = new SimulatedClock();
            var display = new CountingDisplay();
            var driver = new IndicatorDriver(new CountingPin(), new CountingPin(), clock, display);
            RunEvery(driver, clock, [IndicatorPattern.Done], 1);
            driver.Show(IndicatorPattern.Ready);
            driver.Show(IndicatorPattern.Done);
            driver.ShowPoints(60);
            int callsBefore = display.Calls;

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5000; i++)
            {
                clock.Advance(10);
                driver.Tick();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.Equal(callsBefore + 2, display.Calls); // Done gives way to Ready; the points expire
        }

        private static void RunEvery(IndicatorDriver driver, SimulatedClock clock, IndicatorPattern[] patterns, int rounds)
        {
            for (int round = 0; round < rounds; round++)
            {
                foreach (IndicatorPattern pattern in patterns)
                {
                    driver.Show(pattern);
                    for (int i = 0; i < 400; i++)
                    {
                        clock.Advance(10);
                        driver.Tick();
                    }
                }
            }
        }

        private sealed class CountingPin : IOutputPin
        {
            public int Writes { get; private set; }

            public void Write(bool high) => Writes++;
        }

        private sealed class CountingDisplay : ITextDisplay
        {
            public int Calls { get; private set; }

            public void ShowLines(string top, string bottom) => Calls++;
        }
    }
}
