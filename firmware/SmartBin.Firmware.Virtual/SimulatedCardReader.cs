using System;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// A card reader whose field the simulator or test fills by hand: a card stays "present" until removed,
    /// like a card held against the lid.
    /// </summary>
    public sealed class SimulatedCardReader : ICardReader, ICardField
    {
        private byte[]? _presentUid;

        /// <inheritdoc />
        public bool IsHealthy { get; set; } = true;

        /// <summary>When true the simulated chip is hung until reset (a known MFRC522 failure).</summary>
        public bool HungUntilReset { get; set; }

        /// <summary>Resets performed.</summary>
        public int ResetCount { get; private set; }

        /// <inheritdoc />
        public bool Reset()
        {
            ResetCount++;
            if (HungUntilReset)
            {
                HungUntilReset = false;
                IsHealthy = true;
            }

            return IsHealthy;
        }

        /// <inheritdoc />
        public void Present(byte[] uid)
        {
            if (uid.Length != 4 && uid.Length != 7 && uid.Length != 10)
            {
                throw new ArgumentException("ISO 14443A UIDs are 4, 7 or 10 bytes", nameof(uid));
            }

            _presentUid = (byte[])uid.Clone();
        }

        /// <summary>Places a card given as hex, e.g. <c>04A1B2C3</c>.</summary>
        public void Present(string uidHex) => Present(Convert.FromHexString(uidHex));

        /// <inheritdoc />
        public void Remove() => _presentUid = null;

        /// <inheritdoc />
        public int ReadCardUid(byte[] uid)
        {
            if (!IsHealthy || _presentUid is null)
            {
                return 0;
            }

            Array.Copy(_presentUid, uid, _presentUid.Length);
            return _presentUid.Length;
        }
    }
}
