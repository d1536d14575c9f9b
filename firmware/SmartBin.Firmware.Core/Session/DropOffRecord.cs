using System;

namespace SmartBin.Firmware.Core.Session
{
    /// <summary>
    /// One drop-off as it leaves the bin: everything the gateway needs to credit it and to audit it later.
    /// A session with several items yields one record whose net is the sum of the items.
    /// </summary>
    public sealed class DropOffRecord
    {
        /// <summary>Outbox sequence number; with the bin id it is the drop-off's idempotency key.</summary>
        public long Sequence;

        /// <summary>Card UID as upper-case hex, or empty when unattributed.</summary>
        public string CardUid = string.Empty;

        /// <summary>UTC time the session started (card presented, or first weight rise if no card).</summary>
        public DateTime SessionStartUtc;

        /// <summary>UTC time the session closed.</summary>
        public DateTime SessionEndUtc;

        /// <summary>Stable gross weight before the first item, grams.</summary>
        public int GrossBeforeGrams;

        /// <summary>Stable gross weight after the last item, grams.</summary>
        public int GrossAfterGrams;

        /// <summary>Net weight of the drop-off, grams (sum of the item increments).</summary>
        public int NetGrams;

        /// <summary>Number of items (stable weight rises) in the session.</summary>
        public int ItemCount;

        /// <summary>Material stream of the bin (e.g. <c>PET</c>, <c>HDPE</c>, <c>PP</c>, <c>MIXED</c>).</summary>
        public string Material = string.Empty;

        /// <summary>Combination of <see cref="DropOffFlags"/>.</summary>
        public int Flags;

        /// <summary>Version of the calibration in force when the weights were taken.</summary>
        public int CalibrationVersion;

        /// <summary>Firmware version string of the controller.</summary>
        public string FirmwareVersion = string.Empty;
    }
}
