using System;

namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>
    /// Time as the controller sees it. Control logic runs on <see cref="UptimeMs"/>, which never jumps;
    /// wall-clock UTC is only stamped onto records, because SNTP may correct it at any moment.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since boot; monotonic.</summary>
        long UptimeMs { get; }

        /// <summary>Current UTC time; meaningful only when <see cref="IsUtcValid"/> is true.</summary>
        DateTime UtcNow { get; }

        /// <summary>True once the clock has been set from SNTP (or by the simulator).</summary>
        bool IsUtcValid { get; }
    }
}
