using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// The embedded broker's TCP (and TLS) listener in place of MQTTnet's own: the same sockets, streams and channel
/// adapter, with every connection's bytes passed through <see cref="PacketSizeGuardChannel"/>, so no client (logged in
/// or not) can make the broker allocate more than the packet limit, and with a bound on the TLS handshake.
/// </summary>
internal sealed class BoundedTcpServerAdapter(int packetBytesMax, Action<EndPoint?> onOversized, ILogger logger) : IMqttServerAdapter
{
    /// <summary>Longest a client may take to finish the TLS handshake before its socket is closed.</summary>
    internal static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);

    // Pending connections the kernel queues per listener; a flood of connects must not bounce honest bins at SYN.
    private const int ConnectionBacklog = 1_024;

    private readonly List<Socket> listeners = [];
    private CancellationTokenSource? stopping;
    private MqttServerOptions? serverOptions;
    private IMqttNetLogger mqttLog = new MqttNetNullLogger();

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        if (stopping is not null)
        {
            throw new InvalidOperationException("the listener is already started");
        }
        serverOptions = options;
        mqttLog = mqttLogger;
        stopping = new CancellationTokenSource();
        try
        {
            if (options.DefaultEndpointOptions.IsEnabled)
            {
                Listen(options.DefaultEndpointOptions, null);
            }
            if (options.TlsEndpointOptions.IsEnabled)
            {
                var certificate = options.TlsEndpointOptions.CertificateProvider?.GetCertificate()
                                  ?? throw new ArgumentException("TLS certificate is not set.");
                Listen(options.TlsEndpointOptions, certificate);
            }
        }
        catch
        {
            Cleanup();
            throw;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Cleanup();
        return Task.CompletedTask;
    }

    public void Dispose() => Cleanup();

    private void Listen(MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? certificate)
    {
        // EmbeddedBroker sets exactly one of the two addresses (the configured one); the other is None.
        var address = !endpoint.BoundInterNetworkAddress.Equals(IPAddress.None)
            ? endpoint.BoundInterNetworkAddress
            : endpoint.BoundInterNetworkV6Address;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = endpoint.NoDelay };
        try
        {
            socket.Bind(new IPEndPoint(address, endpoint.Port));
            socket.Listen(ConnectionBacklog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        // Port 0 = any free port: report the real one back, as MQTTnet's listener does.
        endpoint.Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        listeners.Add(socket);
        var token = stopping!.Token;
        _ = Task.Run(() => AcceptLoopAsync(socket, endpoint, certificate, token), token);
    }

    private async Task AcceptLoopAsync(Socket listener, MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? certificate, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client that reset before accept, or descriptors exhausted: keep serving the others.
                logger.LogDebug("MQTT accept failed: {Error}", e.SocketErrorCode);
                continue;
            }
            _ = Task.Run(() => HandleAsync(client, endpoint, certificate, token), CancellationToken.None);
        }
    }

    private async Task HandleAsync(Socket client, MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? certificate, CancellationToken token)
    {
        Stream? stream = null;
        var remote = client.RemoteEndPoint;
        try
        {
            client.NoDelay = endpoint.NoDelay;
            client.LingerState = endpoint.LingerState;
            stream = new NetworkStream(client, ownsSocket: true);
            if (certificate is not null)
            {
                stream = await AuthenticateAsync(stream, certificate, token).ConfigureAwait(false);
            }
            var handler = ClientHandler;
            if (handler is null)
            {
                return;
            }
            var tcp = new MqttTcpChannel(stream, client.LocalEndPoint, remote, null);
            var guarded = new PacketSizeGuardChannel(tcp, packetBytesMax, () => onOversized(remote));
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(serverOptions!.WriterBufferSize, serverOptions.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(guarded, formatter, mqttLog);
            adapter.AllowPacketFragmentation = endpoint.AllowPacketFragmentation;
            await handler(adapter).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("MQTT connection from {Endpoint} ended: {Error}", remote, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "MQTT connection from {Endpoint} failed", remote);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            client.Dispose();
        }
    }

    private static async Task<Stream> AuthenticateAsync(Stream stream, X509Certificate2 certificate, CancellationToken token)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(TlsHandshakeTimeout);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = false,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
        }, deadline.Token).ConfigureAwait(false);
        return tls;
    }

    private void Cleanup()
    {
        stopping?.Cancel();
        stopping?.Dispose();
        stopping = null;
        foreach (var socket in listeners)
        {
            socket.Dispose();
        }
        listeners.Clear();
    }
}
