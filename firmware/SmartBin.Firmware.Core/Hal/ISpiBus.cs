namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>
    /// One SPI device (a bus with its chip select, if any). Shaped like nanoFramework's System.Device.Spi.SpiDevice
    /// (TransferFullDuplex, Write, Read), with plain byte arrays so drivers stay in the nanoFramework 1.x subset and
    /// the device adapter is a one-line call per method. Buffers are the caller's: drivers reuse them, never allocate.
    /// </summary>
    public interface ISpiBus
    {
        /// <summary>Clocks out <paramref name="write"/> while clocking in the same number of bytes into <paramref name="read"/> (equal lengths).</summary>
        void TransferFullDuplex(byte[] write, byte[] read);
    }
}
