using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Storage;

namespace SmartBin.Firmware.Core.Controller
{
    /// <summary>
    /// Sends outbox entries oldest first with a small window of unacknowledged messages, and sends an entry again
    /// when its ack does not come within <see cref="AckTimeoutMs"/> or the connection dropped. The entry itself
    /// leaves flash only when an ack names it: the window lives in RAM and may be lost at any time.
    /// </summary>
    public sealed class OutboxPublisher
    {
        /// <summary>Most messages sent and not yet acknowledged.</summary>
        public const int InFlightMax = 4;

        /// <summary>How long to wait for an ack before sending again.</summary>
        public const long AckTimeoutMs = 10000;

        private readonly Outbox _outbox;
        private readonly IMqttTransport _mqtt;
        private readonly string _dropOffTopic;
        private readonly string _eventTopic;
        private readonly byte[] _payload;
        private readonly long[] _inFlightSequence = new long[InFlightMax];
        private readonly long[] _sentAtMs = new long[InFlightMax];
        private int _inFlightCount;

        /// <summary>Creates a publisher for one bin's outbox.</summary>
        public OutboxPublisher(Outbox outbox, IMqttTransport mqtt, string dropOffTopic, string eventTopic)
        {
            _outbox = outbox;
            _mqtt = mqtt;
            _dropOffTopic = dropOffTopic;
            _eventTopic = eventTopic;
            _payload = new byte[outbox.MaxPayloadBytes];
        }

        /// <summary>Messages sent again after a timeout or reconnect.</summary>
        public int ResentCount { get; private set; }

        /// <summary>Messages sent, first sends and resends.</summary>
        public int SentCount { get; private set; }

        /// <summary>Sends what is due; call every control-loop tick.</summary>
        public void Pump(long nowMs)
        {
            if (!_mqtt.IsConnected)
            {
                // Whatever was in flight may or may not have arrived: send it again once connected.
                ResentCount += _inFlightCount;
                _inFlightCount = 0;
                return;
            }

            ExpireTimedOut(nowMs);
            int scanned = 0;
            while (_inFlightCount < InFlightMax && scanned < _outbox.Count)
            {
                if (IsInFlight(_outbox.SequenceAt(scanned)))
                {
                    scanned++;
                    continue;
                }

                long sequence;
                byte kind;
                int length;
                if (!_outbox.TryPeekOldest(scanned, out sequence, out kind, _payload, out length))
                {
                    return;
                }

                scanned++;
                if (IsInFlight(sequence))
                {
                    // The peek skipped a corrupt entry and landed on one already sent.
                    continue;
                }

                string topic = kind == OutboxKind.DropOff ? _dropOffTopic : _eventTopic;
                if (!_mqtt.Publish(topic, _payload, length, 1, false))
                {
                    return;
                }

                SentCount++;
                _inFlightSequence[_inFlightCount] = sequence;
                _sentAtMs[_inFlightCount] = nowMs;
                _inFlightCount++;
            }
        }

        /// <summary>An ack arrived: the entry leaves the outbox. Returns false for a sequence the outbox did not hold.</summary>
        public bool Acknowledge(long sequence)
        {
            RemoveInFlight(sequence);
            return _outbox.Acknowledge(sequence);
        }

        private void ExpireTimedOut(long nowMs)
        {
            int i = 0;
            while (i < _inFlightCount)
            {
                if (nowMs - _sentAtMs[i] >= AckTimeoutMs)
                {
                    ResentCount++;
                    RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }
        }

        private bool IsInFlight(long sequence)
        {
            for (int i = 0; i < _inFlightCount; i++)
            {
                if (_inFlightSequence[i] == sequence)
                {
                    return true;
                }
            }

            return false;
        }

        private void RemoveInFlight(long sequence)
        {
            for (int i = 0; i < _inFlightCount; i++)
            {
                if (_inFlightSequence[i] == sequence)
                {
                    RemoveAt(i);
                    return;
                }
            }
        }

        private void RemoveAt(int index)
        {
            _inFlightCount--;
            _inFlightSequence[index] = _inFlightSequence[_inFlightCount];
            _sentAtMs[index] = _sentAtMs[_inFlightCount];
        }
    }
}
