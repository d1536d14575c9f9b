using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace SmartBin.Chaos
{
    /// <summary>
    /// A loopback TCP port nobody listens on, handed out at most once per process: between this call and a server's
    /// bind the OS could offer the same free port again (then one server fails to bind and its clients silently talk to
    /// the other). One set for the whole process, so the integration fixtures and the fault schedule, which run in the
    /// same test process, never get the same port either.
    /// </summary>
    public static class FreeLoopbackPort
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
