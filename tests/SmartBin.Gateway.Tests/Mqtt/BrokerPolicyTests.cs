using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Gateway.Mqtt;
using Xunit;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>The topic rules as pure decisions, and the topic parser.</summary>
public sealed class BrokerPolicyTests
{
    private const string Root = "smartbin/v1";
    private static readonly BrokerPolicy Policy = new(Root);
    private static readonly BrokerIdentity BinA = new(BrokerRole.Bin, "baiyun-0007");
    private static readonly BrokerIdentity Monitor = new(BrokerRole.Monitor, "dashboard");

    [Theory]
    [InlineData("smartbin/v1/baiyun-0007/dropoff", true)]
    [InlineData("smartbin/v1/baiyun-0007/event", true)]
    [InlineData("smartbin/v1/baiyun-0007/telemetry", true)]
    [InlineData("smartbin/v1/baiyun-0007/status", true)]
    [InlineData("smartbin/v1/baiyun-0007/cmd/result", true)]
    [InlineData("smartbin/v1/baiyun-0007/ack", false)]
    [InlineData("smartbin/v1/baiyun-0007/cmd", false)]
    [InlineData("smartbin/v1/baiyun-0008/dropoff", false)]
    [InlineData("smartbin/v2/baiyun-0007/dropoff", false)]
    [InlineData("smartbin/v1/baiyun-0007/dropoff/", false)]
    [InlineData("smartbin/v1/baiyun-0007", false)]
    [InlineData("smartbin/v1//dropoff", false)]
    [InlineData("smartbin/v1baiyun-0007/dropoff", false)]
    public void A_bin_publishes_only_its_own_bin_to_gateway_leaves(string topic, bool allowed)
    {
        Assert.Equal(allowed, Policy.MayPublish(BinA, topic, out var leaf));
        Assert.Equal(allowed ? topic[(Root.Length + "/baiyun-0007/".Length)..] : "", leaf);
        Assert.False(Policy.MayPublish(Monitor, topic, out _));
    }

    [Theory]
    [InlineData("smartbin/v1/baiyun-0007/ack", true, true)]
    [InlineData("smartbin/v1/baiyun-0007/cmd", true, true)]
    [InlineData("smartbin/v1/baiyun-0007/cmd/result", false, true)]
    [InlineData("smartbin/v1/baiyun-0008/ack", false, true)]
    [InlineData("smartbin/v1/baiyun-0007/+", false, true)]
    [InlineData("smartbin/v1/+/ack", false, true)]
    [InlineData("smartbin/v1/#", false, true)]
    [InlineData("$share/g/smartbin/v1/baiyun-0007/ack", false, false)]
    [InlineData("#", false, false)]
    [InlineData("smartbin/v1", false, false)]
    [InlineData("smartbin/v1/", false, false)]
    public void Subscriptions_bins_exact_own_ack_and_cmd_monitors_anything_under_the_root(string filter, bool bin, bool monitor)
    {
        Assert.Equal(bin, Policy.MaySubscribe(BinA, filter));
        Assert.Equal(monitor, Policy.MaySubscribe(Monitor, filter));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("baiyun-0007", true)]
    [InlineData("ab", false)]
    [InlineData("Baiyun-0007", false)]
    [InlineData("baiyun_0007", false)]
    [InlineData("baiyun 0007", false)]
    [InlineData("a23456789012345678901234567890123", false)]
    public void Bin_ids_follow_the_protocol_rule(string id, bool valid) => Assert.Equal(valid, BinTopics.IsBinId(id));

    [Fact]
    public void No_bin_may_publish_or_subscribe_on_another_bins_topics()
    {
        var ids = Gen.Elements("baiyun-0001", "baiyun-0002", "xiahang-0001", "abc", "a-b-c");
        var leaves = Gen.Elements(BinTopics.BinPublishLeaves.Concat(BinTopics.BinSubscribeLeaves).ToArray());
        var cases = Gen.Zip(ids, ids).SelectMany(p => leaves.Select(leaf => (Self: p.Item1, Other: p.Item2, Leaf: leaf)));
        Prop.ForAll(Arb.From(cases), t =>
        {
            var (self, other, leaf) = t;
            var topic = BinTopics.Topic(Root, other, leaf);
            var who = new BrokerIdentity(BrokerRole.Bin, self);
            var mayPublish = Policy.MayPublish(who, topic, out _);
            var maySubscribe = Policy.MaySubscribe(who, topic);
            return self == other
                ? mayPublish == BinTopics.IsBinPublishLeaf(leaf) && maySubscribe == BinTopics.IsBinSubscribeLeaf(leaf) && mayPublish != maySubscribe
                : !mayPublish && !maySubscribe;
        }).QuickCheckThrowOnFailure();
    }
}

public sealed class BrokerLogTextTests
{
    [Theory]
    [InlineData("baiyun-0001", "baiyun-0001")]
    [InlineData("evil\nINFO forged line", "evil\\u000aINFO forged line")]
    [InlineData(null, "")]
    public void Client_chosen_names_are_logged_on_one_line(string? name, string expected)
    {
        Assert.Equal(expected, SmartBin.Gateway.Mqtt.EmbeddedBroker.Printable(name));
    }

    [Fact]
    public void Client_chosen_names_are_cut_short()
    {
        var logged = SmartBin.Gateway.Mqtt.EmbeddedBroker.Printable(new string('a', 65_000));
        Assert.Equal(41, logged.Length);
        Assert.EndsWith("…", logged, System.StringComparison.Ordinal);
    }
}
