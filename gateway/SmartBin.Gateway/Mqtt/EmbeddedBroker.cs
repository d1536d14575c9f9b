using System;
using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// The gateway's own MQTT broker (MQTTnet server), the default mode. It authenticates every connection (client id =
/// user name = bin id, secret checked against <see cref="IBinCredentials"/>; monitor accounts from configuration),
/// enforces the protocol's topic rules in its interceptors, hands every accepted bin publish, the broker-published
/// will included, to <see cref="IBinMessageSink"/> before the bin gets its PUBACK (awaiting the sink slows only that
/// bin), reports connections to every <see cref="IBinObserver"/>, and sends acks and commands to bins.
/// </summary>
public sealed partial class EmbeddedBroker : IHostedService, IBinPublisher, IAsyncDisposable
{
    /// <summary>Most payload bytes of one message handed to ingest (the protocol allows 1024).</summary>
    internal const int QueuedPayloadBytesMax = 4 * Protocol.ProtocolLimits.PayloadBytesMax;

    /// <summary>Most remote addresses the login throttle tracks at once (bounded memory under a spoofed-source flood).</summary>
    internal const int LoginThrottleAddressesMax = 10_000;

    /// <summary>Client id and user name the gateway's injected messages carry.</summary>
    public const string GatewaySenderId = "smartbin-gateway";

    private static readonly object IdentityKey = new();

    private readonly EmbeddedBrokerOptions options;
    private readonly IBinMessageSink sink;
    private readonly IBinObserver[] observers;
    private readonly GatewayMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<EmbeddedBroker> logger;
    private readonly BrokerPolicy policy;
    private readonly BrokerAuthenticator authenticator;
    private readonly LoginThrottle throttle;
    private readonly IDictionary gatewaySessionItems = new ConcurrentDictionary<object, object>();
    private readonly CancellationTokenSource stopping = new();
    private MqttServer? server;
    private MqttServerOptions? serverOptions;
    private int clientsConnected;

    /// <summary>Creates the broker; nothing listens until <see cref="StartAsync"/>.</summary>
    public EmbeddedBroker(
        GatewayOptions options,
        IBinCredentials credentials,
        IBinMessageSink sink,
        IEnumerable<IBinObserver> observers,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<EmbeddedBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Mqtt.Embedded;
        this.sink = sink;
        this.observers = observers.ToArray();
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        policy = new BrokerPolicy(options.Mqtt.TopicRoot);
        authenticator = new BrokerAuthenticator(credentials, this.options.Monitors, time);
        throttle = new LoginThrottle(time, this.options.LoginFailureBurst, this.options.LoginFailuresPerMinute, LoginThrottleAddressesMax);
        gatewaySessionItems[IdentityKey] = new BrokerIdentity(BrokerRole.Gateway, GatewaySenderId);
    }

    /// <summary>The plain TCP port actually listened on (differs from the option when it was 0); 0 when plain is off or not started.</summary>
    public int PlainPort { get; private set; }

    /// <summary>The TLS port actually listened on; 0 when TLS is off or not started.</summary>
    public int TlsPort { get; private set; }

    /// <summary>PBKDF2 secret verifications run so far (connects not answered from the short-lived cache).</summary>
    public long SecretVerifications => authenticator.SecretVerifications;

