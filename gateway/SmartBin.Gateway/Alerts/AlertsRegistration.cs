using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Alerts;

/// <summary>Registers the alerts services. (Placeholder: filled in by the alerts work.)</summary>
public static class AlertsRegistration
{
    /// <summary>Adds the alerts services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinAlerts(this IServiceCollection services, GatewayOptions options) => services;
}
