using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// <see cref="IClock"/> on the ESP32: uptime from the CLR's monotonic tick counter, UTC from the RTC that the
    /// firmware's SNTP client sets once the network is up.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>
        /// 2025-01-01T00:00:00Z in ticks. Before SNTP the RTC counts from its power-on default (years earlier), so a
        /// time before this firmware was built cannot be a real time.
        /// </summary>
        public const long EarliestValidUtcTicks = 638712864000000000;

        /// <inheritdoc />
        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }

        /// <inheritdoc />
        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        /// <inheritdoc />
        public bool IsUtcValid
        {
            get { return DateTime.UtcNow.Ticks >= EarliestValidUtcTicks; }
        }
    }
}
