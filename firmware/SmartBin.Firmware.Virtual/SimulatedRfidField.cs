namespace SmartBin.Firmware.Virtual
{
    /// <summary>
    /// The RF field of a <see cref="SimulatedMfrc522Chip"/>: each tap puts a fresh <see cref="SimulatedIso14443Card"/>
    /// (powered up in IDLE, as a card entering a field is) in front of the antenna, so the real driver has to wake,
    /// anticollide and select it through every cascade level its UID needs.
    /// </summary>
    public sealed class SimulatedRfidField : ICardField
    {
        private readonly SimulatedMfrc522Chip _chip;

        /// <summary>Creates the field of <paramref name="chip"/>; it starts empty.</summary>
        public SimulatedRfidField(SimulatedMfrc522Chip chip)
        {
            System.ArgumentNullException.ThrowIfNull(chip);
            _chip = chip;
        }

        /// <summary>The card in the field, or null.</summary>
        public SimulatedIso14443Card? Card => _chip.Cards.Count > 0 ? _chip.Cards[0] : null;

        /// <inheritdoc />
        public void Present(byte[] uid)
        {
            var card = new SimulatedIso14443Card(uid);
            _chip.Cards.Clear();
            _chip.Cards.Add(card);
        }

        /// <inheritdoc />
        public void Remove() => _chip.Cards.Clear();
    }
}
