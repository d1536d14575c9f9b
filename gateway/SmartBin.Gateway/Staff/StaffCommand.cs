using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Staff;

/// <summary>
/// The <c>staff</c> verb: <c>staff add --username U --role staff|admin [--community ID] [--display-name N]</c> reads
/// the password from the first line of stdin (never the command line, where <c>ps</c> and shell history would show
/// it); <c>staff list</c>; <c>staff disable --username U</c>. Uses the gateway's configuration, starts nothing.
/// </summary>
internal static class StaffCommand
{
    public const string Verb = "staff";

    private const string Usage =
        "usage: SmartBin.Gateway staff add --username NAME --role staff|admin [--community ID] [--display-name TEXT]   (password on stdin)\n" +
        "       SmartBin.Gateway staff list\n" +
        "       SmartBin.Gateway staff disable --username NAME\n" +
        "  (gateway configuration arguments such as --SmartBin:Storage:DataDirectory=PATH may follow)";

    private static readonly string[] Flags = ["--username", "--role", "--community", "--display-name"];

    /// <summary>Runs the verb; returns 0 done, 1 refused, 2 usage or configuration error.</summary>
    public static int Run(string[] args, Func<string[], IServiceProvider> buildServices, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var action = args.Length > 0 ? args[0] : "";
        VerbArguments.TrySplit(args.Skip(1).ToArray(), Flags, out var values, out var hostArgs, out var missingValue);
        var problem = missingValue.Length > 0 ? missingValue : Problem(action, values);
        if (problem is not null)
        {
            stderr.WriteLine($"smartbin-gateway {Verb}: {problem}\n{Usage}");
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
            "add" => Add(store, services.GetRequiredService<GatewayOptions>().Staff, values, stdin, stderr),
            "list" => List(store, stdout),
            _ => Disable(store, values["--username"], stderr),
        };
    }

    private static string? Problem(string action, Dictionary<string, string> values) => action switch
    {
        not ("add" or "list" or "disable") => "say add, list or disable",
        "add" or "disable" when !IsUsername(values.GetValueOrDefault("--username")) =>
            "--username is required: 1 to 64 characters of lower-case letters, digits and . _ @ -",
        "add" when !StaffRoles.IsRole(values.GetValueOrDefault("--role")) => "--role must be staff or admin",
        _ => null,
    };

    private static int Add(SqliteGatewayStore store, StaffOptions options, Dictionary<string, string> values, TextReader stdin, TextWriter stderr)
    {
        var password = stdin.ReadLine() ?? "";
        if (StaffPasswords.Problem(password) is { } weak)
        {
            stderr.WriteLine($"smartbin-gateway {Verb} add: {weak} (give it as the first line on stdin)");
            return 2;
        }
        var username = values["--username"];
        var user = new StaffUserRecord(username, values.GetValueOrDefault("--display-name") ?? username, values["--role"],
            values.GetValueOrDefault("--community"), StaffPasswords.Hash(password, options.PasswordIterations), DateTimeOffset.UtcNow, null);
        var outcome = store.AddStaffUser(user);
        var message = outcome switch
        {
            AddStaffOutcome.Added => $"staff account '{username}' ({user.Role}, {user.CommunityId ?? "all communities"}) added in {store.DatabasePath}",
            AddStaffOutcome.UsernameTaken => $"smartbin-gateway {Verb} add: '{username}' already exists (disabled names stay taken)",
            _ => $"smartbin-gateway {Verb} add: no community '{user.CommunityId}'",
        };
        stderr.WriteLine(message);
        return outcome == AddStaffOutcome.Added ? 0 : 1;
    }

    private static int List(SqliteGatewayStore store, TextWriter stdout)
    {
        stdout.WriteLine("username\trole\tcommunity\tdisplay-name\tcreated-utc\tdisabled-utc");
        foreach (var u in store.StaffUsers())
        {
            stdout.WriteLine(string.Join('\t', u.Username, u.Role, u.CommunityId ?? "*", u.DisplayName, Utc(u.CreatedUtc), u.DisabledUtc is { } d ? Utc(d) : "-"));
        }
        return 0;
    }

    private static int Disable(SqliteGatewayStore store, string username, TextWriter stderr)
    {
        var disabled = store.DisableStaffUser(username);
        stderr.WriteLine(disabled
            ? $"staff account '{username}' disabled: signed out at their next request"
            : $"smartbin-gateway {Verb} disable: no active staff account '{username}' ('staff list' shows them)");
        return disabled ? 0 : 1;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static bool IsUsername(string? name) =>
        name is { Length: >= 1 and <= StaffSignIn.UsernameCharsMax } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '@' or '-');
}
