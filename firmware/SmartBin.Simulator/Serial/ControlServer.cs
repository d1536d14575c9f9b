using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Simulator.Serial
{
    /// <summary>One control command from a test, answered by the control loop.</summary>
    internal sealed record ControlRequest(string Line, TaskCompletionSource<string> Reply);

    /// <summary>
    /// The simulator's control channel, which the real device does not have: a loopback TCP port taking one command
    /// per line (<see cref="ControlCommands"/>) and answering one line each, so tests and demos can put weight on the
    /// scale, tap cards, reboot the bin or pull its cable while a tool talks to the console.
    /// </summary>
    internal sealed class ControlServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly ConcurrentQueue<ControlRequest> _requests = new();
        private readonly CancellationTokenSource _stop = new();

        public ControlServer(int port, Action<string> log)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            log($"control: listening on 127.0.0.1:{Port} ({ControlCommands.Usage})");
            _ = Task.Run(AcceptLoopAsync);
        }

        public int Port { get; }

        public bool TryTake(out ControlRequest? request) => _requests.TryDequeue(out request);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    using var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
                    string? line;
                    while ((line = await reader.ReadLineAsync(_stop.Token)) is not null)
                    {
                        var request = new ControlRequest(line.Trim(), new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
                        _requests.Enqueue(request);
                        await writer.WriteLineAsync(await request.Reply.Task);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    // The test hung up.
                }
            }
        }
    }
}
