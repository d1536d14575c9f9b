namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>Machine-readable error codes of the config store (the console prints them as they are).</summary>
    public static class ConfigError
    {
        /// <summary>No such key.</summary>
        public const string UnknownKey = "unknown-key";

        /// <summary>The value does not parse, has a forbidden character, or breaks a rule of its key.</summary>
        public const string InvalidValue = "invalid-value";

        /// <summary>A number outside its key's bounds.</summary>
        public const string OutOfRange = "out-of-range";

        /// <summary>Text longer than its key allows (UTF-8 bytes).</summary>
        public const string TooLong = "too-long";

        /// <summary>Non-empty text shorter than its key allows (UTF-8 bytes).</summary>
        public const string TooShort = "too-short";

        /// <summary>Values that are each valid but not together (checked at save).</summary>
        public const string Conflict = "conflict";
    }
}
