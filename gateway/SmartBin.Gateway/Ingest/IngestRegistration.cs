using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Ingest;

/// <summary>Registers the ingest pipeline: one singleton that is both the MQTT side's sink and a hosted service.</summary>
public static class IngestRegistration
{
    /// <summary>
    /// Adds the ingest services for <paramref name="options"/>. Needs an <see cref="IIngestStore"/>, an
    /// <see cref="IBinPublisher"/> (resolved when the pipeline starts, so the MQTT side may depend on the sink) and
    /// any number of <see cref="IBinObserver"/>s.
    /// </summary>
    public static IServiceCollection AddSmartBinIngest(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(sp => new IngestPipeline(
            options.Ingest,
            sp.GetRequiredService<IIngestStore>(),
            () => sp.GetRequiredService<IBinPublisher>(),
            sp.GetServices<IBinObserver>().ToArray(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<IngestPipeline>>()));
        services.AddSingleton<IBinMessageSink>(sp => sp.GetRequiredService<IngestPipeline>());
        services.AddHostedService(sp => sp.GetRequiredService<IngestPipeline>());
        return services;
    }
}
