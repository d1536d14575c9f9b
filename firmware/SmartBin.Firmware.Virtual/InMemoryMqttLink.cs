using System.Collections.Generic;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Virtual
{
    /// <summary>One message published by a bin over an <see cref="InMemoryMqttLink"/>.</summary>
    public sealed record PublishedMessage(string Topic, byte[] Payload, int Qos, bool Retain);

    /// <summary>
    /// The bin's side of an MQTT connection kept in memory, for tests of the controller's own logic; the
    /// integration tests use a real broker. The test decides when the link is up and reads what was published.
    /// </summary>
    public sealed class InMemoryMqttLink : IMqttTransport
    {
        private readonly List<PublishedMessage> _published = new();

        /// <inheritdoc />
        public bool IsConnected { get; set; } = true;

        /// <summary>Everything published while connected, in order.</summary>
        public IReadOnlyList<PublishedMessage> Published => _published;

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            _published.Add(new PublishedMessage(topic, payload[..length], qos, retain));
            return true;
        }

        /// <summary>Forgets what was published so far.</summary>
        public void Clear() => _published.Clear();
    }
}
