using System;

namespace SmartBin.Firmware.Core.Session
{
    /// <summary>One event as it leaves the bin on the <c>event</c> topic.</summary>
    public sealed class BinEvent
    {
        /// <summary>Outbox sequence number (shared sequence space with drop-offs).</summary>
        public long Sequence;

        /// <summary>One of <see cref="BinEventKind"/>.</summary>
        public string Kind = string.Empty;

        /// <summary>Machine-readable detail code, e.g. <c>scale-lost</c>; empty when none.</summary>
        public string Code = string.Empty;

        /// <summary>UTC time of the event.</summary>
        public DateTime Utc;

        /// <summary>Weight involved, grams (fall size for tamper, weight removed for emptied); 0 when none.</summary>
        public int Grams;

        /// <summary>Card UID involved (tamper, cancelled session), or empty.</summary>
        public string CardUid = string.Empty;

        /// <summary>True when the UTC clock was not set.</summary>
        public bool ClockUnset;
    }
}
