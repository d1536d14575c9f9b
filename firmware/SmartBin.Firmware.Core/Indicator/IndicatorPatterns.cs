using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Indicator
{
    /// <summary>
    /// The pattern table (see <c>Indicator/README.md</c> for what each means to a resident). Rhythms differ, not
    /// just colour, so one LED and one buzzer tell every state apart: one short beep = card read, two = recorded,
    /// three = out of order, one long = refused (full). No LED pattern flashes more than three times in any
    /// second (the photosensitivity limit of WCAG 2.3.1), and no state beeps after its first second.
    /// </summary>
    public static class IndicatorPatterns
    {
        private const int L = IndicatorSequence.Led;
        private const int B = IndicatorSequence.Buzzer;
        private const int D = IndicatorSequence.Dark;

        /// <summary>Ready: one slow blink every 3 s, silent; the dark phase first so a change of state is seen.</summary>
        public static readonly IndicatorSequence Ready = new IndicatorSequence(new int[] { 2700, D, 300, L }, 0, true, "Tap your card");

        /// <summary>Card read: one short beep with the LED on, then the LED on with a short wink each second.</summary>
        public static readonly IndicatorSequence CardRead = new IndicatorSequence(new int[] { 150, L | B, 900, L, 100, D }, 1, true, "Drop plastic in");

        /// <summary>Weighing: an even blink, 2.5 per second, silent.</summary>
        public static readonly IndicatorSequence Weighing = new IndicatorSequence(new int[] { 200, L, 200, D }, 0, true, "Weighing - wait");

        /// <summary>Done (event): two short beeps, LED on for 3 s in all, then the state pattern.</summary>
        public static readonly IndicatorSequence Done = new IndicatorSequence(new int[] { 120, L | B, 80, L, 120, L | B, 2680, L }, 4, true, "Thank you");

        /// <summary>Offline: a double blink every 2 s, silent (drop-offs are still recorded).</summary>
        public static readonly IndicatorSequence Offline = new IndicatorSequence(new int[] { 1550, D, 150, L, 150, D, 150, L }, 0, true, "Tap your card");

        /// <summary>Full: LED on steadily, silent; showing it again (a card tapped on a full bin) gives one long beep.</summary>
        public static readonly IndicatorSequence Full = new IndicatorSequence(new int[] { 800, L | B, 1000, L }, 1, false, "Bin full");

        /// <summary>Fault: three short beeps once, then a silent fast triple blink every 2 s.</summary>
        public static readonly IndicatorSequence Fault = new IndicatorSequence(new int[]
        {
            100, L | B, 100, D, 100, L | B, 100, D, 100, L | B, 1500, D,
            100, L, 100, D, 100, L, 100, D, 100, L, 1500, D,
        }, 6, true, "Out of order");

        /// <summary>The sequence of <paramref name="pattern"/>; an unknown value shows as <see cref="Fault"/>.</summary>
        public static IndicatorSequence For(IndicatorPattern pattern)
        {
            switch (pattern)
            {
                case IndicatorPattern.Ready:
                    return Ready;
                case IndicatorPattern.CardRead:
                    return CardRead;
                case IndicatorPattern.Weighing:
                    return Weighing;
                case IndicatorPattern.Done:
                    return Done;
                case IndicatorPattern.Offline:
                    return Offline;
                case IndicatorPattern.Full:
                    return Full;
                default:
                    return Fault;
            }
        }
    }
}
