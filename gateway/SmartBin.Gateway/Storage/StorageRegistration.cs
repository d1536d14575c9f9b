using System;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;

namespace SmartBin.Gateway.Storage;

/// <summary>Registers the system of record.</summary>
public static class StorageRegistration
{
    /// <summary>
    /// Adds one <see cref="SqliteGatewayStore"/> (opened, migrated and seeded on first use) exposed as itself,
    /// <see cref="IIngestStore"/>, <see cref="IGatewayReadModel"/> and <see cref="IBinCredentials"/>.
    /// </summary>
    public static IServiceCollection AddSmartBinStorage(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => SqliteGatewayStore.Open(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIngestStore>(sp => sp.GetRequiredService<SqliteGatewayStore>());
        services.AddSingleton<IGatewayReadModel>(sp => sp.GetRequiredService<SqliteGatewayStore>());
        services.AddSingleton<IBinCredentials>(sp => sp.GetRequiredService<SqliteGatewayStore>());
        services.AddHostedService<RetentionService>();
        return services;
    }
}
