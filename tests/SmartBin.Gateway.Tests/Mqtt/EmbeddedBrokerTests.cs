using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Protocol;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using Xunit;
using static SmartBin.Gateway.Tests.Mqtt.BrokerHarness;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>The embedded broker's identity, access rules, sink hand-off and connection reports, in process.</summary>
public sealed class EmbeddedBrokerTests
{
    private const string DropOff = "{\"v\":1,\"id\":\"baiyun-0007:1042\",\"seq\":1042}";

    [Fact]
    public async Task A_bin_with_its_secret_is_accepted_and_reported_connected_then_disconnected()
    {
        await using var h = await BrokerHarness.StartAsync();
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        await Eventually.TrueAsync(() => h.Observer.Connections.Contains((BinA, true)), 10, "no connected report");
        await bin.DisconnectAsync(new MqttClientDisconnectOptions());
        await Eventually.TrueAsync(() => h.Observer.Connections.Contains((BinA, false)), 10, "no disconnected report");
        Assert.Equal([(BinA, true), (BinA, false)], h.Observer.Connections.ToArray());
        Assert.Equal(0, h.Metrics.Total(MqttMetrics.ConnectRefused));
    }

    [Theory]
    [InlineData(BinA, BinA, "wrong-secret", MqttClientConnectResultCode.BadUserNameOrPassword, "bad-secret")]
    [InlineData(BinA, BinB, SecretB, MqttClientConnectResultCode.ClientIdentifierNotValid, "client-id-mismatch")]
    [InlineData("baiyun-9999", "baiyun-9999", SecretA, MqttClientConnectResultCode.NotAuthorized, "unknown-bin")]
    [InlineData("Not_A_Bin", "Not_A_Bin", SecretA, MqttClientConnectResultCode.NotAuthorized, "unknown-bin")]
    [InlineData(MonitorUser, MonitorUser, "wrong-password", MqttClientConnectResultCode.BadUserNameOrPassword, "bad-secret")]
    public async Task A_bad_connect_is_refused_with_its_reason_and_counted(
        string clientId, string user, string password, MqttClientConnectResultCode expected, string reason)
    {
        await using var h = await BrokerHarness.StartAsync();
        var (_, result) = await h.ConnectAsync(h.ClientOptions(clientId, user, password).Build());
        Assert.Equal(expected, result.ResultCode);
        Assert.Equal(1, h.Metrics.Value(MqttMetrics.ConnectRefused, ("reason", reason)));
        Assert.Empty(h.Observer.Connections);
    }

    [Fact]
    public async Task A_reconnect_storm_costs_one_secret_verification_but_a_changed_secret_takes_effect_at_once()
    {
        await using var h = await BrokerHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            var bin = await h.ConnectBinAsync(BinA, SecretA);
            await bin.DisconnectAsync(new MqttClientDisconnectOptions());
        }
        Assert.Equal(1, h.Broker.SecretVerifications);

