using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// A clock the test or simulator moves by hand, so that timing behaviour (stability windows, timeouts,
    /// persistence windows) is tested in simulated time, never wall time.
    /// </summary>
    public sealed class SimulatedClock : IClock
    {
        private static readonly DateTime DefaultStartUtc = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
        private DateTime _utcAtBoot;

        /// <summary>Creates a clock at uptime 0 whose UTC is already set.</summary>
        public SimulatedClock()
            : this(DefaultStartUtc, utcValid: true)
        {
        }

        /// <summary>Creates a clock at uptime 0 with the given UTC time at boot.</summary>
        public SimulatedClock(DateTime utcAtBoot, bool utcValid)
        {
            _utcAtBoot = DateTime.SpecifyKind(utcAtBoot, DateTimeKind.Utc);
            IsUtcValid = utcValid;
        }

        /// <inheritdoc />
        public long UptimeMs { get; private set; }

        /// <inheritdoc />
        public DateTime UtcNow => _utcAtBoot.AddMilliseconds(UptimeMs);

        /// <inheritdoc />
        public bool IsUtcValid { get; private set; }

        /// <summary>Moves time forward.</summary>
        public void Advance(long milliseconds)
        {
            if (milliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(milliseconds), "time only moves forward");
            }

            UptimeMs += milliseconds;
        }

        /// <summary>Sets UTC as SNTP would, keeping uptime where it is.</summary>
        public void SetUtc(DateTime utcNow)
        {
            _utcAtBoot = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc).AddMilliseconds(-UptimeMs);
            IsUtcValid = true;
        }

        /// <summary>Simulates a reboot: uptime starts again from zero, UTC carries on.</summary>
        public void Reboot()
        {
            _utcAtBoot = UtcNow;
            UptimeMs = 0;
        }
    }
}
