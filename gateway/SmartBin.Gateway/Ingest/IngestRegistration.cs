using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Ingest;

/// <summary>Registers the ingest services. (Placeholder: filled in by the ingest work.)</summary>
public static class IngestRegistration
{
    /// <summary>Adds the ingest services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinIngest(this IServiceCollection services, GatewayOptions options) => services;
}
