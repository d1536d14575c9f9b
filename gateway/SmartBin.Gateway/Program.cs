using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Staff;

namespace SmartBin.Gateway;

/// <summary>Entry point of <c>SmartBin.Gateway</c>.</summary>
public static class Program
{
    /// <summary>
    /// Runs the gateway until Ctrl-C / SIGTERM. Exit code 2 on bad configuration. The verb <c>mosquitto-files</c>
    /// writes an external mosquitto's password and ACL files instead (see Mqtt/README.md); the verb <c>operator</c> adds, lists and
    /// disables admin API operators (see Admin/README.md); <c>partner add|disable</c> manages
    /// redemption partners and prints a new partner's API key once (docs/redemption.md); <c>staff add|list|disable</c>
    /// manages dashboard accounts, reading a new password from stdin (docs/gateway.md).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == MosquittoFilesCommand.Verb)
        {
            // Builds the services only: no hosted service (broker, web) is started.
            return MosquittoFilesCommand.Run(args.Skip(1).ToArray(), hostArgs => GatewayApp.Build(hostArgs).Services);
        }

        if (args.Length > 0 && args[0] == OperatorCommand.Verb)
        {
            return OperatorCommand.Run(args.Skip(1).ToArray(), hostArgs => GatewayApp.Build(hostArgs).Services, Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == StaffCommand.Verb)
        {
            return StaffCommand.Run(args.Skip(1).ToArray(), hostArgs => GatewayApp.Build(hostArgs).Services, Console.In, Console.Out, Console.Error);
        }

        if (args.Length > 0 && args[0] == PartnerCommand.Verb)
        {
            return PartnerCommand.Run(args.Skip(1).ToArray(), hostArgs => GatewayApp.Build(hostArgs).Services, Console.Out, Console.Error);
        }

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
        // Taken before the run: the host disposes its services when it stops. Singletons: the very instances it runs.
        var hosted = app.Services.GetServices<IHostedService>().ToList();
        await app.RunAsync();
        return ExitCode(hosted, Console.Error);
    }

    /// <summary>
    /// 0 after a requested stop; 1 when the host stopped because a background service failed (the host's
    /// <c>StopHost</c> behaviour ends the process normally, and a supervisor such as systemd with
    /// <c>Restart=on-failure</c> must see a failure to start the gateway again). Names the failed services on
    /// <paramref name="error"/>.
    /// </summary>
    internal static int ExitCode(IEnumerable<IHostedService> hosted, System.IO.TextWriter error)
    {
        var failed = hosted
            .OfType<BackgroundService>()
            .Where(s => s.ExecuteTask is { IsFaulted: true })
            .ToList();
        foreach (var service in failed)
        {
            error.WriteLine($"smartbin-gateway: stopped because {service.GetType().Name} failed: {service.ExecuteTask!.Exception!.GetBaseException().Message}");
        }
        return failed.Count > 0 ? 1 : 0;
    }
}
