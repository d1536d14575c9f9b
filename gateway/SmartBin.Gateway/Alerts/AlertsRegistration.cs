using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Alerts;

/// <summary>Registers the alert store, engine (as an <see cref="IBinObserver"/>), its loops, the webhook and a readiness check.</summary>
public static class AlertsRegistration
{
    /// <summary>Adds the alerts services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinAlerts(this IServiceCollection services, GatewayOptions options)
    {
        var databasePath = Path.Combine(options.Storage.DataDirectory, options.Storage.DatabaseFile);
        services.AddSingleton(_ => new AlertStore(databasePath));
        services.AddSingleton<AlertWebhook>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertWebhook>());
        // The read model is another folder's; until it is registered, thresholds fall back to Alerts:FillThresholdPct.
        services.AddSingleton(sp => new AlertEngine(
            sp.GetRequiredService<GatewayOptions>(),
            sp.GetRequiredService<AlertStore>(),
            sp.GetRequiredService<AlertWebhook>(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AlertEngine>>(),
            sp.GetService<IGatewayReadModel>()));
        services.AddSingleton<IBinObserver>(sp => sp.GetRequiredService<AlertEngine>());
        services.AddHostedService<AlertService>();
        services.AddSingleton<IReadinessCheck, AlertStoreReadiness>();
        return services;
    }
}

/// <summary>Ready when the alert store is open and its tables answer.</summary>
internal sealed class AlertStoreReadiness(AlertStore store) : IReadinessCheck
{
    public string Name => "alert-store";

    public ValueTask<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        var ready = store.Probe(out var detail);
        return ValueTask.FromResult(new ReadinessResult(ready, detail));
    }
}
