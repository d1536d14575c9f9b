namespace SmartBin.Firmware.Core.Session
{
    /// <summary>Names of the events a bin reports on its <c>event</c> topic (wire values).</summary>
    public static class BinEventKind
    {
        /// <summary>The bin was emptied (collection detected from a sharp fall to near zero).</summary>
        public const string Emptied = "emptied";

        /// <summary>The weight fell during a session.</summary>
        public const string Tamper = "tamper";

        /// <summary>A fault appeared (scale lost, scale saturated, zero drift, reader down, storage).</summary>
        public const string Fault = "fault";

        /// <summary>A fault cleared.</summary>
        public const string Recovered = "recovered";

        /// <summary>A session with no drop timed out.</summary>
        public const string SessionCancelled = "session-cancelled";

        /// <summary>The bin's fill level crossed the full threshold for the whole persistence window.</summary>
        public const string Full = "full";
    }
}
