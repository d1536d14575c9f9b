using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;
using Xunit;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>The external client's subscriptions and reconnect loop, and the registration by mode.</summary>
public sealed class ExternalBrokerClientTests
{
    [Theory]
    [InlineData("smartbin-gateways", "$share/smartbin-gateways/smartbin/v1/+/")]
    [InlineData("", "smartbin/v1/+/")]
    public void It_subscribes_to_every_bin_leaf_shared_when_a_group_is_set(string group, string prefix)
    {
        var options = new GatewayOptions();
        options.Mqtt.External.SharedGroup = group;
        var client = new ExternalBrokerClient(options, new RecordingSink(), new GatewayMetrics(), TimeProvider.System, NullLogger<ExternalBrokerClient>.Instance);
        Assert.Equal(
            ["dropoff", "event", "telemetry", "status", "cmd/result"],
            Array.ConvertAll(client.TopicFilters(), f => f[prefix.Length..]));
        Assert.All(client.TopicFilters(), f => Assert.StartsWith(prefix, f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_broker_does_not_block_start_and_is_retried_with_counted_reconnects()
    {
        var options = new GatewayOptions();
        options.Mqtt.Mode = MqttMode.External;
        options.Mqtt.External.Port = ClosedPort();
        options.Mqtt.External.ReconnectMinMs = 10;
        options.Mqtt.External.ReconnectMaxMs = 40;
        var metrics = new GatewayMetrics();
        await using var client = new ExternalBrokerClient(options, new RecordingSink(), metrics, TimeProvider.System, NullLogger<ExternalBrokerClient>.Instance);
        await client.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => metrics.Total(MqttMetrics.Reconnects) >= 3, 20, "no reconnect attempts");
        Assert.Equal(0, metrics.Value(MqttMetrics.Connected));
        Assert.False(client.IsConnected);

        await client.PublishToBinAsync("baiyun-0007", "ack", new byte[] { 1 }, default);
        Assert.Equal(1, metrics.Value(MqttMetrics.PublishDropped, ("reason", "not-connected")));
    }

    [Theory]
    [InlineData(MqttMode.Embedded, typeof(EmbeddedBroker))]
    [InlineData(MqttMode.External, typeof(ExternalBrokerClient))]
    public void The_mode_chooses_the_publisher_which_is_also_the_hosted_service(MqttMode mode, Type expected)
    {
        var options = new GatewayOptions();
        options.Mqtt.Mode = mode;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(options)
            .AddSingleton(new GatewayMetrics())
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IBinCredentials>(new DictionaryCredentials())
            .AddSingleton<IBinMessageSink>(new RecordingSink())
            .AddSmartBinMqtt(options)
            .BuildServiceProvider();
        var publisher = services.GetRequiredService<IBinPublisher>();
        Assert.IsType(expected, publisher);
        Assert.Contains(services.GetServices<IHostedService>(), s => ReferenceEquals(s, publisher));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
