namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>How a config value is written and checked.</summary>
    public enum ConfigValueType
    {
        /// <summary>UTF-8 text; bounds are byte lengths (the minimum applies only to a non-empty value).</summary>
        Text,

        /// <summary>Decimal integer; bounds are inclusive values.</summary>
        Integer,

        /// <summary><c>true</c> or <c>false</c> (also accepts 1/0, on/off, yes/no).</summary>
        Boolean,

        /// <summary>Decimal number <c>-?digits(.digits)?</c>, no exponent.</summary>
        Decimal,

        /// <summary>One of a fixed list of words (case-insensitive on input, stored as listed).</summary>
        Choice,

        /// <summary>An ESP32 GPIO number that exists and is free for application use.</summary>
        Pin,
    }
}
