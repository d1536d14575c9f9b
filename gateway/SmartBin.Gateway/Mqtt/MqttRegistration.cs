using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Mqtt;

/// <summary>Registers the mqtt services. (Placeholder: filled in by the mqtt work.)</summary>
public static class MqttRegistration
{
    /// <summary>Adds the mqtt services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinMqtt(this IServiceCollection services, GatewayOptions options) => services;
}
