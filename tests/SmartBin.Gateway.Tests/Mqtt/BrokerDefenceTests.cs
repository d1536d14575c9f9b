using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using SmartBin.Gateway.Mqtt;
using Xunit;
using static SmartBin.Gateway.Tests.Mqtt.BrokerHarness;

namespace SmartBin.Gateway.Tests.Mqtt;

/// <summary>The broker's defences against hostile clients: the packet size guard and the login throttle.</summary>
public sealed class BrokerDefenceTests
{
    private static readonly IPEndPoint Attacker = new(IPAddress.Parse("192.0.2.7"), 40000);

    [Fact]
    public void The_guard_follows_packets_split_anywhere_and_refuses_a_declared_length_over_the_limit()
    {
        var channel = new PacketSizeGuardChannel(new NullChannel(), 200, () => { });
        // PINGREQ (no body), then a PUBLISH of 130 bytes (two-byte length 0x82 0x01), split byte by byte.
        byte[] stream = [0xC0, 0x00, 0x30, 0x82, 0x01, .. new byte[130], 0xC0, 0x00];
        foreach (var b in stream)
        {
            Assert.True(channel.Follow([b]));
        }
        // 201 bytes declared (0xC9 0x01): refused at the last length byte, before any body arrives.
        Assert.True(channel.Follow([0x30, 0xC9]));
        Assert.False(channel.Follow([0x01]));
        // 256 MiB declared: refused as soon as the partial length exceeds the limit.
        var fresh = new PacketSizeGuardChannel(new NullChannel(), 200, () => { });
        Assert.False(fresh.Follow([0x30, 0xFF, 0xFF]));
    }

    [Fact]
    public void An_address_is_throttled_after_its_burst_of_failures_and_earns_them_back_over_time()
    {
        var clock = new FakeTimeProvider();
        var throttle = new LoginThrottle(clock, burst: 3, refillPerMinute: 60, addressesMax: 100);
        for (var i = 0; i < 3; i++)
        {
            Assert.False(throttle.IsThrottled(Attacker));
            throttle.Failure(Attacker);
        }
        Assert.True(throttle.IsThrottled(Attacker));
        Assert.False(throttle.IsThrottled(new IPEndPoint(IPAddress.Parse("192.0.2.8"), 1)));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.IsThrottled(Attacker));
        throttle.Failure(Attacker);
        Assert.True(throttle.IsThrottled(Attacker));
    }

    [Fact]
    public void The_throttle_table_is_bounded_and_ipv6_is_keyed_by_its_64_prefix()
    {
        var throttle = new LoginThrottle(new FakeTimeProvider(), burst: 1, refillPerMinute: 1, addressesMax: 50);
        for (var i = 0; i < 500; i++)
        {
            throttle.Failure(new IPEndPoint(new IPAddress([10, 0, (byte)(i / 256), (byte)i]), 1));
        }
        Assert.InRange(throttle.Tracked, 1, 50);
        Assert.Equal(LoginThrottle.KeyOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2::5"), 1)),
            LoginThrottle.KeyOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2:ffff::9"), 1)));
        Assert.Equal("192.0.2.7", LoginThrottle.KeyOf(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 1)));
    }

    [Fact]
    public async Task A_throttled_address_is_refused_without_a_pbkdf2_run_but_a_recently_verified_bin_still_connects()
    {
        await using var h = await BrokerHarness.StartAsync(o => o.LoginFailureBurst = 5);
        await h.ConnectBinAsync(BinA, SecretA); // verified and cached before the flood
        for (var i = 0; i < 5; i++)
        {
            var (_, refused) = await h.ConnectAsync(h.ClientOptions(BinB, BinB, "wrong").Build());
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.ResultCode);
        }
        var verificationsBefore = h.Broker.SecretVerifications;

        var (_, throttled) = await h.ConnectAsync(h.ClientOptions(BinB, BinB, SecretB).Build());
        Assert.Equal(MqttClientConnectResultCode.QuotaExceeded, throttled.ResultCode);
        await h.ConnectBinAsync(BinA, SecretA);
        Assert.Equal(verificationsBefore, h.Broker.SecretVerifications);
        Assert.Equal(1, h.Metrics.Value(MqttMetrics.ConnectRefused, ("reason", "throttled")));
    }

    [Fact]
    public async Task A_packet_over_the_limit_closes_the_connection_and_is_never_delivered()
    {
        await using var h = await BrokerHarness.StartAsync(o => o.MaxPacketBytes = 4096);
        var bin = await h.ConnectBinAsync(BinA, SecretA);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bin.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<Exception>(() => bin.PublishAsync(Message(Topic(BinA, "dropoff"), new string('x', 5_000))));
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // Only the will of the dropped connection reaches ingest, never the oversized publish.
        Assert.DoesNotContain(h.Sink.Received, m => m.Leaf == "dropoff");
        Assert.Equal(1, h.Metrics.Value(MqttMetrics.OversizedPacket));
    }

    private sealed class NullChannel : MQTTnet.Channel.IMqttChannel
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2 ClientCertificate => null!;

        public EndPoint RemoteEndPoint => Attacker;

        public EndPoint LocalEndPoint => Attacker;

        public bool IsSecureConnection => false;

        public Task ConnectAsync(System.Threading.CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DisconnectAsync(System.Threading.CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) => Task.FromResult(0);

        public Task WriteAsync(System.Buffers.ReadOnlySequence<byte> buffer, bool isEndOfPacket, System.Threading.CancellationToken cancellationToken) =>
            Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
