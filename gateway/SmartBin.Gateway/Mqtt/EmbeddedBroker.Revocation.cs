using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace SmartBin.Gateway.Mqtt;

/// <summary>Closing a bin's connections when its secret is replaced or it is disabled.</summary>
public sealed partial class EmbeddedBroker : IBinConnections
{
    /// <summary>Connections closed because their bin's credentials were revoked.</summary>
    public const string RevokedMetric = "smartbin_mqtt_revoked_connections_total";

    private static readonly object RevocationKey = new();

    // Per bin, how many revocations happened. A CONNECT notes the count before it reads the registry; if the count
    // moved by the time the connection is up, the check may have used the old credential, so the connection is closed.
    // One entry per bin ever revoked: bounded by the registry.
    private readonly ConcurrentDictionary<string, long> revocations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<int> CloseBinConnectionsAsync(string binId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(binId);
        revocations.AddOrUpdate(binId, 1, (_, count) => count + 1);
        var running = server;
        if (running is null)
        {
            return 0;
        }
        var closed = 0;
        foreach (var client in await running.GetClientsAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(client.Id, binId, StringComparison.Ordinal))
            {
                await client.DisconnectAsync(RevokedDisconnect()).ConfigureAwait(false);
                closed++;
            }
        }
        if (closed > 0)
        {
            metrics.Increment(RevokedMetric, "MQTT connections closed because the bin's secret was replaced or the bin disabled.", closed);
            logger.LogInformation("MQTT: closed {Count} connection(s) of bin '{BinId}' (credentials revoked)", closed, binId);
        }
        return closed;
    }

    private long RevocationsOf(string? clientId) =>
        clientId is not null && revocations.TryGetValue(clientId, out var count) ? count : 0;

    private void CloseIfRevokedDuringConnect(IDictionary sessionItems, string binId)
    {
        if (sessionItems[RevocationKey] is not long seen || seen == RevocationsOf(binId))
        {
            return;
        }
        var running = server;
        if (running is null)
        {
            return;
        }
        // Not awaited here: the event runs inside the connection's own start-up.
        _ = Task.Run(async () =>
        {
            try
            {
                await running.DisconnectClientAsync(binId, RevokedDisconnect()).ConfigureAwait(false);
                metrics.Increment(RevokedMetric, "MQTT connections closed because the bin's secret was replaced or the bin disabled.");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "MQTT: could not close the revoked connection of '{BinId}'", binId);
            }
        });
    }

    private static MqttServerClientDisconnectOptions RevokedDisconnect() => new()
    {
        ReasonCode = MqttDisconnectReasonCode.AdministrativeAction,
        ReasonString = "credentials revoked",
    };
}
