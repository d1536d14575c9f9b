using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Core.Indicator
{
    /// <summary>
    /// One indicator pattern as data: a table of steps (duration, LED, buzzer). Steps before
    /// <see cref="LoopFromStep"/> are the intro, played once; the steps from it on repeat while the pattern is the
    /// bin's state. A pattern with no loop steps is an event: it plays once and the state pattern follows.
    /// </summary>
    /// <remarks>
    /// The constructor enforces the rules that keep a bin bearable in a residential block at night: the buzzer
    /// sounds only in intros and events (never in a loop, so no state beeps on and on) and never longer than
    /// <see cref="BuzzerStepMsMax"/> at a time.
    /// </remarks>
    public sealed class IndicatorSequence
    {
        /// <summary>Step output: LED and buzzer off.</summary>
        public const int Dark = 0;

        /// <summary>Step output bit: LED on.</summary>
        public const int Led = 1;

        /// <summary>Step output bit: buzzer on.</summary>
        public const int Buzzer = 2;

        /// <summary>Longest buzzer step, ms: beeps are signals, not alarms.</summary>
        public const int BuzzerStepMsMax = 1000;

        /// <summary>Most steps in one pattern.</summary>
        public const int StepsMax = 16;

        /// <summary>Shortest step, ms: the main loop ticks the indicator every 20 ms or less, so each step is seen.</summary>
        public const int StepMsMin = 50;

        /// <summary>Widest display text, characters (a 16×2 character display).</summary>
        public const int DisplayColumns = 16;

        private readonly int[] _durationsMs;
        private readonly int[] _outputs;

        /// <summary>
        /// Builds a pattern from <paramref name="steps"/>: pairs of (duration ms, outputs: <see cref="Led"/> |
        /// <see cref="Buzzer"/>). Throws when a rule in the remarks is broken.
        /// </summary>
        public IndicatorSequence(int[] steps, int loopFromStep, bool introOnEntry, string displayText)
        {
            int count = steps.Length / 2;
            if (steps.Length % 2 != 0 || count < 1 || count > StepsMax || loopFromStep < 0 || loopFromStep > count)
            {
                throw new System.ArgumentException("indicator: 1.." + NumberText.FormatLong(StepsMax) + " (ms, outputs) pairs and a loop start within them");
            }

            _durationsMs = new int[count];
            _outputs = new int[count];
            for (int i = 0; i < count; i++)
            {
                _durationsMs[i] = steps[2 * i];
                _outputs[i] = steps[(2 * i) + 1];
                CheckStep(_durationsMs[i], _outputs[i], i >= loopFromStep);
            }

            CheckDisplayText(displayText);
            LoopFromStep = loopFromStep;
            IntroOnEntry = introOnEntry;
            DisplayText = displayText;
        }

        /// <summary>Number of steps.</summary>
        public int StepCount
        {
            get { return _durationsMs.Length; }
        }

        /// <summary>First step of the repeating part; equal to <see cref="StepCount"/> for an event.</summary>
        public int LoopFromStep { get; private set; }

        /// <summary>True for an event: played once, then the state pattern follows.</summary>
        public bool IsEvent
        {
            get { return LoopFromStep == StepCount; }
        }

        /// <summary>
        /// True when switching to this pattern plays its intro; false when only showing it again while it is already
        /// the state does (<c>Full</c>: quiet when the bin fills, one long beep when a card is tapped on it).
        /// </summary>
        public bool IntroOnEntry { get; private set; }

        /// <summary>Top line of the display while this pattern plays (printable ASCII).</summary>
        public string DisplayText { get; private set; }

        /// <summary>Duration of <paramref name="step"/>, ms.</summary>
        public int DurationMsAt(int step)
        {
            return _durationsMs[step];
        }

        /// <summary>True when the LED is on during <paramref name="step"/>.</summary>
        public bool LedAt(int step)
        {
            return (_outputs[step] & Led) != 0;
        }

        /// <summary>True when the buzzer sounds during <paramref name="step"/>.</summary>
        public bool BuzzerAt(int step)
        {
            return (_outputs[step] & Buzzer) != 0;
        }

        /// <summary>True when a step from <paramref name="firstStep"/> up to the loop sounds the buzzer.</summary>
        public bool SoundsBeforeLoop(int firstStep)
        {
            for (int i = firstStep; i < LoopFromStep; i++)
            {
                if (BuzzerAt(i))
                {
                    return true;
                }
            }

            return false;
        }

        private static void CheckStep(int durationMs, int outputs, bool inLoop)
        {
            bool buzzer = (outputs & Buzzer) != 0;
            bool valid = durationMs >= StepMsMin && (outputs & ~(Led | Buzzer)) == 0 &&
                !(buzzer && (inLoop || durationMs > BuzzerStepMsMax));
            if (!valid)
            {
                throw new System.ArgumentException("indicator: a step is shorter than " + NumberText.FormatLong(StepMsMin) +
                    " ms, has unknown outputs, or sounds in a loop or longer than " + NumberText.FormatLong(BuzzerStepMsMax) + " ms");
            }
        }

        private static void CheckDisplayText(string text)
        {
            bool valid = text.Length <= DisplayColumns;
            for (int i = 0; i < text.Length && valid; i++)
            {
                valid = text[i] >= ' ' && text[i] <= '~';
            }

            if (!valid)
            {
                throw new System.ArgumentException("indicator: display text is printable ASCII, at most " + NumberText.FormatLong(DisplayColumns) + " characters");
            }
        }
    }
}
