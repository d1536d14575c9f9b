using System;
using System.Linq;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Indicator;
using Xunit;

namespace SmartBin.Firmware.Tests.Indicator
{
    /// <summary>The rules every pattern keeps for residents and neighbours, and the table's own checks.</summary>
    public sealed class IndicatorPatternRuleTests
    {
        private const int TickMs = 20;

        public static TheoryData<IndicatorPattern> AllPatterns => [.. Enum.GetValues<IndicatorPattern>()];

        [Theory]
        [MemberData(nameof(AllPatterns))]
        public void The_buzzer_is_never_on_longer_than_its_step_and_never_after_the_first_second(IndicatorPattern pattern)
        {
            var rig = new IndicatorRig();
            rig.Driver.Show(pattern);
            rig.Run(60_000, TickMs);

            IndicatorSequence table = IndicatorPatterns.For(pattern);
            int longestBeepMs = Enumerable.Range(0, table.StepCount).Where(table.BuzzerAt).Select(table.DurationMsAt).DefaultIfEmpty(0).Max();
            // A pin changes only at a tick, so a beep can overrun its step by up to one tick period, never more.
            Assert.All(rig.BuzzerOnDurations(), d => Assert.InRange(d, 1, longestBeepMs + TickMs));
            Assert.All(rig.Buzzer.Writes, w => Assert.InRange(w.AtMs - IndicatorRig.StartMs, 0, 1000));
            Assert.InRange(longestBeepMs, 0, IndicatorSequence.BuzzerStepMsMax);
        }

        [Theory]
        [MemberData(nameof(AllPatterns))]
        public void No_pattern_flashes_more_than_three_times_in_any_second(IndicatorPattern pattern)
        {
            var rig = new IndicatorRig();
            rig.Driver.Show(pattern);
            rig.Run(20_000);

            long[] flashes = rig.Led.Writes.Where(w => w.High).Select(w => w.AtMs).ToArray();
            for (int i = 0; i + 3 < flashes.Length; i++)
            {
                Assert.True(flashes[i + 3] - flashes[i] >= 1000, $"{pattern}: 4 flashes within {flashes[i + 3] - flashes[i]} ms");
            }
        }

        [Fact]
        public void Every_pattern_has_its_own_rhythm()
        {
            string Signature(IndicatorSequence s) => string.Join(",", Enumerable.Range(0, s.StepCount)
                .Select(i => $"{s.DurationMsAt(i)}{(s.LedAt(i) ? "L" : "")}{(s.BuzzerAt(i) ? "B" : "")}"));

            var signatures = Enum.GetValues<IndicatorPattern>().Select(p => Signature(IndicatorPatterns.For(p))).ToArray();

            Assert.Equal(signatures.Length, signatures.Distinct().Count());
            Assert.True(IndicatorPatterns.Done.IsEvent);
            Assert.All(Enum.GetValues<IndicatorPattern>().Where(p => p != IndicatorPattern.Done), p => Assert.False(IndicatorPatterns.For(p).IsEvent));
        }

        [Theory]
        [InlineData(new[] { 100, IndicatorSequence.Led | IndicatorSequence.Buzzer }, 0, "buzzer in a loop")]
        [InlineData(new[] { 1001, IndicatorSequence.Buzzer, 100, IndicatorSequence.Led }, 1, "beep over 1000 ms")]
        [InlineData(new[] { 40, IndicatorSequence.Led }, 0, "step under 50 ms")]
        [InlineData(new[] { 100, 4 }, 0, "unknown output bit")]
        [InlineData(new[] { 100 }, 0, "odd pair list")]
        [InlineData(new int[0], 0, "no steps")]
        [InlineData(new[] { 100, IndicatorSequence.Led }, 2, "loop start past the end")]
        public void A_table_breaking_a_rule_is_refused(int[] steps, int loopFromStep, string why)
        {
            Assert.Throws<ArgumentException>(() => new IndicatorSequence(steps, loopFromStep, true, "ok"));
            Assert.NotEmpty(why);
        }

        [Theory]
        [InlineData("积分 +60")]
        [InlineData("Prêt")]
        [InlineData("seventeen chars!!")]
        [InlineData("tab\there")]
        public void Display_text_must_be_printable_ascii_within_sixteen_columns(string text)
        {
            Assert.Throws<ArgumentException>(() => new IndicatorSequence([100, IndicatorSequence.Led], 0, true, text));
        }
    }
}
