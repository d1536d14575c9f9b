namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>Wire-format constants shared by every message.</summary>
    public static class ProtocolVersion
    {
        /// <summary>Value of the <c>v</c> field of every message of this protocol.</summary>
        public const int Current = 1;

        /// <summary>Largest payload either side sends or accepts, bytes.</summary>
        public const int PayloadBytesMax = 1024;
    }
}
