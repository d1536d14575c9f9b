using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using SmartBin.Gateway;
using SmartBin.Gateway.Configuration;
using Xunit;

namespace SmartBin.Gateway.Tests.Settings;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(GatewayOptionsValidator.Check(new GatewayOptions()));
    }

    [Fact]
    public void The_hold_between_commit_and_ack_is_refused_unless_test_fault_injection_is_on()
    {
        var options = new GatewayOptions();
        options.Ingest.TestDelayAfterCommitMs = 5_000;
        Assert.Contains(GatewayOptionsValidator.Check(options), p => p.Contains("Ingest:TestDelayAfterCommitMs", StringComparison.Ordinal));
        options.Ingest.TestFaultInjection = true;
        Assert.Empty(GatewayOptionsValidator.Check(options));
    }

    [Theory]
    [InlineData("SmartBin:Mqtt:Embedded:Port", "70000", "SmartBin:Mqtt:Embedded:Port = '70000': must be between 1 and 65535")]
    [InlineData("SmartBin:Mqtt:TopicRoot", "smartbin/#", "SmartBin:Mqtt:TopicRoot = 'smartbin/#'")]
    [InlineData("SmartBin:Ingest:BatchMax", "0", "SmartBin:Ingest:BatchMax = '0': must be between 1 and 100000")]
    [InlineData("SmartBin:TimeSeries:Backend", "Influx", "SmartBin:TimeSeries:Influx:Url = '': must be an http(s) URL")]
    [InlineData("SmartBin:Alerts:WebhookUrl", "ftp://example.org/hook", "SmartBin:Alerts:WebhookUrl = 'ftp://example.org/hook'")]
    [InlineData("SmartBin:Crediting:TimeZoneId", "Mars/Olympus", "SmartBin:Crediting: crediting rules: time zone 'Mars/Olympus' is not known.")]
    [InlineData("SmartBin:Mqtt:Embedded:CertificatePath", "/nonexistent/server.pfx", "SmartBin:Mqtt:Embedded:CertificatePath = '/nonexistent/server.pfx': file not found")]
    [InlineData("SmartBin:Mqtt:Mode", "Bridge", "'SmartBin:Mqtt:Mode'")]
    [InlineData("SmartBin:Mqtt:Embedded:Monitors:0:Username", "baiyun-0007", "SmartBin:Mqtt:Embedded:Monitors:0:Username = 'baiyun-0007': must not look like a bin id")]
    [InlineData("SmartBin:Mqtt:External:PasswordFile", "/tmp/passwd", "SmartBin:Mqtt:External:PasswordFile = '/tmp/passwd': set both")]
    [InlineData("SmartBin:Admin:BrokerPort", "70000", "SmartBin:Admin:BrokerPort = '70000': must be between 0 and 65535")]
    [InlineData("SmartBin:Admin:BrokerCaFile", "/nonexistent/ca.pem", "SmartBin:Admin:BrokerCaFile = '/nonexistent/ca.pem': file not found")]
    [InlineData("SmartBin:Admin:FailedAuthLimit", "0", "SmartBin:Admin:FailedAuthLimit = '0': must be between 1 and 1000000")]
    public void A_wrong_value_names_its_key_and_why(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayApp.ReadOptions(configuration));
        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Building_the_host_with_a_bad_value_fails_before_anything_starts()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayApp.Build([], new Dictionary<string, string?> { ["SmartBin:Ingest:QueueCapacity"] = "-5" }));
        Assert.Contains("SmartBin:Ingest:QueueCapacity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_is_documented_in_the_operator_guide()
    {
        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "gateway.md"));
        var missing = OptionKeys(new GatewayOptions(), GatewayOptions.Section + ":")
            .Where(key => !guide.Contains("`" + key + "`", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "docs/gateway.md does not document: " + string.Join(", ", missing));
    }

    /// <summary>Every leaf configuration key of an options object (lists and maps count as one key).</summary>
    internal static IEnumerable<string> OptionKeys(object options, string prefix)
    {
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            var value = property.GetValue(options);
            var leaf = type == typeof(string) || type.IsPrimitive || type.IsEnum || value is IEnumerable || value is null;
            if (leaf)
            {
                yield return prefix + property.Name;
                continue;
            }
            foreach (var key in OptionKeys(value!, prefix + property.Name + ":"))
            {
                yield return key;
            }
        }
    }
}
