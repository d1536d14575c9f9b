using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// Finds a loopback TCP port nobody listens on, so fixtures never collide with each other or the host. A port is
    /// handed out at most once per test run: test classes run in parallel, and between this call and the server's bind
    /// the OS could otherwise offer the same free port to another fixture (then one server fails to bind and its
    /// clients silently talk to the other).
    /// </summary>
    public static class FreeTcpPort
    {
        private static readonly HashSet<int> HandedOut = new();

        public static int Next()
        {
            lock (HandedOut)
            {
                while (true)
                {
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    listener.Stop();
                    if (HandedOut.Add(port))
                    {
                        return port;
                    }
                }
            }
        }
    }
}
