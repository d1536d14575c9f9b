namespace SmartBin.Firmware.Core.Session
{
    /// <summary>Where the drop-off session state machine stands.</summary>
    public enum SessionState
    {
        /// <summary>No session; watching for a card or an unattributed weight rise.</summary>
        Idle = 0,

        /// <summary>A card was presented while the weight was moving: waiting for a stable weight before.</summary>
        WaitingForStableBefore = 1,

        /// <summary>Session open, weight stable: waiting for plastic (or for the session to close).</summary>
        Open = 2,

        /// <summary>Session open, weight moving: an item is going in (or something is being taken out).</summary>
        Moving = 3,
    }
}
