using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Core.Indicator
{
    /// <summary>
    /// Plays the <see cref="IndicatorPatterns"/> on an LED, a buzzer and an optional text display. The controller
    /// calls <see cref="Show"/> on every change of state and for events; the main loop calls <see cref="Tick"/>
    /// every 20 ms or less. Nothing is allocated after construction except the points text in
    /// <see cref="ShowPoints"/>, and only when a display is fitted.
    /// </summary>
    /// <remarks>
    /// Rules (each tested): <see cref="Show"/> restarts cleanly at the new pattern's first step. While an event
    /// (<c>Done</c>) plays, a state shown silently (Ready, Offline, Weighing, Full) only chooses what follows the
    /// event, so the controller's "Done, then back to Ready" in one tick still shows Done; a state that sounds on
    /// entry (card read, fault) interrupts it at once. After a stalled main loop, <see cref="Tick"/> moves to where
    /// the pattern would be and never replays the beeps it missed; past <see cref="StepsPerTickMax"/> missed steps
    /// it restarts the loop part.
    /// </remarks>
    public sealed class IndicatorDriver : IIndicator
    {
        /// <summary>Most steps one <see cref="Tick"/> skips over before it restarts the loop instead.</summary>
        public const int StepsPerTickMax = 32;

        /// <summary>How long credited points stay on the display, ms.</summary>
        public const long PointsHoldMs = 30000;

        /// <summary>
        /// Points are shown only when they arrive this soon after the last <c>Done</c>, ms: an ack delayed by an
        /// outage must not show someone's points to whoever stands at the bin hours later.
        /// </summary>
        public const long PointsAfterDoneMsMax = 60000;

        /// <summary>Largest magnitude the display shows; larger values show clamped (fits 16 columns).</summary>
        public const long PointsShownMax = 9999999;

        private readonly IOutputPin _led;
        private readonly IOutputPin _buzzer;
        private readonly IClock _clock;
        private readonly ITextDisplay? _display;

        private IndicatorSequence? _playing;
        private IndicatorPattern _playingPattern;
        private int _step;
        private long _stepStartMs;
        private IndicatorSequence _state = IndicatorPatterns.Ready;
        private IndicatorPattern _statePattern = IndicatorPattern.Ready;
        private bool _stateShown;
        private bool _ledOn;
        private bool _buzzerOn;
        private long _lastDoneMs = -PointsAfterDoneMsMax - 1;
        private bool _pointsShown;
        private long _pointsSinceMs;
        private string _topLine = string.Empty;
        private string _bottomLine = string.Empty;

        /// <summary>Drives both pins low (dark, silent) until the first <see cref="Show"/>. <paramref name="display"/> may be null.</summary>
        public IndicatorDriver(IOutputPin led, IOutputPin buzzer, IClock clock, ITextDisplay? display)
        {
            _led = led;
            _buzzer = buzzer;
            _clock = clock;
            _display = display;
            _led.Write(false);
            _buzzer.Write(false);
        }

        /// <summary>The pattern whose steps play now (an event, or the state).</summary>
        public IndicatorPattern Playing
        {
            get { return _playingPattern; }
        }

        /// <summary>The state pattern last shown: what plays when no event does.</summary>
        public IndicatorPattern State
        {
            get { return _statePattern; }
        }

        /// <summary>True while the LED is driven on.</summary>
        public bool LedOn
        {
            get { return _ledOn; }
        }

        /// <summary>True while the buzzer is driven on.</summary>
        public bool BuzzerOn
        {
            get { return _buzzerOn; }
        }

        /// <inheritdoc />
        public void Show(IndicatorPattern pattern)
        {
            IndicatorSequence sequence = IndicatorPatterns.For(pattern);
            long nowMs = _clock.UptimeMs;
            if (sequence.IsEvent)
            {
                _lastDoneMs = pattern == IndicatorPattern.Done ? nowMs : _lastDoneMs;
                Start(pattern, sequence, 0, nowMs);
                return;
            }

            // Showing the state already in force again is an acknowledgement (a card tapped on a full bin): replay the intro.
            bool again = _stateShown && pattern == _statePattern;
            int firstStep = sequence.IntroOnEntry || again ? 0 : sequence.LoopFromStep;
            _state = sequence;
            _statePattern = pattern;
            _stateShown = true;
            bool eventPlaying = _playing != null && _playing.IsEvent;
            if (eventPlaying && !sequence.SoundsBeforeLoop(firstStep))
            {
                return;
            }

            Start(pattern, sequence, firstStep, nowMs);
        }

        /// <inheritdoc />
        public void ShowPoints(long points)
        {
            long nowMs = _clock.UptimeMs;
            if (_display == null || nowMs - _lastDoneMs > PointsAfterDoneMsMax)
            {
                return;
            }

            _bottomLine = PointsText(points);
            _pointsShown = true;
            _pointsSinceMs = nowMs;
            _display.ShowLines(_topLine, _bottomLine);
        }

        /// <summary>Advances the pattern to the clock; call every 20 ms or less. Allocates nothing.</summary>
        public void Tick()
        {
            if (_playing == null)
            {
                return;
            }

            long nowMs = _clock.UptimeMs;
            for (int skipped = 0; nowMs - _stepStartMs >= _playing.DurationMsAt(_step); skipped++)
            {
                if (skipped == StepsPerTickMax)
                {
                    RestartLoop(nowMs);
                    break;
                }

                _stepStartMs += _playing.DurationMsAt(_step);
                NextStep();
            }

            Drive(_playing.LedAt(_step), _playing.BuzzerAt(_step));
            ExpirePoints(nowMs);
        }

        /// <summary>Display text for credited points: <c>+60 pts</c>; ASCII digits so any character display shows it.</summary>
        public static string PointsText(long points)
        {
            long shown = points > PointsShownMax ? PointsShownMax : points < -PointsShownMax ? -PointsShownMax : points;
            return (shown >= 0 ? "+" : string.Empty) + NumberText.FormatLong(shown) + " pts";
        }

        private void Start(IndicatorPattern pattern, IndicatorSequence sequence, int step, long nowMs)
        {
            _playing = sequence;
            _playingPattern = pattern;
            _step = step;
            _stepStartMs = nowMs;
            Drive(sequence.LedAt(step), sequence.BuzzerAt(step));
            bool newSession = pattern == IndicatorPattern.CardRead || pattern == IndicatorPattern.Weighing;
            if (newSession && _pointsShown)
            {
                // The next resident is at the bin: the last one's points go.
                ClearPoints();
            }

            ShowTop(sequence.DisplayText);
        }

        private void NextStep()
        {
            IndicatorSequence playing = _playing!;
            _step++;
            if (_step < playing.StepCount)
            {
                return;
            }

            if (playing.IsEvent)
            {
                // The event is over: the state follows at its loop, without replaying the state's intro.
                playing = FollowWithState();
            }

            _step = playing.LoopFromStep;
        }

        private void RestartLoop(long nowMs)
        {
            IndicatorSequence playing = _playing!.IsEvent ? FollowWithState() : _playing;
            _step = playing.LoopFromStep;
            _stepStartMs = nowMs;
        }

        private IndicatorSequence FollowWithState()
        {
            _playing = _state;
            _playingPattern = _statePattern;
            ShowTop(_state.DisplayText);
            return _state;
        }

        private void Drive(bool ledOn, bool buzzerOn)
        {
            // Write only changes: a GPIO write per tick would be wasted work in the main loop.
            if (buzzerOn != _buzzerOn)
            {
                _buzzerOn = buzzerOn;
                _buzzer.Write(buzzerOn);
            }

            if (ledOn != _ledOn)
            {
                _ledOn = ledOn;
                _led.Write(ledOn);
            }
        }

        private void ExpirePoints(long nowMs)
        {
            if (_pointsShown && nowMs - _pointsSinceMs >= PointsHoldMs)
            {
                ClearPoints();
                ShowLines();
            }
        }

        private void ClearPoints()
        {
            _pointsShown = false;
            _bottomLine = string.Empty;
        }

        private void ShowTop(string text)
        {
            _topLine = text;
            ShowLines();
        }

        private void ShowLines()
        {
            if (_display != null)
            {
                _display.ShowLines(_topLine, _bottomLine);
            }
        }
    }
}
