namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>Kind byte of an outbox entry.</summary>
    public static class OutboxKind
    {
        /// <summary>A drop-off: never dropped; sessions start only when a slot is reserved for it.</summary>
        public const byte DropOff = 1;

        /// <summary>An event: refused when only the drop-off reserve is left.</summary>
        public const byte Event = 2;
    }
}
