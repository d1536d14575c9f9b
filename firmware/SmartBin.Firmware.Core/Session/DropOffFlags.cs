namespace SmartBin.Firmware.Core.Session
{
    /// <summary>Bit flags carried on a drop-off record; the gateway decides what each means for crediting.</summary>
    public static class DropOffFlags
    {
        /// <summary>No flag.</summary>
        public const int None = 0;

        /// <summary>Net weight below Min (20 e): recorded, but not a legal-for-trade weighing.</summary>
        public const int BelowMin = 1;

        /// <summary>No card was presented: counts for the fill level, credits nobody.</summary>
        public const int Unattributed = 2;

        /// <summary>The UTC clock was not set when the session ran; times are uptime-based estimates.</summary>
        public const int ClockUnset = 4;

        /// <summary>The weight fell during the session (tamper) before this drop-off was closed.</summary>
        public const int TamperSeen = 8;

        /// <summary>The session ended because another card was presented.</summary>
        public const int EndedByOtherCard = 16;

        /// <summary>The weight never settled after the last item; the last stable reading was used.</summary>
        public const int Unsettled = 32;
    }
}
