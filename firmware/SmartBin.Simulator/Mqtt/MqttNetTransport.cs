using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Simulator.Mqtt
{
    /// <summary>One message that arrived for a virtual bin, handed to its control loop.</summary>
    public sealed record IncomingMessage(string Topic, byte[] Payload);

    /// <summary>Connection settings of one virtual bin, as the device would have them in its config store.</summary>
    public sealed record MqttEndpoint(string Host, int Port, string ClientId, string Username, string Password);

    /// <summary>
    /// The virtual bin's MQTT connection over MQTTnet, shaped like the device's M2Mqtt adapter: the control loop
    /// publishes without blocking, a background loop connects, reconnects with backoff and sends, and incoming
    /// messages wait in a queue until the control loop takes them. The retained will marks the bin offline.
    /// </summary>
    public sealed class MqttNetTransport : IMqttTransport, IAsyncDisposable
    {
        /// <summary>Messages waiting to be sent; beyond this the publish is refused and the outbox retries.</summary>
        public const int SendQueueCapacity = 64;

        private const int ReconnectDelayMsMin = 500;
        private const int ReconnectDelayMsMax = 15_000;

        private readonly MqttEndpoint _endpoint;
        private readonly string _statusTopic;
        private readonly byte[] _willPayload;
        private readonly byte[] _birthPayload;
        private readonly string[] _subscriptions;
        private readonly IMqttClient _client;
        private readonly Channel<MqttApplicationMessage> _sendQueue =
            Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true });
        private readonly ConcurrentQueue<IncomingMessage> _incoming = new();
        private readonly CancellationTokenSource _stop = new();
        private Task? _loop;

        /// <summary>Creates the transport; nothing connects until <see cref="Start"/>.</summary>
        public MqttNetTransport(MqttEndpoint endpoint, string statusTopic, byte[] birthPayload, byte[] willPayload, string[] subscriptions)
        {
            _endpoint = endpoint;
            _statusTopic = statusTopic;
            _birthPayload = birthPayload;
            _willPayload = willPayload;
            _subscriptions = subscriptions;
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += e =>
            {
                _incoming.Enqueue(new IncomingMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
                return Task.CompletedTask;
            };
        }

        /// <summary>Raised (on a background thread) when the connection comes up or goes down.</summary>
        public event Action<bool, string>? ConnectionChanged;

        /// <inheritdoc />
        public bool IsConnected => _client.IsConnected;

        /// <summary>Connection attempts that failed.</summary>
        public int FailedConnects { get; private set; }

        /// <summary>Starts the connect/send loop.</summary>
        public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, int qos, bool retain)
        {
            if (!_client.IsConnected)
            {
                return false;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload.AsSpan(0, length).ToArray())
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
                .WithRetainFlag(retain)
                .Build();
            return _sendQueue.Writer.TryWrite(message);
        }

        /// <summary>Takes the next incoming message, if any.</summary>
        public bool TryTakeIncoming(out IncomingMessage? message) => _incoming.TryDequeue(out message);

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(false);
            }

            if (_client.IsConnected)
            {
                // A clean disconnect suppresses the will, so say "offline" ourselves.
                await _client.PublishAsync(StatusMessage(_willPayload)).ConfigureAwait(false);
                await _client.DisconnectAsync().ConfigureAwait(false);
            }

            _client.Dispose();
            _stop.Dispose();
        }

        private async Task RunAsync(CancellationToken stop)
        {
            int delayMs = ReconnectDelayMsMin;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (!_client.IsConnected)
                    {
                        await ConnectAsync(stop).ConfigureAwait(false);
                        delayMs = ReconnectDelayMsMin;
                    }

                    await SendQueuedAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }

                // Any failure of the connection (refused, reset, timed out) is handled the same way: back off, retry.
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    FailedConnects++;
                    ConnectionChanged?.Invoke(false, ex.Message);
                    await Task.Delay(delayMs, stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    delayMs = Math.Min(delayMs * 2, ReconnectDelayMsMax);
                }
            }
        }

        private async Task ConnectAsync(CancellationToken stop)
        {
            MqttClientOptions options = new MqttClientOptionsBuilder()
                .WithTcpServer(_endpoint.Host, _endpoint.Port)
                .WithClientId(_endpoint.ClientId)
                .WithCredentials(_endpoint.Username, _endpoint.Password)
                .WithCleanSession(true)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
                .WithWillTopic(_statusTopic)
                .WithWillPayload(_willPayload)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillRetain(true)
                .Build();
            MqttClientConnectResult result = await _client.ConnectAsync(options, stop).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException("broker refused the connection: " + result.ResultCode);
            }

            foreach (string filter in _subscriptions)
            {
                var subscribe = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                    .Build();
                await _client.SubscribeAsync(subscribe, stop).ConfigureAwait(false);
            }

            await _client.PublishAsync(StatusMessage(_birthPayload), stop).ConfigureAwait(false);
            ConnectionChanged?.Invoke(true, "connected");
        }

        private async Task SendQueuedAsync(CancellationToken stop)
        {
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stop);
            poll.CancelAfter(1000);
            try
            {
                while (await _sendQueue.Reader.WaitToReadAsync(poll.Token).ConfigureAwait(false))
                {
                    while (_sendQueue.Reader.TryRead(out MqttApplicationMessage? message))
                    {
                        await _client.PublishAsync(message, stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // Poll timeout: go round the loop to notice a lost connection.
            }
        }

        private MqttApplicationMessage StatusMessage(byte[] payload) =>
            new MqttApplicationMessageBuilder()
                .WithTopic(_statusTopic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(true)
                .Build();
    }
}
