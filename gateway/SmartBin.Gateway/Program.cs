using System;
using System.Threading.Tasks;

namespace SmartBin.Gateway;

/// <summary>Entry point of <c>SmartBin.Gateway</c>.</summary>
public static class Program
{
    /// <summary>Runs the gateway until Ctrl-C / SIGTERM. Exit code 2 on bad configuration.</summary>
    public static async Task<int> Main(string[] args)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = GatewayApp.Build(args);
        }
        catch (GatewayConfigurationException e)
        {
            await Console.Error.WriteLineAsync("smartbin-gateway: " + e.Message);
            return 2;
        }
        await app.RunAsync();
        return 0;
    }
}
