using System.Net;
using System.Net.Sockets;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>Finds a loopback TCP port nobody listens on, so fixtures never collide with each other or the host.</summary>
    public static class FreeTcpPort
    {
        public static int Next()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
