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

    private const string RevokedHelp = "MQTT connections closed because the bin's secret was replaced or the bin disabled.";

    private static readonly object RevocationKey = new();

    // Per bin, how many revocations happened. A CONNECT notes the count before it reads the registry; if the count
    // moved by the time the connection is reported up, the check may have used the old credential, so that
    // connection is closed. One entry per bin ever revoked: bounded by the registry.
    private readonly ConcurrentDictionary<string, long> revocations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<int> CloseBinConnectionsAsync(string binId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(binId);
        revocations.AddOrUpdate(binId, 1, (_, count) => count + 1);
        var closed = 0;
        foreach (var client in await ClientsAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(client.Id, binId, StringComparison.Ordinal) && await CloseAsync(client).ConfigureAwait(false))
            {
                closed++;
            }
        }
        if (closed > 0)
        {
            logger.LogInformation("MQTT: closed {Count} connection(s) of bin '{BinId}' (credentials revoked)", closed, binId);
        }
        return closed;
    }

    private long RevocationsOf(string? clientId) =>
        clientId is not null && revocations.TryGetValue(clientId, out var count) ? count : 0;

    private void CloseIfRevokedDuringConnect(IDictionary sessionItems, string binId)
    {
        // MQTTnet may report a connection up only after its CONNACK went out, so this can run after a revocation
        // that already closed it, or while a newer connection of the same bin is up: close only this very
        // connection, found by its stamp, and only once.
        if (sessionItems[RevocationKey] is not RevocationStamp stamp || stamp.SeenRevocations == RevocationsOf(binId))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var client in await ClientsAsync().ConfigureAwait(false))
                {
                    if (ReferenceEquals(StampOf(client), stamp))
                    {
                        await CloseAsync(client).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "MQTT: could not close the revoked connection of '{BinId}'", binId);
            }
        });
    }

    private async Task<System.Collections.Generic.IList<MqttClientStatus>> ClientsAsync()
    {
        var running = server;
        return running is null ? [] : await running.GetClientsAsync().ConfigureAwait(false);
    }

    private static RevocationStamp? StampOf(MqttClientStatus client)
    {
        var items = client.Session?.Items;
        return items is not null && items.Contains(RevocationKey) ? items[RevocationKey] as RevocationStamp : null;
    }

    /// <summary>Closes one connection once (either path may find it first); true when this call closed it.</summary>
    private async Task<bool> CloseAsync(MqttClientStatus client)
    {
        if (StampOf(client) is { } stamp && !stamp.TryClaimClose())
        {
            return false;
        }
        await client.DisconnectAsync(new MqttServerClientDisconnectOptions
        {
            ReasonCode = MqttDisconnectReasonCode.AdministrativeAction,
            ReasonString = "credentials revoked",
        }).ConfigureAwait(false);
        metrics.Increment(RevokedMetric, RevokedHelp);
        return true;
    }

    /// <summary>Kept in a connection's session items: the revocation count its CONNECT saw, and whether it was closed.</summary>
    private sealed class RevocationStamp(long seenRevocations)
    {
        private int closeClaimed;

        public long SeenRevocations { get; } = seenRevocations;

        public bool TryClaimClose() => Interlocked.Exchange(ref closeClaimed, 1) == 0;
    }
}
