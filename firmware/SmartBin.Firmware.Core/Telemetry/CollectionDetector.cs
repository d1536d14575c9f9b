namespace SmartBin.Firmware.Core.Telemetry
{
    /// <summary>
    /// Detects that the bin was emptied: outside any session, the stable weight came down to near zero from a
    /// load at least a minimum fall above it. The reference is the highest stable weight since the last
    /// collection, so a bin emptied bag by bag is still one collection. Collections are what staff reconcile
    /// fill levels and kilograms against, so each is reported once.
    /// </summary>
    public sealed class CollectionDetector
    {
        private readonly int _nearZeroGrams;
        private readonly int _minFallGrams;
        private bool _hasPeak;
        private int _peakGrams;

        /// <summary>
        /// Creates a detector: a fall of at least <paramref name="minFallGrams"/> ending at or below
        /// <paramref name="nearZeroGrams"/> is a collection.
        /// </summary>
        public CollectionDetector(int nearZeroGrams, int minFallGrams)
        {
            if (nearZeroGrams < 0 || minFallGrams <= nearZeroGrams)
            {
                throw new System.ArgumentException("the fall must be larger than the near-zero band");
            }

            _nearZeroGrams = nearZeroGrams;
            _minFallGrams = minFallGrams;
        }

        /// <summary>Weight taken out by the last detected collection, grams.</summary>
        public int LastRemovedGrams { get; private set; }

        /// <summary>
        /// Feeds a stable weight seen outside a session. Returns true when it completes a collection;
        /// <see cref="LastRemovedGrams"/> then tells how much was taken out.
        /// </summary>
        public bool AddStableWeight(int grossGrams)
        {
            if (!_hasPeak || grossGrams > _peakGrams)
            {
                _hasPeak = true;
                _peakGrams = grossGrams;
                return false;
            }

            int fallGrams = _peakGrams - grossGrams;
            if (fallGrams >= _minFallGrams && grossGrams <= _nearZeroGrams)
            {
                LastRemovedGrams = fallGrams;
                _peakGrams = grossGrams;
                return true;
            }

            return false;
        }
    }
}
