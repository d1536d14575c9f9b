using System;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Mqtt;

namespace SmartBin.Gateway.Admin;

/// <summary>Registers the admin API's services; <see cref="AdminEndpoints.MapSmartBinAdmin"/> maps its endpoints.</summary>
public static class AdminRegistration
{
    /// <summary>
    /// Adds the failed-authentication limiter, the external mosquitto file sync (a hosted service that writes the files
    /// at start when configured) and the revocation step. Needs the storage and MQTT registrations.
    /// </summary>
    public static IServiceCollection AddSmartBinAdmin(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<FailedAuthLimiter>();
        services.AddSingleton<MosquittoFilesSync>();
        services.AddHostedService(sp => sp.GetRequiredService<MosquittoFilesSync>());
        services.AddSingleton(sp => new BinRevocation(sp.GetRequiredService<MosquittoFilesSync>(), sp.GetService<IBinConnections>()));
        return services;
    }
}