        h.Credentials.With(BinA, "the-new-secret");
        var (_, old) = await h.ConnectAsync(h.ClientOptions(BinA, BinA, SecretA).Build());
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, old.ResultCode);
        await h.ConnectBinAsync(BinA, "the-new-secret");
    }

    [Fact]
    public async Task An_oversized_payload_reaches_ingest_cut_to_4_KiB_with_its_seq_still_readable()
    {
        await using var h = await BrokerHarness.StartAsync();
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        // Over the 4 KiB kept for ingest, under the 8 KiB packet limit (a larger packet closes the connection).
        var huge = "{\"v\":1,\"seq\":77,\"pad\":\"" + new string('x', 7_000) + "\"}";
        var ack = await bin.PublishAsync(Message(Topic(BinA, "dropoff"), huge));
        Assert.True(ack.IsSuccess, ack.ReasonCode.ToString());

        var m = Assert.Single(h.Sink.Received);
        Assert.Equal(EmbeddedBroker.QueuedPayloadBytesMax, m.Payload.Length);
        Assert.Equal(77, SmartBin.Gateway.Protocol.BinMessageParser.PeekSeq(m.Payload.Span, out _));
    }

    [Fact]
    public async Task An_accepted_publish_reaches_the_sink_with_the_connection_identity_and_the_receive_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 15, 31, TimeSpan.Zero));
        await using var h = await BrokerHarness.StartAsync(time: clock);
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        var ack = await bin.PublishAsync(Message(Topic(BinA, "dropoff"), DropOff));
        Assert.True(ack.IsSuccess, ack.ReasonCode.ToString());

        var m = Assert.Single(h.Sink.Received);
        Assert.Equal(BinA, m.BinId);
        Assert.Equal("dropoff", m.Leaf);
        Assert.Equal(DropOff, Encoding.UTF8.GetString(m.Payload.Span));
        Assert.Equal(clock.GetUtcNow(), m.ReceivedUtc);
        Assert.Same(NoCompletion.Instance, m.Completion);
        Assert.Equal(1, h.Metrics.Value(MqttMetrics.Received, ("leaf", "dropoff")));
    }

    [Fact]
    public async Task Every_bin_leaf_is_accepted_and_cmd_result_keeps_its_two_levels()
    {
        await using var h = await BrokerHarness.StartAsync();
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        foreach (var leaf in BinTopics.BinPublishLeaves)
        {
            var ack = await bin.PublishAsync(Message(Topic(BinA, leaf), "{}"));
            Assert.True(ack.IsSuccess, leaf + ": " + ack.ReasonCode);
        }
        Assert.Equal(BinTopics.BinPublishLeaves, h.Sink.Received.Select(m => m.Leaf).ToArray());
        Assert.All(h.Sink.Received, m => Assert.Equal(BinA, m.BinId));
    }

    [Theory]
    [InlineData(BinB, "dropoff")]
    [InlineData(BinA, "ack")]
    [InlineData(BinA, "cmd")]
    [InlineData(BinA, "weather")]
    [InlineData(BinA, "dropoff/extra")]
    public async Task A_publish_outside_the_bins_own_leaves_is_refused_not_delivered_and_counted(string topicBin, string leaf)
    {
        await using var h = await BrokerHarness.StartAsync();
        var seen = await SubscribeMonitorAsync(h, Root + "/#");
        var bin = await h.ConnectBinAsync(BinA, SecretA);

        var refused = await bin.PublishAsync(Message(Topic(topicBin, leaf), DropOff));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);

        // A later allowed publish on the same connection arrives after the refused one would have.
        await bin.PublishAsync(Message(Topic(BinA, "telemetry"), "{\"marker\":1}"));
        await Eventually.TrueAsync(() => seen.Any(t => t.EndsWith("/telemetry", StringComparison.Ordinal)), 10, "marker not seen");
        Assert.Equal([Topic(BinA, "telemetry")], seen.ToArray());
        Assert.Equal(["telemetry"], h.Sink.Received.Select(m => m.Leaf).ToArray());
        Assert.Equal(1, h.Metrics.Value(MqttMetrics.AclDenied, ("action", "publish")));
    }

    [Theory]
    [InlineData(BinB + "/ack")]
    [InlineData(BinA + "/dropoff")]
    [InlineData(BinA + "/#")]
    [InlineData("+/ack")]
    public async Task A_bin_may_subscribe_only_to_its_own_ack_and_cmd(string filterUnderRoot)
    {
        await using var h = await BrokerHarness.StartAsync();
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        var own = await bin.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topic(BinA, "ack"), MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(own.Items).ResultCode);

        var other = await bin.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Root + "/" + filterUnderRoot, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(other.Items).ResultCode);
        Assert.Equal(1, h.Metrics.Value(MqttMetrics.AclDenied, ("action", "subscribe")));
    }

    [Fact]
    public async Task A_monitor_reads_everything_under_the_root_and_may_publish_nothing()
    {
        await using var h = await BrokerHarness.StartAsync();
        var (monitor, result) = await h.ConnectAsync(h.ClientOptions(MonitorUser, MonitorUser, MonitorPassword).WithWillTopic(null).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        var everything = await monitor.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("#").Build());
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(everything.Items).ResultCode);
        var publish = await monitor.PublishAsync(Message(Topic(BinA, "ack"), "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, publish.ReasonCode);
        Assert.Empty(h.Sink.Received);
        Assert.Empty(h.Observer.Connections);
    }

    [Fact]
    public async Task A_vanished_bins_will_reaches_the_sink_as_its_status_and_stays_retained()
    {
        await using var h = await BrokerHarness.StartAsync();
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        await bin.PublishAsync(Message(Topic(BinA, "status"), "{\"v\":1,\"state\":\"online\",\"fw\":\"1.0.0\"}", retain: true));

        bin.Dispose(); // closes the socket without DISCONNECT: the broker publishes the will
        var will = await h.Sink.WaitForAsync(m => Encoding.UTF8.GetString(m.Payload.Span).Contains("offline", StringComparison.Ordinal));
        Assert.Equal(BinA, will.BinId);
        Assert.Equal("status", will.Leaf);

        var seen = new ConcurrentQueue<MqttApplicationMessage>();
        var (monitor, _) = await h.ConnectAsync(h.ClientOptions(MonitorUser, MonitorUser, MonitorPassword).WithWillTopic(null).Build());
        monitor.ApplicationMessageReceivedAsync += e => { seen.Enqueue(e.ApplicationMessage); return Task.CompletedTask; };
        await monitor.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Root + "/+/status").Build());
        var retained = await Eventually.ValueAsync(() => seen.FirstOrDefault(), 10, "no retained status");
        Assert.True(retained.Retain);
        Assert.Equal(Topic(BinA, "status"), retained.Topic);
        Assert.Contains("offline", Encoding.UTF8.GetString(retained.Payload.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishToBinAsync_reaches_the_subscribed_bin_and_bypasses_the_access_rules()
    {
        await using var h = await BrokerHarness.StartAsync();
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        var got = new ConcurrentQueue<MqttApplicationMessage>();
        bin.ApplicationMessageReceivedAsync += e => { got.Enqueue(e.ApplicationMessage); return Task.CompletedTask; };
        await bin.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topic(BinA, "ack"), MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var payload = "{\"v\":1,\"seq\":1042,\"result\":\"credited\",\"reason\":\"\",\"points\":53,\"co2eG\":878}";
        await h.Broker.PublishToBinAsync(BinA, "ack", Encoding.UTF8.GetBytes(payload), default);
        var ack = await Eventually.ValueAsync(() => got.FirstOrDefault(), 10, "ack not received");
        Assert.Equal(Topic(BinA, "ack"), ack.Topic);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, ack.QualityOfServiceLevel);
        Assert.Equal(payload, Encoding.UTF8.GetString(ack.Payload.ToArray()));
        Assert.Empty(h.Sink.Received);
        Assert.Equal(0, h.Metrics.Total(MqttMetrics.AclDenied));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Broker.PublishToBinAsync(BinA, "dropoff", payload.Select(c => (byte)c).ToArray(), default));
    }

    [Fact]
    public async Task A_blocked_sink_holds_back_that_bin_without_losing_or_reordering_and_others_still_flow()
    {
        const int Count = 20;
        await using var h = await BrokerHarness.StartAsync();
        h.Sink.Hold(m => m.BinId == BinA);
        var a = await h.ConnectBinAsync(BinA, SecretA);
        var b = await h.ConnectBinAsync(BinB, SecretB);

        var publishes = Enumerable.Range(1, Count).Select(i => a.PublishAsync(Message(Topic(BinA, "event"), $"{{\"seq\":{i}}}"))).ToArray();
        await Eventually.TrueAsync(() => h.Sink.Holding == 1, 10, "first message never reached the sink");
        await b.PublishAsync(Message(Topic(BinB, "event"), "{\"seq\":1}"));

        // B got through while A is held, and nothing more of A entered the sink; A's first publish has no PUBACK yet.
        Assert.Equal([BinA, BinB], h.Sink.Received.Select(m => m.BinId).ToArray());
        Assert.False(publishes[0].IsCompleted);

        h.Sink.Release();
        var results = await Task.WhenAll(publishes);
        Assert.All(results, r => Assert.True(r.IsSuccess, r.ReasonCode.ToString()));
        var fromA = h.Sink.Received.Where(m => m.BinId == BinA).Select(m => Encoding.UTF8.GetString(m.Payload.Span)).ToArray();
        Assert.Equal(Enumerable.Range(1, Count).Select(i => $"{{\"seq\":{i}}}"), fromA);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_start_naming_the_port()
    {
        await using var first = await BrokerHarness.StartAsync();
        var taken = first.Broker.PlainPort;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BrokerHarness.StartAsync(o => o.Port = taken));
        Assert.Contains(":" + taken, error.Message, StringComparison.Ordinal);
        Assert.Contains("SmartBin:Mqtt:Embedded:Port", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ConcurrentQueue<string>> SubscribeMonitorAsync(BrokerHarness h, string filter)
    {
        var seen = new ConcurrentQueue<string>();
        var (monitor, result) = await h.ConnectAsync(h.ClientOptions(MonitorUser, MonitorUser, MonitorPassword).WithWillTopic(null).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        monitor.ApplicationMessageReceivedAsync += e => { seen.Enqueue(e.ApplicationMessage.Topic); return Task.CompletedTask; };
        var sub = await monitor.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, Assert.Single(sub.Items).ResultCode);
        return seen;
    }
}
