using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Operations;

/// <summary>Readiness of the parts every drop-off passes through: the ledger, the MQTT side and the ingest queue.</summary>
public static class CoreReadiness
{
    /// <summary>Ingest counts as not ready when its queue is at least this full (percent): bins are being slowed down.</summary>
    public const int IngestQueueBusyPct = 90;

    /// <summary>Registers the ledger, MQTT and ingest readiness checks.</summary>
    public static IServiceCollection AddSmartBinCoreReadiness(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton<IReadinessCheck, LedgerReadiness>();
        services.AddSingleton<IReadinessCheck>(sp => new IngestReadiness(sp.GetRequiredService<IngestPipeline>(), options.Ingest.QueueCapacity));
        if (options.Mqtt.Mode == MqttMode.External)
        {
            services.AddSingleton<IReadinessCheck>(sp => new MqttReadiness(() =>
                sp.GetRequiredService<ExternalBrokerClient>().IsConnected ? (true, "connected to the broker") : (false, "not connected to the broker")));
        }
        else
        {
            services.AddSingleton<IReadinessCheck>(sp => new MqttReadiness(() =>
            {
                var broker = sp.GetRequiredService<EmbeddedBroker>();
                var listening = broker.PlainPort > 0 || broker.TlsPort > 0;
                return listening
                    ? (true, string.Create(CultureInfo.InvariantCulture, $"listening (plain {broker.PlainPort}, tls {broker.TlsPort})"))
                    : (false, "broker not listening");
            }));
        }
        return services;
    }

    private sealed class LedgerReadiness(SqliteGatewayStore store) : IReadinessCheck
    {
        public string Name => "ledger";

        public ValueTask<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
        {
            // A read through the store's own connection path: fails if the file is gone, locked or corrupt.
            _ = store.Balance(LedgerAccounts.Issuance, LedgerUnits.Points);
            return ValueTask.FromResult(new ReadinessResult(true, string.Create(CultureInfo.InvariantCulture, $"schema v{store.SchemaVersion}")));
        }
    }

    private sealed class MqttReadiness(Func<(bool Ready, string Detail)> probe) : IReadinessCheck
    {
        public string Name => "mqtt";

        public ValueTask<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
        {
            var (ready, detail) = probe();
            return ValueTask.FromResult(new ReadinessResult(ready, detail));
        }
    }

    private sealed class IngestReadiness(IngestPipeline pipeline, int capacity) : IReadinessCheck
    {
        public string Name => "ingest";

        public ValueTask<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
        {
            var queued = pipeline.QueuedCount;
            var busy = (long)queued * 100 >= (long)capacity * IngestQueueBusyPct;
            var detail = string.Create(CultureInfo.InvariantCulture, $"{queued} of {capacity} queued");
            return ValueTask.FromResult(new ReadinessResult(!busy, busy ? detail + " (bins are being slowed down)" : detail));
        }
    }
}
