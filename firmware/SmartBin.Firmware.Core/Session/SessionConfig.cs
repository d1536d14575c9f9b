namespace SmartBin.Firmware.Core.Session
{
    /// <summary>Timing and thresholds of the drop-off session; filled from the config store.</summary>
    public sealed class SessionConfig
    {
        /// <summary>Scale interval e, grams.</summary>
        public int EGrams = 10;

        /// <summary>Minimum weighing, grams (20 e); smaller drop-offs are kept and flagged.</summary>
        public int MinGrams = 200;

        /// <summary>A card session with no drop is cancelled after this long.</summary>
        public long NoDropTimeoutMs = 60000;

        /// <summary>How long to wait for a stable weight before giving up and using the last stable one.</summary>
        public long SettleTimeoutMs = 10000;

        /// <summary>A session with plastic in it closes after this long without any weight change.</summary>
        public long CloseAfterIdleMs = 15000;

        /// <summary>Material stream of the bin, copied onto every record.</summary>
        public string Material = "MIXED";

        /// <summary>Firmware version, copied onto every record.</summary>
        public string FirmwareVersion = string.Empty;

        /// <summary>
        /// Smallest stable change that counts as an item or a fall, grams. Two e: a single e is within the
        /// stability band and would turn noise into items.
        /// </summary>
        public int ChangeThresholdGrams
        {
            get { return 2 * EGrams; }
        }

        /// <summary>Returns null when the configuration is usable, else the reason.</summary>
        public string? Validate()
        {
            if (EGrams <= 0)
            {
                return "EGrams must be positive";
            }

            if (MinGrams < EGrams)
            {
                return "MinGrams must be at least one e";
            }

            if (NoDropTimeoutMs <= 0 || SettleTimeoutMs <= 0 || CloseAfterIdleMs <= 0)
            {
                return "timeouts must be positive";
            }

            return null;
        }
    }
}
