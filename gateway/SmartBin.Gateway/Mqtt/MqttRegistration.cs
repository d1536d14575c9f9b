using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;

namespace SmartBin.Gateway.Mqtt;

/// <summary>Registers the MQTT side: the embedded broker or the external broker client, as a hosted service and as the <see cref="IBinPublisher"/>.</summary>
public static class MqttRegistration
{
    /// <summary>
    /// Adds the MQTT side chosen by <c>SmartBin:Mqtt:Mode</c>. It needs <see cref="IBinCredentials"/> (embedded mode),
    /// <see cref="IBinMessageSink"/> and any number of <see cref="IBinObserver"/>s from the other registrations.
    /// </summary>
    public static IServiceCollection AddSmartBinMqtt(this IServiceCollection services, GatewayOptions options)
    {
        if (options.Mqtt.Mode == MqttMode.External)
        {
            services.AddSingleton<ExternalBrokerClient>();
            services.AddSingleton<IBinPublisher>(sp => sp.GetRequiredService<ExternalBrokerClient>());
            services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerClient>());
        }
        else
        {
            services.AddSingleton<EmbeddedBroker>();
            services.AddSingleton<IBinPublisher>(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddSingleton<IBinConnections>(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        return services;
    }
}
