using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>An embedded broker on a free loopback port with in-test credentials, sink and observer.</summary>
public sealed class BrokerHarness : IAsyncDisposable
{
    public const string Root = "smartbin/v1";
    public const string BinA = "baiyun-0007";
    public const string BinB = "baiyun-0008";
    public const string SecretA = "secret-of-bin-a";
    public const string SecretB = "secret-of-bin-b";
    public const string MonitorUser = "ops.dashboard";
    public const string MonitorPassword = "monitor-password";

    private readonly List<IMqttClient> clients = [];

    private BrokerHarness(GatewayOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Broker = new EmbeddedBroker(options, Credentials, Sink, [Observer], Metrics, time, NullLogger<EmbeddedBroker>.Instance);
    }

    public GatewayOptions Options { get; }

    public TimeProvider Time { get; }

    public DictionaryCredentials Credentials { get; } = new DictionaryCredentials().With(BinA, SecretA).With(BinB, SecretB);

    public RecordingSink Sink { get; } = new();

    public RecordingObserver Observer { get; } = new();

    public GatewayMetrics Metrics { get; } = new();

    public EmbeddedBroker Broker { get; }

    /// <summary>Starts a broker; <paramref name="configure"/> may change the embedded options (port 0 = any free port).</summary>
    public static async Task<BrokerHarness> StartAsync(Action<EmbeddedBrokerOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new GatewayOptions();
        options.Mqtt.Embedded.BindAddress = "127.0.0.1";
        options.Mqtt.Embedded.Port = 0;
        options.Mqtt.Embedded.Monitors.Add(new MonitorAccount { Username = MonitorUser, Password = MonitorPassword });
        configure?.Invoke(options.Mqtt.Embedded);
        var harness = new BrokerHarness(options, time ?? TimeProvider.System);
        await harness.Broker.StartAsync(CancellationToken.None);
        return harness;
    }

    public static string Topic(string binId, string leaf) => BinTopics.Topic(Root, binId, leaf);

    /// <summary>Options for an MQTT 5 client of the plain port with a retained status will.</summary>
    public MqttClientOptionsBuilder ClientOptions(string clientId, string user, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Broker.PlainPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCredentials(user, password)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(Topic(clientId, "status"))
            .WithWillPayload("{\"v\":1,\"state\":\"offline\",\"fw\":\"1.0.0\"}")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);

    /// <summary>Connects a client (kept for disposal) and returns it with the CONNACK result.</summary>
    public async Task<(IMqttClient Client, MqttClientConnectResult Result)> ConnectAsync(MqttClientOptions options)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        clients.Add(client);
        var result = await client.ConnectAsync(options);
        return (client, result);
    }

    /// <summary>Connects a bin with its id and secret; fails the test unless accepted.</summary>
    public async Task<IMqttClient> ConnectBinAsync(string binId, string secret)
    {
        var (client, result) = await ConnectAsync(ClientOptions(binId, binId, secret).Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{binId} was refused: {result.ResultCode}");
        }
        return client;
    }

    public static MqttApplicationMessage Message(string topic, string payload, bool retain = false) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
        await Broker.DisposeAsync();
    }
}
