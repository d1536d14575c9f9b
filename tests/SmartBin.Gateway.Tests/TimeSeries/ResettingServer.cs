using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.Tests.TimeSeries;

/// <summary>
/// A loopback TCP server that resets (SO_LINGER 0) every connection it accepts, as a server killed while its clients
/// connect does, and a client handler whose connect waits until that reset has arrived before handing the socket to
/// HttpClient. HttpClient then reads the peer's address of a socket that is no longer connected and throws a bare
/// <see cref="SocketException"/> (107, ENOTCONN) that it does not wrap in <see cref="HttpRequestException"/>: the
/// failure that stopped the gateway when InfluxDB was killed under load (docs/reliability.md). Deterministic: the
/// race between the reset and HttpClient's read of the address is decided before HttpClient gets the socket.
/// </summary>
internal sealed class ResettingServer : IDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource stop = new();

    public ResettingServer()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Connections accepted (and reset) so far.</summary>
    public int Resets => Volatile.Read(ref resets);

    private int resets;

    /// <summary>A real sockets handler whose connections are already reset when HttpClient first touches them.</summary>
    public static SocketsHttpHandler ResetBeforeUseHandler() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            // As HttpClient's own connect does it: by DnsEndPoint, so the socket does not cache the peer's address.
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            // The server resets a connection when it gets this byte, so the reset cannot race the connect itself.
            await socket.SendAsync(Knock, SocketFlags.None, cancellationToken);
            // Readable with nothing to read = the peer's reset (or close) has arrived.
            while (!socket.Poll(TimeSpan.FromMilliseconds(10), SelectMode.SelectRead))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    private static readonly byte[] Knock = [0x4B];

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ResetAfterKnockAsync(client));
        }
    }

    private async Task ResetAfterKnockAsync(Socket client)
    {
        try
        {
            var buffer = new byte[1];
            await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping, or the client went first.
        }
        Interlocked.Increment(ref resets);
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }
}
