using System;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// The space in front of a bin's reader where residents hold their cards: what a test or the simulator's
    /// residents act on, whether the reader behind it is a behavioural fake or the real driver over a simulated chip.
    /// </summary>
    public interface ICardField
    {
        /// <summary>Holds a card (UID of 4, 7 or 10 bytes) in the field until <see cref="Remove"/>; replaces any card there.</summary>
        void Present(byte[] uid);

        /// <summary>Takes the card away.</summary>
        void Remove();

        /// <summary>Holds a card given as hex, e.g. <c>04A1B2C3</c>.</summary>
        void Present(string uidHex) => Present(Convert.FromHexString(uidHex));
    }
}
