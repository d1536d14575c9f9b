using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.DependencyInjection;

using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Redemption;

/// <summary>
/// The <c>partner</c> verb: <c>SmartBin.Gateway partner add --id ID --kind shop|mall|citizen-card --name NAME
/// [--community ID]</c> prints the new partner's API key once on stdout (only its hash is kept);
/// <c>SmartBin.Gateway partner disable --id ID</c> stops a key at once. Builds the host's services only.
/// </summary>
internal static class PartnerCommand
{
    public const string Verb = "partner";

    private static readonly string[] Flags = ["--id", "--kind", "--name", "--community"];

    /// <summary>Runs the verb; exit code 0 done, 2 usage or configuration error, 1 refused.</summary>
    public static int Run(string[] args, Func<string[], IServiceProvider> buildServices, TextWriter stdout, TextWriter stderr)
    {
        var action = args.Length > 0 ? args[0] : "";
        var problem = "say add or disable";
        var values = new Dictionary<string, string>();
        var hostArgs = Array.Empty<string>();
        if (action is not ("add" or "disable") || !VerbArguments.TrySplit(args[1..], Flags, out values, out hostArgs, out problem) ||
            (problem = Missing(action, values)).Length > 0)
        {
            stderr.WriteLine($"smartbin-gateway {Verb}: {problem}");
            stderr.WriteLine($"usage: SmartBin.Gateway {Verb} add --id ID --kind shop|mall|citizen-card --name NAME [--community ID]");
            stderr.WriteLine($"       SmartBin.Gateway {Verb} disable --id ID");
            return 2;
        }
        var services = VerbArguments.BuildServices(Verb, buildServices, hostArgs, stderr, out var exitCode);
        if (services is null)
        {
            return exitCode;
        }
        var directory = services.GetRequiredService<PartnerDirectory>();
        if (action == "disable")
        {
            var disabled = directory.Disable(values["--id"]);
            (disabled ? stdout : stderr).WriteLine(disabled ? $"disabled partner {values["--id"]}" : $"smartbin-gateway {Verb}: no active partner '{values["--id"]}'");
            return disabled ? 0 : 1;
        }
        var added = directory.Add(values["--id"], values["--kind"], values["--name"], values.GetValueOrDefault("--community"));
        if (added.Partner is null)
        {
            stderr.WriteLine($"smartbin-gateway {Verb}: {added.Error}");
            return 1;
        }
        // The key alone on stdout, so a script can capture it; it cannot be shown again.
        stdout.WriteLine(added.ApiKey);
        stderr.WriteLine($"partner {added.Partner.PartnerId} ({added.Partner.Kind}, {added.Partner.CommunityId ?? "all communities"}) added; store the key above now, it is not kept.");
        return 0;
    }

    private static string Missing(string action, Dictionary<string, string> values)
    {
        var required = action == "add" ? new[] { "--id", "--kind", "--name" } : ["--id"];
        foreach (var flag in required)
        {
            if (!values.ContainsKey(flag))
            {
                return $"{flag} is required";
            }
        }
        return "";
    }
}
