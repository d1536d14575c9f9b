using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// A real mosquitto broker (Debian's) on a free loopback port, with its own config and no persistence,
    /// started once per test class and killed afterwards.
    /// </summary>
    public sealed class MosquittoFixture : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
        private readonly ExternalProcess _process;

        public MosquittoFixture()
        {
            string binary = ServerBinaries.Require("mosquitto", "mosquitto");
            Directory = System.IO.Directory.CreateTempSubdirectory("smartbin-mosquitto-").FullName;
            Port = FreeTcpPort.Next();
            string configPath = Path.Combine(Directory, "mosquitto.conf");
            File.WriteAllText(configPath, string.Join('\n',
                "per_listener_settings false",
                $"listener {Port} 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "log_type notice",
                string.Empty));
            _process = ExternalProcess.Start(binary, new[] { "-c", configPath });
            WaitUntilListening();
        }

        public string Host => "127.0.0.1";

        public int Port { get; }

        public string Directory { get; }

        public string Log => _process.Output;

        public void Dispose()
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        private void WaitUntilListening()
        {
            DateTime deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException("mosquitto exited at start-up:\n" + _process.Output);
                }

                try
                {
                    using var client = new TcpClient();
                    client.Connect(Host, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            throw new TimeoutException($"mosquitto did not listen on {Port} within {StartTimeout}:\n{_process.Output}");
        }
    }
}
