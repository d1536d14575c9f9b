using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Storage;

using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Admin;

/// <summary>
/// The <c>operator</c> verb: <c>SmartBin.Gateway operator add --name N --role admin|staff</c> (prints the new key,
/// once, as the only line on stdout), <c>operator list</c>, <c>operator disable --name N</c>. Uses the gateway's own
/// configuration (extra <c>--SmartBin:…</c> arguments pass through), builds its services and starts nothing.
/// </summary>
internal static class OperatorCommand
{
    public const string Verb = "operator";

    private const string Usage =
        "usage: SmartBin.Gateway operator add --name NAME --role admin|staff\n" +
        "       SmartBin.Gateway operator list\n" +
        "       SmartBin.Gateway operator disable --name NAME\n" +
        "  (gateway configuration arguments such as --SmartBin:Storage:DataDirectory=PATH may follow)";

    /// <summary>Runs the verb; returns the exit code (0 done, 1 refused, 2 usage or configuration error).</summary>
    public static int Run(string[] args, Func<string[], IServiceProvider> buildServices, TextWriter stdout, TextWriter stderr)
    {
        var action = args.Length > 0 ? args[0] : "";
        if (action is not ("add" or "list" or "disable"))
        {
            stderr.WriteLine($"smartbin-gateway {Verb}: say add, list or disable\n{Usage}");
            return 2;
        }
        VerbArguments.TrySplit(args.Skip(1).ToArray(), ["--name", "--role"], out var values, out var hostArgs, out var missingValue);
        var name = values.GetValueOrDefault("--name");
        var role = values.GetValueOrDefault("--role");
        var problem = action switch
        {
            _ when missingValue.Length > 0 => missingValue,
            "add" when !IsName(name) => "--name is required: 1 to 64 characters of letters, digits and . _ @ -",
            "add" when !AdminRoles.IsRole(role) => "--role must be admin or staff",
            "disable" when string.IsNullOrEmpty(name) => "--name is required",
            _ => null,
        };
        if (problem is not null)
        {
            stderr.WriteLine($"smartbin-gateway {Verb} {action}: {problem}\n{Usage}");
            return 2;
        }
        var services = VerbArguments.BuildServices(Verb, buildServices, hostArgs, stderr, out var exitCode);
        if (services is null)
        {
            return exitCode;
        }
        var store = services.GetRequiredService<SqliteGatewayStore>();
        return action switch
        {
            "add" => Add(store, name!, role!, stdout, stderr),
            "list" => List(store, stdout),
            _ => Disable(store, name!, stderr),
        };
    }

    private static int Add(SqliteGatewayStore store, string name, string role, TextWriter stdout, TextWriter stderr)
    {
        var key = ApiKeys.Create();
        if (!store.AddOperator(new OperatorRecord(name, role, key.KeyId, key.SecretHash, DateTimeOffset.UtcNow, null)))
        {
            stderr.WriteLine($"smartbin-gateway {Verb} add: operator '{name}' already exists; choose another name (disabled names stay taken)");
            return 1;
        }
        stdout.WriteLine(key.Text);
        stderr.WriteLine($"operator '{name}' ({role}) added in {store.DatabasePath}; the key above is shown only now: store it safely");
        return 0;
    }

    private static int List(SqliteGatewayStore store, TextWriter stdout)
    {
        stdout.WriteLine("name\trole\tkey-id\tcreated-utc\tdisabled-utc");
        foreach (var op in store.Operators())
        {
            stdout.WriteLine(string.Join('\t', op.Name, op.Role, op.KeyId, Utc(op.CreatedUtc), op.DisabledUtc is { } d ? Utc(d) : "-"));
        }
        return 0;
    }

    private static int Disable(SqliteGatewayStore store, string name, TextWriter stderr)
    {
        if (!store.DisableOperator(name))
        {
            stderr.WriteLine($"smartbin-gateway {Verb} disable: no active operator '{name}' ('operator list' shows them)");
            return 1;
        }
        stderr.WriteLine($"operator '{name}' disabled: their key is refused from the next request on");
        return 0;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool IsName(string? name) =>
        name is { Length: >= 1 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-');
}
