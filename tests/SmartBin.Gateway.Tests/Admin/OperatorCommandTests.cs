using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Admin;

/// <summary>The <c>operator</c> verb over the gateway's real configuration path and database.</summary>
public sealed class OperatorCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("smartbin-operator-").FullName;

    [Fact]
    public void Add_prints_only_the_key_on_stdout_list_shows_it_and_disable_marks_it()
    {
        var (code, stdout, stderr) = Run("add", "--name", "alice", "--role", "admin");
        Assert.Equal(0, code);
        var key = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(new Regex("^sbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$"), key);
        Assert.Contains("alice", stderr, StringComparison.Ordinal);

        Assert.True(ApiKeys.TryParse(key, out var keyId, out var secret));
        var stored = Store(s => s.FindOperatorByKeyId(keyId))!;
        Assert.Equal(("alice", "admin"), (stored.Name, stored.Role));
        Assert.True(ApiKeys.Matches(secret, stored.KeyHash));

        Assert.Equal(1, Run("add", "--name", "alice", "--role", "staff").Code);
        (code, stdout, _) = Run("list");
        Assert.Equal(0, code);
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("alice\tadmin\t" + keyId + "\t", StringComparison.Ordinal) && l.EndsWith("\t-", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, stdout, StringComparison.Ordinal);

        Assert.Equal(0, Run("disable", "--name", "alice").Code);
        Assert.NotNull(Store(s => s.FindOperatorByKeyId(keyId))!.DisabledUtc);
        Assert.Equal(1, Run("disable", "--name", "alice").Code);
    }

    [Theory]
    [InlineData("add", "--name", "alice", "--role", "root")]
    [InlineData("add", "--role", "admin")]
    [InlineData("add", "--name", "bad name", "--role", "admin")]
    [InlineData("disable")]
    [InlineData("rotate")]
    public void Usage_errors_exit_2_with_nothing_on_stdout(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var all = args.Append($"--SmartBin:Storage:DataDirectory={folder}").Append("--Logging:LogLevel:Default=Warning").ToArray();
        var code = OperatorCommand.Run(all, hostArgs => GatewayApp.Build(hostArgs).Services, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private T Store<T>(Func<SqliteGatewayStore, T> read)
    {
        using var app = GatewayApp.Build([$"--SmartBin:Storage:DataDirectory={folder}"]);
        return read(app.Services.GetRequiredService<SqliteGatewayStore>());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
