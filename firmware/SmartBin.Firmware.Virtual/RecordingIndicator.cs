using System.Collections.Generic;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>An indicator that remembers what it showed, so the simulator can print it and tests can check it.</summary>
    public sealed class RecordingIndicator : IIndicator
    {
        private readonly List<IndicatorPattern> _history = new();

        /// <summary>The pattern shown now.</summary>
        public IndicatorPattern Current { get; private set; } = IndicatorPattern.Ready;

        /// <summary>Every pattern shown, in order.</summary>
        public IReadOnlyList<IndicatorPattern> History => _history;

        /// <summary>Points on the display.</summary>
        public long? PointsShown { get; private set; }

        /// <inheritdoc />
        public void Show(IndicatorPattern pattern)
        {
            Current = pattern;
            _history.Add(pattern);
        }

        /// <inheritdoc />
        public void ShowPoints(long points) => PointsShown = points;
    }
}
