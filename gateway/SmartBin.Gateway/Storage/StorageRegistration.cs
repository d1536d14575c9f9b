using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Storage;

/// <summary>Registers the storage services. (Placeholder: filled in by the storage work.)</summary>
public static class StorageRegistration
{
    /// <summary>Adds the storage services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinStorage(this IServiceCollection services, GatewayOptions options) => services;
}
