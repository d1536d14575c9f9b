using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Mqtt;
using Xunit;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>The mosquitto password and ACL files and the mosquitto-files verb.</summary>
public sealed class MosquittoFilesTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("smartbin-mosquitto-files-");
    private readonly DictionaryCredentials credentials = new DictionaryCredentials().With("baiyun-0008", "b").With("baiyun-0007", "a");

    [Fact]
    public void The_password_file_copies_each_bins_hash_and_adds_the_gateway_user_hashed()
    {
        var text = MosquittoFiles.PasswordFileText(credentials.All(), "smartbin-gateway", BinSecretHasher.Hash("gw-password"));
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(["baiyun-0007", "baiyun-0008", "smartbin-gateway"], lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Equal(credentials.Find("baiyun-0007")!.SecretHash, lines[0]["baiyun-0007:".Length..]);
        Assert.True(BinSecretHasher.Verify("gw-password", lines[2]["smartbin-gateway:".Length..]));
    }

    [Fact]
    public void The_acl_gives_each_bin_exactly_its_own_topics_and_the_gateway_the_whole_root()
    {
        var text = MosquittoFiles.AclFileText(credentials.All(), "smartbin/v1", "smartbin-gateway");
        var lines = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        string[] expected =
        [
            "user smartbin-gateway", "topic readwrite smartbin/v1/#",
            "user baiyun-0007",
            "topic write smartbin/v1/baiyun-0007/dropoff", "topic write smartbin/v1/baiyun-0007/event",
            "topic write smartbin/v1/baiyun-0007/telemetry", "topic write smartbin/v1/baiyun-0007/status",
            "topic write smartbin/v1/baiyun-0007/cmd/result",
            "topic read smartbin/v1/baiyun-0007/ack", "topic read smartbin/v1/baiyun-0007/cmd",
            "user baiyun-0008",
        ];
        Assert.Equal(expected, lines.Take(expected.Length));
        Assert.Equal(2 + 2 * 8, lines.Length);
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("x:y")]
    public void A_malformed_bin_id_or_a_gateway_user_that_collides_is_refused(string binId)
    {
        var bad = new[] { new BinCredential(binId, BinSecretHasher.Hash("s")) };
        Assert.Throws<ArgumentException>(() => MosquittoFiles.AclFileText(bad, "smartbin/v1", "gw"));
        Assert.Throws<ArgumentException>(() => MosquittoFiles.AclFileText(credentials.All(), "smartbin/v1", "baiyun-0007"));
        Assert.Throws<ArgumentException>(() => MosquittoFiles.PasswordFileText(credentials.All(), "gw user", "$7$1$a$b"));
    }

    [Fact]
    public void Files_are_replaced_whole_owner_only_and_no_temp_file_is_left()
    {
        var passwords = Path.Combine(folder.FullName, "passwords");
        var acl = Path.Combine(folder.FullName, "acl");
        File.WriteAllText(passwords, "old contents");
        MosquittoFiles.Write(credentials, "smartbin/v1", passwords, acl, "smartbin-gateway", "gw-password");

        Assert.StartsWith("baiyun-0007:$7$", File.ReadAllText(passwords), StringComparison.Ordinal);
        Assert.Contains("user baiyun-0008", File.ReadAllText(acl), StringComparison.Ordinal);
        Assert.Equal(["acl", "passwords"], folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwords));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(acl));
        }
    }

    [Fact]
    public void The_verb_writes_both_files_from_the_hosts_registry_and_reports_usage_errors()
    {
        var passwords = Path.Combine(folder.FullName, "p");
        var acl = Path.Combine(folder.FullName, "a");
        var services = new ServiceCollection().AddSingleton<IBinCredentials>(credentials).AddSingleton(new GatewayOptions()).BuildServiceProvider();
        string[] hostArgs = [];
        var code = MosquittoFilesCommand.Run(
            ["--password-file", passwords, "--acl-file", acl, "--gateway-user", "gw", "--gateway-password", "secret", "--SmartBin:Mqtt:TopicRoot=x/y"],
            args => { hostArgs = args; return services; });
        Assert.Equal(0, code);
        Assert.Equal(["--SmartBin:Mqtt:TopicRoot=x/y"], hostArgs);
        Assert.Contains("topic readwrite smartbin/v1/#", File.ReadAllText(acl), StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(passwords).Length);

        Assert.Equal(2, MosquittoFilesCommand.Run(["--password-file", passwords, "--acl-file", acl], _ => services));
        var empty = new ServiceCollection().AddSingleton(new GatewayOptions()).BuildServiceProvider();
        Assert.Equal(1, MosquittoFilesCommand.Run(
            ["--password-file", passwords, "--acl-file", acl, "--gateway-user", "gw", "--gateway-password", "secret"], _ => empty));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
