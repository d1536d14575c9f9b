namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>What the bin shows the resident through its LED, buzzer and optional display.</summary>
    public enum IndicatorPattern
    {
        /// <summary>Ready for a card.</summary>
        Ready = 0,

        /// <summary>A card was read; waiting for plastic.</summary>
        CardRead = 1,

        /// <summary>The weight is moving; wait.</summary>
        Weighing = 2,

        /// <summary>A drop-off was recorded.</summary>
        Done = 3,

        /// <summary>No connection to the gateway (drop-offs still recorded).</summary>
        Offline = 4,

        /// <summary>The bin is full, or its outbox is full: no new sessions.</summary>
        Full = 5,

        /// <summary>Scale, reader or storage fault.</summary>
        Fault = 6,
    }
}
