namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>The RFID reader (MFRC522 on the device).</summary>
    public interface ICardReader
    {
        /// <summary>
        /// Polls for a card in the field. Writes the UID into <paramref name="uid"/> (at least 10 bytes)
        /// and returns its length (4, 7 or 10), or 0 when no card is present.
        /// </summary>
        int ReadCardUid(byte[] uid);

        /// <summary>False once the reader stopped answering and could not be reset.</summary>
        bool IsHealthy { get; }

        /// <summary>
        /// Resets the reader (soft reset, then hard reset through RST if the chip does not answer).
        /// Returns true when it answers afterwards.
        /// </summary>
        bool Reset();
    }
}
