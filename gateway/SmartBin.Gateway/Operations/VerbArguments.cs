using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Operations;

/// <summary>
/// Splits the arguments of a gateway verb (<c>operator</c>, <c>partner</c>, <c>mosquitto-files</c>, …) into the verb's
/// own <c>--flag value</c> pairs and the rest, which go to the host's configuration (<c>--SmartBin:…=…</c>), so a verb
/// uses the same configuration and data folder as the running gateway.
/// </summary>
internal static class VerbArguments
{
    /// <summary>
    /// Takes each of <paramref name="flags"/> with its value out of <paramref name="args"/>; false with
    /// <paramref name="problem"/> naming the flag when one has no value.
    /// </summary>
    public static bool TrySplit(
        string[] args, IReadOnlyCollection<string> flags, out Dictionary<string, string> values, out string[] hostArgs, out string problem)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (!Contains(flags, args[i]))
            {
                rest.Add(args[i]);
                continue;
            }
            if (i + 1 >= args.Length || args[i + 1].Length == 0)
            {
                problem = $"{args[i]} needs a value";
                break;
            }
            values[args[i]] = args[++i];
        }
        hostArgs = rest.ToArray();
        return problem.Length == 0;
    }

    private static bool Contains(IReadOnlyCollection<string> flags, string arg)
    {
        foreach (var flag in flags)
        {
            if (string.Equals(flag, arg, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Builds the gateway's services for a verb (configuration checked, database opened, nothing started); null with
    /// <paramref name="exitCode"/> 2 (bad configuration) or 1 (database unavailable) after saying why on
    /// <paramref name="stderr"/>.
    /// </summary>
    public static IServiceProvider? BuildServices(
        string verb, Func<string[], IServiceProvider> build, string[] hostArgs, TextWriter stderr, out int exitCode)
    {
        exitCode = 0;
        try
        {
            return build(hostArgs);
        }
        catch (GatewayConfigurationException e)
        {
            stderr.WriteLine("smartbin-gateway: " + e.Message);
            exitCode = 2;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"smartbin-gateway {verb}: cannot open the gateway database: {e.Message}");
            exitCode = 1;
        }
        return null;
    }
}
