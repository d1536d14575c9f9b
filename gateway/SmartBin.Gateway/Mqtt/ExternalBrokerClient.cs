using System;
using System.Buffers;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// The gateway as an MQTT 5 client of an external broker (mosquitto, EMQX…). It keeps a persistent session (clean
/// start off, session expiry, stable client id) so QoS 1 messages published while the gateway is down wait at the
/// broker, subscribes (shared when configured) to every bin-to-gateway leaf, and acknowledges each message only when
/// ingest calls its <see cref="BinMessage.Completion"/> after the durable commit: a gateway killed in between gets
/// the message again. The bin id is the topic's bin level; this relies on the broker's ACL letting only that bin
/// publish there (see <see cref="MosquittoFiles"/>).
/// </summary>
public sealed partial class ExternalBrokerClient : IHostedService, IBinPublisher, IAsyncDisposable
{
    /// <summary>
    /// Unacknowledged messages the broker may have in flight to the gateway (MQTT 5 Receive Maximum). Manual acks
    /// wait for a commit, so this bounds what one ingest batch can hold; mosquitto otherwise allows only 20.
    /// </summary>
    public const ushort ReceiveMaximum = 1_000;

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private readonly MqttOptions options;
    private readonly IBinMessageSink sink;
    private readonly GatewayMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<ExternalBrokerClient> logger;
    private readonly IMqttClient client;
    private readonly CancellationTokenSource stopping = new();

    // Serialises acks with reconnects: an ack for a message of an earlier connection is never sent on a later one,
    // where its packet id could name a different message.
    private readonly SemaphoreSlim connectionGate = new(1, 1);
    private long connectionGeneration;
    private TaskCompletionSource disconnected = NewSignal();
    private Task? loop;

    /// <summary>Creates the client; nothing connects until <see cref="StartAsync"/>.</summary>
    public ExternalBrokerClient(GatewayOptions options, IBinMessageSink sink, GatewayMetrics metrics, TimeProvider time, ILogger<ExternalBrokerClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Mqtt;
        this.sink = sink;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        metrics.SetConnected(false);
    }

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => client.IsConnected;

    /// <summary>The topic filters subscribed to: one per bin-to-gateway leaf, shared when a group is configured.</summary>
    public string[] TopicFilters()
    {
        var prefix = options.External.SharedGroup.Length > 0 ? "$share/" + options.External.SharedGroup + "/" : "";
        return BinTopics.BinPublishLeaves.Select(leaf => prefix + options.TopicRoot + "/+/" + leaf).ToArray();
    }

    /// <summary>Starts the connect/reconnect loop and returns at once: an unreachable broker never blocks the host.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (loop is not null)
        {
            throw new InvalidOperationException("the external broker client is already started");
        }
        loop = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop and disconnects cleanly; the broker keeps the session and every unacknowledged message.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (loop is null)
        {
            return;
        }
        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        loop = null;
        // A new generation first (under the gate, so an ack already being sent finishes and later ones are dropped),
        // then the disconnect outside it: MQTTnet's disconnect waits for the receive loop, and a message handler in
        // that loop may be waiting for the gate to ack (a deadlock seen once in the suite).
        await connectionGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref connectionGeneration);
        }
        finally
        {
            connectionGate.Release();
        }
        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
        }
        metrics.SetConnected(false);
        logger.LogInformation("MQTT client disconnected from {Host}:{Port} (stopping)", options.External.Host, options.External.Port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        client.Dispose();
        stopping.Dispose();
        connectionGate.Dispose();
    }

    /// <summary>
    /// Publishes (QoS 1) to a bin's <c>ack</c> or <c>cmd</c>. Best effort: while the broker is unreachable the message is
    /// counted (<c>smartbin_mqtt_publish_dropped_total</c>) and dropped; the bin's resend then gets a <c>duplicate</c> ack.
    /// </summary>
    public async ValueTask PublishToBinAsync(string binId, string leaf, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!BinTopics.IsBinId(binId))
        {
            throw new ArgumentException($"'{binId}' is not a bin id", nameof(binId));
        }
        if (!BinTopics.IsBinSubscribeLeaf(leaf))
        {
            throw new ArgumentException($"'{leaf}' is not a gateway-to-bin leaf", nameof(leaf));
        }
        if (!client.IsConnected)
        {
            metrics.CountPublishDropped("not-connected");
            return;
        }
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(BinTopics.Topic(options.TopicRoot, binId, leaf))
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                metrics.CountPublishDropped("refused");
                logger.LogWarning("Broker refused a publish to {BinId}/{Leaf}: {Reason}", binId, leaf, result.ReasonCode);
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            metrics.CountPublishDropped("send-failed");
            logger.LogDebug(e, "Publish to {BinId}/{Leaf} failed", binId, leaf);
        }
    }

    private MqttClientOptions ClientOptions()
    {
        var x = options.External;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(x.Host, x.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(x.ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)x.SessionExpiryS)
            .WithReceiveMaximum(ReceiveMaximum)
            .WithKeepAlivePeriod(KeepAlive);
        if (x.Username.Length > 0)
        {
            builder = builder.WithCredentials(x.Username, x.Password);
        }
        if (x.UseTls)
        {
            builder = builder.WithTlsOptions(t => t.UseTls().WithTargetHost(x.Host));
        }
        return builder.Build();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
