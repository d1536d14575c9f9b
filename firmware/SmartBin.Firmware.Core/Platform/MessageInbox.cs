namespace SmartBin.Firmware.Core.Platform
{
    /// <summary>
    /// Hands incoming MQTT messages from the client's receive thread (one producer) to the control loop (one
    /// consumer), so the controller stays single-threaded. A fixed ring of slots: nothing is allocated here (the
    /// MQTT client already allocated the payload). When the ring is full the message is dropped and counted;
    /// that is safe because every gateway→bin message is either an ack (the bin resends the record and gets a
    /// `duplicate` ack) or a command (the gateway gets no result and may repeat it).
    /// Producer and consumer each write only their own index, with Interlocked, so no lock is needed.
    /// </summary>
    public sealed class MessageInbox
    {
        private static readonly byte[] Empty = new byte[0];
        private readonly string[] _topics;
        private readonly byte[][] _payloads;
        private int _written;
        private int _read;
        private int _dropped;

        /// <summary>Creates an inbox of <paramref name="capacity"/> (≥ 1) messages.</summary>
        public MessageInbox(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity", "need at least one slot");
            }

            _topics = new string[capacity];
            _payloads = new byte[capacity][];
        }

        /// <summary>Messages dropped because the inbox was full.</summary>
        public int DroppedCount
        {
            get { return _dropped; }
        }

        /// <summary>Messages waiting.</summary>
        public int Count
        {
            get { return _written - _read; }
        }

        /// <summary>Producer side: stores a message, or returns false (and counts it) when full.</summary>
        public bool TryAdd(string topic, byte[] payload)
        {
            if (_written - _read >= _topics.Length)
            {
                System.Threading.Interlocked.Increment(ref _dropped);
                return false;
            }

            int slot = Slot(_written);
            _topics[slot] = topic;
            _payloads[slot] = payload;
            // Publish the slot only after it is filled: the consumer reads nothing beyond _written.
            System.Threading.Interlocked.Increment(ref _written);
            return true;
        }

        /// <summary>Consumer side: takes the oldest message, or returns false when empty.</summary>
        public bool TryTake(out string topic, out byte[] payload)
        {
            if (_written == _read)
            {
                topic = string.Empty;
                payload = Empty;
                return false;
            }

            int slot = Slot(_read);
            topic = _topics[slot];
            payload = _payloads[slot];
            _topics[slot] = string.Empty;
            _payloads[slot] = Empty;
            System.Threading.Interlocked.Increment(ref _read);
            return true;
        }

        // The counters only grow (wrapping after 2^32 messages, which the difference above survives).
        private int Slot(int counter)
        {
            int slot = counter % _topics.Length;
            return slot < 0 ? slot + _topics.Length : slot;
        }
    }
}
