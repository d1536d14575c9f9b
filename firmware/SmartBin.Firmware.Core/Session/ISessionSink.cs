namespace SmartBin.Firmware.Core.Session
{
    /// <summary>Receives what the session state machine decides; the controller turns these into outbox entries.</summary>
    public interface ISessionSink
    {
        /// <summary>
        /// A session closed with plastic in it. The record instance is reused by the state machine:
        /// copy or encode it before returning. <see cref="DropOffRecord.Sequence"/> is left for the caller.
        /// </summary>
        void OnDropOff(DropOffRecord record);

        /// <summary>A card session ended with no drop (timeout, tamper, or the same card tapped again).</summary>
        void OnSessionCancelled(string cardUid, string reasonCode);

        /// <summary>The stable weight fell by <paramref name="fallGrams"/> during a session.</summary>
        void OnTamper(string cardUid, int fallGrams);
    }
}
