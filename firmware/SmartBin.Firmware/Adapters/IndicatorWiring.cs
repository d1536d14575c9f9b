using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Indicator;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// The LED and buzzer behind the core's <see cref="IndicatorDriver"/> (patterns as data, timed by
    /// <see cref="Tick"/>). No display is fitted in BOM v1, so none is passed.
    /// The only file that depends on the core's Indicator folder (issue 4's core helper).
    /// </summary>
    public sealed class IndicatorWiring
    {
        private readonly IndicatorDriver _driver;

        /// <summary>Builds the driver over the two output pins.</summary>
        public IndicatorWiring(IOutputPin led, IOutputPin buzzer, IClock clock)
        {
            _driver = new IndicatorDriver(led, buzzer, clock, null);
        }

        /// <summary>The indicator the controller drives.</summary>
        public IIndicator Indicator
        {
            get { return _driver; }
        }

        /// <summary>Advances the blink and beep patterns; call every ≤ 20 ms.</summary>
        public void Tick()
        {
            _driver.Tick();
        }
    }
}
