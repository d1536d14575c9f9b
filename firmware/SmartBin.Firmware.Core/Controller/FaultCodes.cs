using SmartBin.Firmware.Core.Weighing;

namespace SmartBin.Firmware.Core.Controller
{
    /// <summary>Wire codes of faults, as docs/protocol.md lists them.</summary>
    public static class FaultCodes
    {
        /// <summary>No conversions from the ADC.</summary>
        public const string ScaleNoSamples = "scale-no-samples";

        /// <summary>ADC at full scale.</summary>
        public const string ScaleSaturated = "scale-saturated";

        /// <summary>Zero drifted beyond the zero-setting range.</summary>
        public const string ScaleZeroRange = "scale-zero-range";

        /// <summary>The card reader stopped answering.</summary>
        public const string ReaderDown = "reader-down";

        /// <summary>Wire code of a scale fault; empty for none.</summary>
        public static string ForScale(ScaleFault fault)
        {
            switch (fault)
            {
                case ScaleFault.NoSamples:
                    return ScaleNoSamples;
                case ScaleFault.Saturated:
                    return ScaleSaturated;
                case ScaleFault.ZeroOutOfRange:
                    return ScaleZeroRange;
                default:
                    return string.Empty;
            }
        }
    }
}
