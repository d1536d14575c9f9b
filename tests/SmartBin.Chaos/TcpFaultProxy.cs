using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Chaos
{
    /// <summary>
    /// A small TCP proxy on a loopback port the harness controls: every accepted connection is paired with a new
    /// connection upstream and bytes are pumped both ways. <see cref="Cut"/> drops every connection and refuses new
    /// ones (accepted and closed at once: a network that is down) until <see cref="Restore"/>. <see cref="DelayMs"/>
    /// holds each chunk that long before forwarding it: a slow server, for the slow time-series disk.
    /// </summary>
    public sealed class TcpFaultProxy : IAsyncDisposable
    {
        private const int ChunkBytes = 16 * 1024;
        private readonly TcpListener _listener;
        private readonly string _upstreamHost;
        private readonly CancellationTokenSource _stop = new();
        private readonly HashSet<Pair> _pairs = new();
        private readonly Task _acceptLoop;
        private volatile bool _cut;
        private int _upstreamPort;

        /// <summary>Listens on a free loopback port and forwards to <paramref name="upstreamHost"/>:<paramref name="upstreamPort"/>.</summary>
        public TcpFaultProxy(string upstreamHost, int upstreamPort)
        {
            _upstreamHost = upstreamHost;
            _upstreamPort = upstreamPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start(backlog: 512);
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>The proxy's own port, to which clients connect.</summary>
        public int Port { get; }

        /// <summary>Latency added to every chunk forwarded in either direction, ms (0: none).</summary>
        public int DelayMs { get; set; }

        /// <summary>Connections accepted since start (refused ones during a cut included).</summary>
        public int Accepted => Volatile.Read(ref _accepted);

        /// <summary>Connections refused while cut.</summary>
        public int Refused => Volatile.Read(ref _refused);

        /// <summary>True while the network is cut.</summary>
        public bool IsCut => _cut;

        private int _accepted;
        private int _refused;

        /// <summary>Points the proxy at another upstream port (for connections made from now on).</summary>
        public void Retarget(int upstreamPort) => Volatile.Write(ref _upstreamPort, upstreamPort);

        /// <summary>Drops every open connection and refuses new ones until <see cref="Restore"/>.</summary>
        public void Cut()
        {
            _cut = true;
            Pair[] open;
            lock (_pairs)
            {
                open = new Pair[_pairs.Count];
                _pairs.CopyTo(open);
            }

            foreach (Pair pair in open)
            {
                pair.Close();
            }
        }

        /// <summary>Accepts connections again.</summary>
        public void Restore() => _cut = false;

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
            Cut();
            try
            {
                await _acceptLoop.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopping.
            }

            _stop.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _accepted);
                if (_cut)
                {
                    Interlocked.Increment(ref _refused);
                    client.Close(0); // RST: the connection attempt fails as it would on a dead network
                    continue;
                }

                _ = Task.Run(() => RelayAsync(client));
            }
        }

        private async Task RelayAsync(Socket client)
        {
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            var pair = new Pair(client, upstream);
            try
            {
                await upstream.ConnectAsync(_upstreamHost, Volatile.Read(ref _upstreamPort), _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                pair.Close();
                return;
            }

            lock (_pairs)
            {
                _pairs.Add(pair);
            }

            if (_cut)
            {
                pair.Close(); // a cut that came while we connected
            }

            await Task.WhenAll(PumpAsync(client, upstream, pair), PumpAsync(upstream, client, pair)).ConfigureAwait(false);
            lock (_pairs)
            {
                _pairs.Remove(pair);
            }
        }

        private async Task PumpAsync(Socket from, Socket to, Pair pair)
        {
            byte[] buffer = new byte[ChunkBytes];
            try
            {
                while (true)
                {
                    int read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    int delayMs = DelayMs;
                    if (delayMs > 0)
                    {
                        await Task.Delay(delayMs, _stop.Token).ConfigureAwait(false);
                    }

                    int sent = 0;
                    while (sent < read)
                    {
                        sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The other side or a cut closed the pair.
            }

            pair.Close();
        }

        private sealed class Pair
        {
            private readonly Socket _a;
            private readonly Socket _b;
            private int _closed;

            public Pair(Socket a, Socket b)
            {
                _a = a;
                _b = b;
            }

            public void Close()
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0)
                {
                    return;
                }

                // Linger 0 sends RST: both ends learn at once that the connection is gone, as after a network drop
                // that the routers report; a silent black hole would only be noticed at the keep-alive.
                _a.Close(0);
                _b.Close(0);
            }
        }
    }
}
