namespace SmartBin.Firmware.Core.Platform
{
    /// <summary>
    /// Delays between reconnection attempts (Wi-Fi, MQTT): doubling from a minimum to a maximum, back to the minimum
    /// after a success. A bin that lost its gateway keeps trying forever, but at most once per maximum delay, so a
    /// fleet does not hammer a broker that is restarting and a bin does not burn its radio budget on a dead network.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly int _delayMsMin;
        private readonly int _delayMsMax;
        private int _nextDelayMs;

        /// <summary>Creates a schedule; 0 &lt; <paramref name="delayMsMin"/> ≤ <paramref name="delayMsMax"/>.</summary>
        public ReconnectBackoff(int delayMsMin, int delayMsMax)
        {
            if (delayMsMin <= 0 || delayMsMax < delayMsMin)
            {
                throw new System.ArgumentOutOfRangeException("delayMsMin", "need 0 < min <= max");
            }

            _delayMsMin = delayMsMin;
            _delayMsMax = delayMsMax;
            _nextDelayMs = delayMsMin;
        }

        /// <summary>Failed attempts since the last success.</summary>
        public int FailureCount { get; private set; }

        /// <summary>Records a failed attempt and returns how long to wait before the next one, ms.</summary>
        public int Failed()
        {
            int delayMs = _nextDelayMs;
            // Doubling is capped before it can overflow: max is an int, so max/2 < max and 2*(max/2) fits.
            _nextDelayMs = delayMs > _delayMsMax / 2 ? _delayMsMax : delayMs * 2;
            if (FailureCount < int.MaxValue)
            {
                FailureCount++;
            }

            return delayMs;
        }

        /// <summary>Records a success: the next failure waits the minimum again.</summary>
        public void Succeeded()
        {
            _nextDelayMs = _delayMsMin;
            FailureCount = 0;
        }
    }
}
