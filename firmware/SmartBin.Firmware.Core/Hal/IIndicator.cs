namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>LED, buzzer and optional display.</summary>
    public interface IIndicator
    {
        /// <summary>Switches to a pattern; called on every state change, never per sample.</summary>
        void Show(IndicatorPattern pattern);

        /// <summary>Shows the points the gateway credited for the last drop-off (display only).</summary>
        void ShowPoints(long points);
    }
}
