using System;
using System.Buffers;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MQTTnet;
using SmartBin.Gateway.Ingest;

namespace SmartBin.Gateway.Mqtt;

// The connection loop and the manual acknowledgement of ExternalBrokerClient.
public sealed partial class ExternalBrokerClient
{
    private async Task RunAsync(CancellationToken stop)
    {
        var delayMs = options.External.ReconnectMinMs;
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            if (!first)
            {
                metrics.CountReconnect();
            }
            first = false;
            try
            {
                await ConnectAndSubscribeAsync(stop).ConfigureAwait(false);
                delayMs = options.External.ReconnectMinMs;
                await disconnected.Task.WaitAsync(stop).ConfigureAwait(false);
                metrics.SetConnected(false);
                logger.LogWarning("MQTT client lost the connection to {Host}:{Port}; reconnecting", options.External.Host, options.External.Port);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Refused, unreachable, TLS failure, subscription denied: all mean "try again later", loudly.
                metrics.SetConnected(false);
                logger.LogWarning("MQTT client cannot use {Host}:{Port}: {Error}; retrying in about {DelayMs} ms",
                    options.External.Host, options.External.Port, e.Message, delayMs);
                await DropConnectionAsync().ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(WithJitter(delayMs)), time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delayMs = Math.Min(delayMs * 2, options.External.ReconnectMaxMs);
        }
    }

    // A quarter of random extra delay spreads the reconnects of many gateways after a broker restart.
    private static int WithJitter(int delayMs) => delayMs + Random.Shared.Next(0, delayMs / 4 + 1);

    private async Task ConnectAndSubscribeAsync(CancellationToken stop)
    {
        MqttClientConnectResult result;
        await connectionGate.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref connectionGeneration);
            disconnected = NewSignal();
            result = await client.ConnectAsync(ClientOptions(), stop).ConfigureAwait(false);
        }
        finally
        {
            connectionGate.Release();
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }
        logger.LogInformation("MQTT client connected to {Host}:{Port} as {ClientId} (session present: {SessionPresent})",
            options.External.Host, options.External.Port, options.External.ClientId, result.IsSessionPresent);
        // Subscribe on every connect, also when the session was resumed: subscribing again is harmless (the queued
        // messages stay), and it makes a changed TopicRoot or SharedGroup take effect instead of silently listening on
        // the filters of an old session for up to SessionExpiryS.
        await SubscribeAsync(stop).ConfigureAwait(false);
        metrics.SetConnected(true);
    }

    private async Task SubscribeAsync(CancellationToken stop)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in TopicFilters())
        {
            builder = builder.WithTopicFilter(filter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        }
        var result = await client.SubscribeAsync(builder.Build(), stop).ConfigureAwait(false);
        var refused = result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException("broker refused the subscriptions " +
                string.Join(", ", refused.Select(i => $"{i.TopicFilter.Topic} ({i.ResultCode})")) + "; check the gateway user's ACL");
        }
        logger.LogInformation("MQTT client subscribed to {Filters}", string.Join(" ", TopicFilters()));
    }

    private async Task DropConnectionAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "Disconnect after a failure failed too");
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged only when ingest completes the message (after its durable commit), never on receipt.
        e.AutoAcknowledge = false;
        var generation = Interlocked.Read(ref connectionGeneration);
        var topic = e.ApplicationMessage.Topic;
        if (!BinTopics.TryParse(options.TopicRoot, topic, out var binId, out var leaf) || !BinTopics.IsBinPublishLeaf(leaf))
        {
            // Acked so it does not come back forever; counted so a misconfigured publisher shows.
            metrics.CountMalformedTopic();
            logger.LogDebug("Ignored a message on '{Topic}': no bin id and leaf", topic);
            // Not awaited here: this handler runs in MQTTnet's receive loop, and the ack waits for the connection
            // gate, which connect/subscribe hold while they wait for that same loop (CONNACK, SUBACK). Acks outside
            // the handler are what manual acknowledgement is for; AcknowledgeAsync catches its own failures.
            _ = AcknowledgeAsync(e, generation).AsTask();
            return;
        }
        var completion = new BrokerAcknowledgement(this, e, generation);
        var message = new BinMessage(binId, leaf, e.ApplicationMessage.Payload.ToArray(), time.GetUtcNow(), completion);
        try
        {
            await sink.AcceptAsync(message, stopping.Token).ConfigureAwait(false);
            metrics.CountReceived(leaf);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: not acknowledged, so the broker delivers it again to the next session.
        }
    }

    private async ValueTask AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, long generation)
    {
        await connectionGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (generation != Interlocked.Read(ref connectionGeneration) || !client.IsConnected)
            {
                // The connection it came on is gone; the broker redelivers it and ingest answers the duplicate.
                return;
            }
            await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "Acknowledging a message failed; the broker will redeliver it");
        }
        finally
        {
            connectionGate.Release();
        }
    }

    /// <summary>The completion ingest calls after the commit: sends the PUBACK, once.</summary>
    private sealed class BrokerAcknowledgement(ExternalBrokerClient owner, MqttApplicationMessageReceivedEventArgs received, long generation)
        : IMessageCompletion
    {
        private int completed;

        public ValueTask CompleteAsync() =>
            Interlocked.Exchange(ref completed, 1) == 0 ? owner.AcknowledgeAsync(received, generation) : ValueTask.CompletedTask;
    }
}
