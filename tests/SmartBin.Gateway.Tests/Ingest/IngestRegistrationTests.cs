using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Tests.Protocol;
using Xunit;

namespace SmartBin.Gateway.Tests.Ingest;

/// <summary>The registration wires one pipeline as both sink and hosted service, and tolerates an MQTT side that needs the sink.</summary>
public sealed class IngestRegistrationTests
{
    [Fact]
    public async Task One_pipeline_is_the_sink_and_the_hosted_service_and_acks_through_a_publisher_that_needs_the_sink()
    {
        var store = new MemoryIngestStore();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new GatewayMetrics())
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IIngestStore>(store)
            .AddSingleton<MqttSideStandIn>()
            .AddSingleton<IBinPublisher>(sp => sp.GetRequiredService<MqttSideStandIn>())
            .AddSmartBinIngest(new GatewayOptions());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var sink = provider.GetRequiredService<IBinMessageSink>();
        var hosted = provider.GetServices<IHostedService>().Single();
        Assert.Same(sink, hosted);
        Assert.Same(sink, provider.GetRequiredService<MqttSideStandIn>().Sink);

        await hosted.StartAsync(CancellationToken.None);
        await sink.AcceptAsync(new BinMessage(Payloads.Bin, BinLeaves.DropOff, ProtocolDoc.Bytes("dropoff"), Payloads.ReceivedUtc, NoCompletion.Instance), CancellationToken.None);
        var mqtt = provider.GetRequiredService<MqttSideStandIn>();
        await PipelineHarness.WaitUntil(() => mqtt.Acks == 1, "the ack is published");
        await hosted.StopAsync(CancellationToken.None);
        Assert.True(store.IsCommitted(Payloads.Bin, 1042));
    }

    /// <summary>Like the MQTT side: it writes to the sink and publishes acks, so it depends on ingest and ingest on it.</summary>
    private sealed class MqttSideStandIn(IBinMessageSink sink) : IBinPublisher
    {
        private int acks;

        public IBinMessageSink Sink => sink;

        public int Acks => Volatile.Read(ref acks);

        public ValueTask PublishToBinAsync(string binId, string leaf, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref acks);
            return ValueTask.CompletedTask;
        }
    }
}
