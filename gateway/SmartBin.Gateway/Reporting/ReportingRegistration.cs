using System;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Storage;

namespace SmartBin.Gateway.Reporting;

/// <summary>Registers the reporting services.</summary>
public static class ReportingRegistration
{
    /// <summary>
    /// Adds <see cref="ReportingService"/> (singleton) over the registered <see cref="SqliteGatewayStore"/>, with the
    /// carbon factor table the store's engine is built from (<see cref="SqliteGatewayStore.CreateEngine"/>: the defaults).
    /// </summary>
    public static IServiceCollection AddSmartBinReporting(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new ReportingService(
            sp.GetRequiredService<SqliteGatewayStore>(),
            options.Reporting,
            new CarbonFactorTable(CreditingDefaults.CarbonFactors()),
            options.Crediting.CarbonBaseline,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
