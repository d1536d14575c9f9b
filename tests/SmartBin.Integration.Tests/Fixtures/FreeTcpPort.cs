namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// Finds a loopback TCP port nobody listens on, so fixtures never collide with each other or the host: test classes
    /// run in parallel, so a port is handed out at most once per test run, from the same set the fault schedule's
    /// servers use (<see cref="SmartBin.Chaos.FreeLoopbackPort"/>).
    /// </summary>
    public static class FreeTcpPort
    {
        public static int Next() => SmartBin.Chaos.FreeLoopbackPort.Next();
    }
}