    /// <summary>
    /// Starts listening. Throws <see cref="InvalidOperationException"/> naming the port when a port is taken, so the
    /// host fails to start instead of running without a broker.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            throw new InvalidOperationException("the embedded broker is already started");
        }
        var address = IPAddress.Parse(options.BindAddress);
        serverOptions = BuildServerOptions(address);
        // Our own listener instead of MQTTnet's: the same TCP/TLS handling plus the packet size limit (MaxPacketBytes),
        // which MQTTnet 5.2's server lacks (it allocates whatever Remaining Length a client declares).
        var listener = new BoundedTcpServerAdapter(options.MaxPacketBytes, OnOversizedPacket, logger);
        var created = new MqttServerFactory().CreateMqttServer(serverOptions, [listener], new MqttNetLogBridge(logger));
        created.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        created.InterceptingPublishAsync += OnInterceptingPublishAsync;
        created.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        created.ClientConnectedAsync += OnClientConnectedAsync;
        created.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        try
        {
            await created.StartAsync().ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            created.Dispose();
            throw new InvalidOperationException(
                $"MQTT broker cannot listen on {address}:{FindUnavailablePort(address)} ({e.SocketErrorCode}: {e.Message}); " +
                "free the port or change SmartBin:Mqtt:Embedded:Port / TlsPort", e);
        }
        server = created;
        PlainPort = options.PlainEnabled ? serverOptions.DefaultEndpointOptions.Port : 0;
        TlsPort = serverOptions.TlsEndpointOptions.IsEnabled ? serverOptions.TlsEndpointOptions.Port : 0;
        if (PlainPort > 0)
        {
            logger.LogInformation("MQTT broker listening on {Address}:{Port} (plain)", address, PlainPort);
        }
        if (TlsPort > 0)
        {
            logger.LogInformation("MQTT broker listening on {Address}:{Port} (TLS)", address, TlsPort);
        }
    }

    /// <summary>Stops accepting and closes every connection; a sink call still waiting is cancelled (its bin resends).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = server;
        if (running is null)
        {
            return;
        }
        server = null;
        await stopping.CancelAsync().ConfigureAwait(false);
        await running.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        running.Dispose();
        logger.LogInformation("MQTT broker stopped");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping.Dispose();
    }

    /// <summary>
    /// Delivers <paramref name="payload"/> (QoS 1) to a bin's <c>ack</c> or <c>cmd</c>. The message reaches the bin if it
    /// is subscribed now; bins use clean sessions, so a bin that is offline gets nothing and resends its message later.
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
        var running = server ?? throw new InvalidOperationException("the embedded broker is not started");
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(BinTopics.Topic(policy.Root, binId, leaf))
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var injected = new InjectedMqttApplicationMessage(message)
        {
            SenderClientId = GatewaySenderId,
            SenderUserName = GatewaySenderId,
            CustomSessionItems = gatewaySessionItems,
        };
        await running.InjectApplicationMessage(injected, cancellationToken).ConfigureAwait(false);
    }

    private MqttServerOptions BuildServerOptions(IPAddress address)
    {
        var builder = new MqttServerOptionsBuilder();
        builder = options.PlainEnabled
            ? builder.WithDefaultEndpoint().WithDefaultEndpointPort(options.Port)
            : builder.WithoutDefaultEndpoint();
        if (options.CertificatePath.Length > 0)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
            builder = builder.WithEncryptedEndpoint().WithEncryptedEndpointPort(options.TlsPort).WithEncryptionCertificate(certificate);
        }
        var built = builder.Build();
        Bind(built.DefaultEndpointOptions, address);
        Bind(built.TlsEndpointOptions, address);
        return built;
    }

    // MQTTnet binds IPv4 "any" and IPv6 "any" by default; listen on exactly the configured address instead.
    private static void Bind(MqttServerTcpEndpointBaseOptions endpoint, IPAddress address)
    {
        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        endpoint.BoundInterNetworkAddress = v4 ? address : IPAddress.None;
        endpoint.BoundInterNetworkV6Address = v4 ? IPAddress.None : address;
    }

    // Only used to word the start-up error: which of the configured ports cannot be bound.
    private string FindUnavailablePort(IPAddress address)
    {
        var ports = new List<int>();
        if (options.PlainEnabled)
        {
            ports.Add(options.Port);
        }
        if (options.CertificatePath.Length > 0)
        {
            ports.Add(options.TlsPort);
        }
        foreach (var port in ports.Where(p => p > 0))
        {
            try
            {
                var probe = new TcpListener(address, port);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException)
            {
                return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return string.Join("/", ports);
    }

    private static BrokerIdentity? IdentityOf(IDictionary? sessionItems) =>
        sessionItems is not null && sessionItems.Contains(IdentityKey) ? sessionItems[IdentityKey] as BrokerIdentity : null;

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        // Read before the registry: a revocation that lands during the check is then seen at ClientConnected.
        var revocationAtCheck = RevocationsOf(e.ClientId);
        // A throttled address gets no PBKDF2 run: a flood of wrong secrets costs a table lookup each (LoginThrottle).
        var throttled = throttle.IsThrottled(e.RemoteEndPoint);
        var decision = throttled
            ? authenticator.CheckCachedOnly(e.ClientId, e.UserName, e.Password)
            : authenticator.Check(e.ClientId, e.UserName, e.Password);
        if (decision.Identity is null)
        {
            e.ReasonCode = decision.Code;
            metrics.CountRefused(decision.Reason);
            if (!throttled && decision.Code != MqttConnectReasonCode.ServerUnavailable)
            {
                throttle.Failure(e.RemoteEndPoint);
            }
            // Debug, and the names cut short and escaped: anyone can try to log in, and every try is already counted
            // (smartbin_mqtt_connect_refused_total); a flood must not fill the disk or forge log lines.
            logger.LogDebug("MQTT connection refused: client '{ClientId}' user '{User}' from {Endpoint}: {Reason}",
                Printable(e.ClientId), Printable(e.UserName), e.RemoteEndPoint, decision.Reason);
            return Task.CompletedTask;
        }
        e.SessionItems[IdentityKey] = decision.Identity;
        e.SessionItems[RevocationKey] = new RevocationStamp(revocationAtCheck);
        return Task.CompletedTask;
    }

    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        var who = IdentityOf(e.SessionItems);
        if (who is { Role: BrokerRole.Gateway })
        {
            return;
        }
        var topic = e.ApplicationMessage.Topic;
        if (who is null || !policy.MayPublish(who, topic, out var leaf))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            metrics.CountAclDenied("publish");
            logger.LogDebug("MQTT publish refused: '{ClientId}' to '{Topic}'", e.ClientId, topic);
            return;
        }
        if (leaf == BinTopics.StatusLeaf)
        {
            // Status is the retained birth/will: keep it retained even if a client forgot the flag.
            e.ApplicationMessage.Retain = true;
        }
        // Payloads over 1 KiB are refused by ingest as too-large anyway; queue at most 4 KiB of one (enough to read its
        // seq and answer it) so a faulty or hostile bin cannot fill the ingest queue with megabytes per message.
        var payload = e.ApplicationMessage.Payload;
        var kept = payload.Length > QueuedPayloadBytesMax ? payload.Slice(0, QueuedPayloadBytesMax) : payload;
        var message = new BinMessage(who.Name, leaf, kept.ToArray(), time.GetUtcNow(), NoCompletion.Instance);
        // e.CancellationToken is the connection's (None for a will); stopping ends a wait at shut-down. Either way the
        // exception closes the connection without a PUBACK, so the bin resends.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(e.CancellationToken, stopping.Token);
        await sink.AcceptAsync(message, linked.Token).ConfigureAwait(false);
        metrics.CountReceived(leaf);
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var who = IdentityOf(e.SessionItems);
        var filter = e.TopicFilter.Topic;
        if (who is null || !policy.MaySubscribe(who, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            metrics.CountAclDenied("subscribe");
            logger.LogDebug("MQTT subscription refused: '{ClientId}' to '{Filter}'", e.ClientId, filter);
        }
        return Task.CompletedTask;
    }

    private void OnOversizedPacket(EndPoint? remote)
    {
        metrics.CountOversizedPacket();
        logger.LogDebug("MQTT connection from {Endpoint} closed: packet over {Limit} bytes", remote, options.MaxPacketBytes);
    }

    /// <summary>At most 40 characters of a client-chosen name, control characters escaped, for a log line.</summary>
    internal static string Printable(string? name)
    {
        const int keptMax = 40;
        var text = name ?? "";
        var cut = text.Length > keptMax ? text[..keptMax] + "…" : text;
        var printable = new System.Text.StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            printable.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return printable.ToString();
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        metrics.SetClientsConnected(Interlocked.Increment(ref clientsConnected));
        var who = IdentityOf(e.SessionItems);
        logger.LogInformation("MQTT {Role} '{ClientId}' connected from {Endpoint}", who?.Role, e.ClientId, e.RemoteEndPoint);
        if (who is { Role: BrokerRole.Bin })
        {
            NotifyConnection(who.Name, connected: true);
            CloseIfRevokedDuringConnect(e.SessionItems, who.Name);
        }
        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        metrics.SetClientsConnected(Interlocked.Decrement(ref clientsConnected));
        var who = IdentityOf(e.SessionItems);
        logger.LogInformation("MQTT {Role} '{ClientId}' disconnected ({Type})", who?.Role, e.ClientId, e.DisconnectType);
        if (who is { Role: BrokerRole.Bin })
        {
            NotifyConnection(who.Name, connected: false);
        }
        return Task.CompletedTask;
    }

    private void NotifyConnection(string binId, bool connected)
    {
        var at = time.GetUtcNow();
        foreach (var observer in observers)
        {
            try
            {
                observer.OnConnection(binId, connected, at);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // One faulty observer must not keep the others (or the broker) from hearing about connections.
                logger.LogError(ex, "IBinObserver {Observer} failed on a connection change of {BinId}", observer.GetType().Name, binId);
            }
        }
    }
}
