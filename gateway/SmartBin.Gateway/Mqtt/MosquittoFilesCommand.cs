using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// The <c>mosquitto-files</c> verb: <c>SmartBin.Gateway mosquitto-files --password-file PATH --acl-file PATH
/// --gateway-user NAME --gateway-password SECRET [host configuration args]</c>. Builds the host's services (no broker,
/// no web server), writes both files from the registry and exits.
/// </summary>
internal static class MosquittoFilesCommand
{
    public const string Verb = "mosquitto-files";

    private static readonly string[] Flags = ["--password-file", "--acl-file", "--gateway-user", "--gateway-password"];

    /// <summary>Runs the verb; returns the process exit code (0 written, 2 usage or configuration error, 1 failure).</summary>
    public static int Run(string[] args, Func<string[], IServiceProvider> buildServices)
    {
        if (!TryParse(args, out var values, out var hostArgs, out var problem))
        {
            Console.Error.WriteLine($"smartbin-gateway {Verb}: {problem}");
            Console.Error.WriteLine($"usage: SmartBin.Gateway {Verb} --password-file PATH --acl-file PATH --gateway-user NAME --gateway-password SECRET");
            return 2;
        }
        IServiceProvider services;
        try
        {
            services = buildServices(hostArgs);
        }
        catch (GatewayConfigurationException e)
        {
            Console.Error.WriteLine("smartbin-gateway: " + e.Message);
            return 2;
        }
        try
        {
            var credentials = services.GetService<IBinCredentials>()
                ?? throw new InvalidOperationException("no bin registry (IBinCredentials) is registered");
            var options = services.GetRequiredService<GatewayOptions>();
            MosquittoFiles.Write(credentials, options.Mqtt.TopicRoot, values["--password-file"], values["--acl-file"],
                values["--gateway-user"], values["--gateway-password"]);
            Console.WriteLine($"wrote {credentials.All().Count} bins to {values["--password-file"]} and {values["--acl-file"]}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"smartbin-gateway {Verb}: {e.Message}");
            return 1;
        }
    }

    private static bool TryParse(string[] args, out Dictionary<string, string> values, out string[] hostArgs, out string problem)
    {
        if (!VerbArguments.TrySplit(args, Flags, out values, out hostArgs, out problem))
        {
            return false;
        }
        foreach (var flag in Flags)
        {
            if (problem.Length == 0 && !values.ContainsKey(flag))
            {
                problem = $"{flag} is required";
            }
        }
        return problem.Length == 0;
    }
}
