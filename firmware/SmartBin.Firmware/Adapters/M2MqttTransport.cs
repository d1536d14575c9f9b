using System;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Platform;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>What the MQTT session needs, read from the config at boot.</summary>
    public sealed class MqttSettings
    {
        /// <summary>Broker host (mqtt.host).</summary>
        public string Host = string.Empty;

        /// <summary>Broker port (mqtt.port).</summary>
        public int Port;

        /// <summary>TLS on (mqtt.tls).</summary>
        public bool Tls;

        /// <summary>CA certificate (PEM) the broker's certificate must chain to; required with TLS.</summary>
        public X509Certificate? CaCertificate;

        /// <summary>Client id and user name: the bin id (docs/protocol.md).</summary>
        public string BinId = string.Empty;

        /// <summary>Password: the bin's secret (mqtt.secret).</summary>
        public string Secret = string.Empty;

        /// <summary>The bin's retained status topic (birth and will).</summary>
        public string StatusTopic = string.Empty;

        /// <summary>Retained birth payload, <c>{"v":1,"state":"online",...}</c>.</summary>
        public byte[] BirthPayload = new byte[0];

        /// <summary>Will payload, <c>{"v":1,"state":"offline",...}</c> (M2Mqtt takes the will as a string).</summary>
        public string WillPayload = string.Empty;

        /// <summary>Topics to subscribe to: the bin's ack and cmd.</summary>
        public string[] Subscriptions = new string[0];
    }

    /// <summary>
    /// <see cref="IMqttTransport"/> over nanoFramework's M2Mqtt. The control loop publishes (never blocking on the
    /// network: a publish while down returns false and the outbox retries) and takes incoming messages from an
    /// inbox; the connectivity thread connects (with the retained offline will), subscribes, sends the retained
    /// birth, and replaces the client after every loss, since an M2Mqtt client does not reconnect by itself.
    /// </summary>
    public sealed class M2MqttTransport : IMqttTransport
    {
        /// <summary>Keep-alive, s: the broker publishes the will within 1.5 × this after the bin vanishes.</summary>
        public const ushort KeepAliveSeconds = 30;

        /// <summary>Incoming messages held for the control loop (acks arrive one per published record).</summary>
        public const int InboxCapacity = 16;

        private readonly MqttSettings _settings;
        private readonly MessageInbox _inbox = new MessageInbox(InboxCapacity);
        private MqttClient? _client;

        /// <summary>Creates the transport; nothing connects until the connectivity thread calls <see cref="TryConnect"/>.</summary>
        public M2MqttTransport(MqttSettings settings)
        {
            _settings = settings;
        }

        /// <summary>Messages dropped because the control loop did not take them in time.</summary>
        public int DroppedMessageCount
        {
            get { return _inbox.DroppedCount; }
        }

        /// <summary>False when the bin has no broker, no bin id, or TLS without a CA certificate: it stays offline.</summary>
        public bool IsConfigured
        {
            get { return _settings.Host.Length > 0; }
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                MqttClient? client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, int qos, bool retain)
        {
            MqttClient? client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            // M2Mqtt keeps the array until a QoS 1 message is acknowledged, so it gets its own exact-size copy:
            // the one allocation per published record (the outbox reuses its buffer for the next one).
            byte[] message = new byte[length];
            Array.Copy(payload, message, length);
            try
            {
                client.Publish(topic, message, null, null, qos == 0 ? MqttQoSLevel.AtMostOnce : MqttQoSLevel.AtLeastOnce, retain);
                return true;
            }
            catch (Exception)
            {
                // The connection died under us; the connectivity thread notices and reconnects.
                return false;
            }
        }

        /// <summary>Control loop: takes the oldest incoming message, if any.</summary>
        public bool TryTake(out string topic, out byte[] payload)
        {
            return _inbox.TryTake(out topic, out payload);
        }

        /// <summary>Connectivity thread: one connection attempt (TCP, TLS, CONNECT with will, SUBSCRIBE, birth).</summary>
        public bool TryConnect()
        {
            Close();
            MqttClient? client = null;
            try
            {
                client = _settings.Tls
                    ? new MqttClient(_settings.Host, _settings.Port, true, _settings.CaCertificate, null, MqttSslProtocols.TLSv1_2)
                    : new MqttClient(_settings.Host, _settings.Port, false, null, null, MqttSslProtocols.None);
                client.MqttMsgPublishReceived += OnMessage;
                MqttReasonCode result = client.Connect(_settings.BinId, _settings.BinId, _settings.Secret,
                    true, MqttQoSLevel.AtLeastOnce, true, _settings.StatusTopic, _settings.WillPayload, true, KeepAliveSeconds);
                if (result != MqttReasonCode.Success)
                {
                    client.Close();
                    return false;
                }

                client.Subscribe(_settings.Subscriptions, QosForEach(_settings.Subscriptions.Length));
                client.Publish(_settings.StatusTopic, _settings.BirthPayload, null, null, MqttQoSLevel.AtLeastOnce, true);
                _client = client;
                return true;
            }
            catch (Exception)
            {
                // Refused, unreachable, TLS failure: all mean "try again later".
                if (client != null)
                {
                    client.Close();
                }

                return false;
            }
        }

        /// <summary>Connectivity thread: drops the current client (after a loss, or before a new attempt).</summary>
        public void Close()
        {
            MqttClient? client = _client;
            _client = null;
            if (client == null)
            {
                return;
            }

            try
            {
                client.Close();
            }
            catch (Exception)
            {
                // Closing a dead connection may throw; it is gone either way.
            }
        }

        private static MqttQoSLevel[] QosForEach(int count)
        {
            var levels = new MqttQoSLevel[count];
            for (int i = 0; i < count; i++)
            {
                levels[i] = MqttQoSLevel.AtLeastOnce;
            }

            return levels;
        }

        // M2Mqtt's receive thread.
        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            _inbox.TryAdd(e.Topic, e.Message);
        }
    }
}
