using System;
using System.Threading.Tasks;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Simulator.Mqtt
{
    /// <summary>
    /// The MQTT link of a bin whose broker settings come from its own config store, like the device: at every boot
    /// the bin hands over the endpoint it read from flash, and the link reconnects only when that changed. An
    /// unprovisioned bin (no id or no broker host) has no connection at all.
    /// </summary>
    public sealed class ConfiguredMqttTransport : IMqttTransport, IAsyncDisposable
    {
        private readonly Action<string> _log;
        private MqttNetTransport? _current;
        private MqttEndpoint? _endpoint;

        /// <summary>Creates a link with no connection yet.</summary>
        public ConfiguredMqttTransport(Action<string> log)
        {
            _log = log;
        }

        /// <summary>Messages published so far over any of the connections.</summary>
        public int Published { get; private set; }

        /// <inheritdoc />
        public bool IsConnected => _current is { IsConnected: true };

        /// <summary>The endpoint in use, or null while unprovisioned.</summary>
        public MqttEndpoint? Endpoint => _endpoint;

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, int qos, bool retain)
        {
            bool sent = _current is not null && _current.Publish(topic, payload, length, qos, retain);
            Published += sent ? 1 : 0;
            return sent;
        }

        /// <summary>Takes the next incoming message, if any.</summary>
        public bool TryTakeIncoming(out IncomingMessage? message)
        {
            message = null;
            return _current is not null && _current.TryTakeIncoming(out message);
        }

        /// <summary>Switches to <paramref name="endpoint"/> (null: disconnect); does nothing when unchanged.</summary>
        public async Task UseAsync(MqttEndpoint? endpoint)
        {
            if (endpoint == _endpoint)
            {
                return;
            }

            if (_current is not null)
            {
                await _current.DisposeAsync().ConfigureAwait(false);
                _current = null;
            }

            _endpoint = endpoint;
            if (endpoint is null)
            {
                _log("mqtt: not configured (no bin id or broker host): staying offline");
                return;
            }

            var topics = new BinTopics(endpoint.Username);
            var writer = new JsonWriter(128);
            MessageCodecs.EncodeStatus(writer, online: true, VirtualBin.FirmwareVersion);
            byte[] birth = writer.Buffer[..writer.Length];
            MessageCodecs.EncodeStatus(writer, online: false, VirtualBin.FirmwareVersion);
            byte[] will = writer.Buffer[..writer.Length];
            _current = new MqttNetTransport(endpoint, topics.Status, birth, will, new[] { topics.Ack, topics.Command });
            _current.ConnectionChanged += (up, why) => _log(up ? "mqtt: connected to broker" : "mqtt: broker connection failed: " + why);
            _log($"mqtt: connecting to {endpoint.Host}:{endpoint.Port} as {endpoint.Username}");
            _current.Start();
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            if (_current is not null)
            {
                await _current.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
