namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>LED, buzzer and optional display.</summary>
    public interface IIndicator
    {
        /// <summary>
        /// Switches to a pattern; called on every state change, for the <c>Done</c> event, and with the state in force
        /// again when a card is refused (the indicator acknowledges the tap); never per sample.
        /// </summary>
        void Show(IndicatorPattern pattern);

        /// <summary>Shows the points the gateway credited for the latest drop-off (display only).</summary>
        void ShowPoints(long points);
    }
}
