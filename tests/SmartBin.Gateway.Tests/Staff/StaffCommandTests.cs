using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Staff;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>The <c>staff</c> verb over the gateway's real configuration path and database.</summary>
public sealed class StaffCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("smartbin-staff-cmd-").FullName;

    [Fact]
    public void Add_reads_the_password_from_stdin_hashes_it_and_list_and_disable_work()
    {
        var (code, stdout, stderr) = Run("correct-horse-battery\n", "add", "--username", "wang.li", "--role", "staff", "--community", "xiahang", "--display-name", "王丽");
        Assert.Equal(0, code);
        Assert.Empty(stdout);
        Assert.Contains("wang.li", stderr, StringComparison.Ordinal);
        var stored = Store(s => s.FindStaffUser("wang.li"))!;
        Assert.Equal(("王丽", "staff", "xiahang"), (stored.DisplayName, stored.Role, stored.CommunityId));
        Assert.StartsWith("pbkdf2-sha256$1000$", stored.PasswordHash, StringComparison.Ordinal);
        Assert.True(StaffPasswords.Verify("correct-horse-battery", stored.PasswordHash));

        Assert.Equal(1, Run("another-password-1\n", "add", "--username", "wang.li", "--role", "admin").Code);
        Assert.Equal(1, Run("another-password-1\n", "add", "--username", "zhao", "--role", "staff", "--community", "nowhere").Code);
        (code, stdout, _) = Run("", "list");
        Assert.Equal(0, code);
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("wang.li\tstaff\txiahang\t王丽\t", StringComparison.Ordinal) && l.EndsWith("\t-", StringComparison.Ordinal));
        Assert.DoesNotContain("pbkdf2", stdout, StringComparison.Ordinal);
        Assert.Equal(0, Run("", "disable", "--username", "wang.li").Code);
        Assert.NotNull(Store(s => s.FindStaffUser("wang.li"))!.DisabledUtc);
        Assert.Equal(1, Run("", "disable", "--username", "wang.li").Code);
    }

    [Theory]
    [InlineData("correct-horse-battery\n", "add", "--username", "alice", "--role", "root")]
    [InlineData("correct-horse-battery\n", "add", "--username", "Alice", "--role", "admin")]
    [InlineData("correct-horse-battery\n", "add", "--role", "admin")]
    [InlineData("short\n", "add", "--username", "alice", "--role", "admin")]
    [InlineData("", "add", "--username", "alice", "--role", "admin")]
    [InlineData("", "disable")]
    [InlineData("", "rotate")]
    public void Usage_errors_and_weak_passwords_exit_2_and_store_nothing(string stdin, params string[] args)
    {
        var (code, stdout, stderr) = Run(stdin, args);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.False(string.IsNullOrWhiteSpace(stderr));
        Assert.Empty(Store(s => s.StaffUsers()));
    }

    private (int Code, string Stdout, string Stderr) Run(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var all = args.Append($"--SmartBin:Storage:DataDirectory={folder}").Append("--Logging:LogLevel:Default=Warning")
            .Append("--SmartBin:Staff:PasswordIterations=1000").ToArray();
        var code = StaffCommand.Run(all, hostArgs => GatewayApp.Build(hostArgs).Services, input, stdout, stderr);
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
