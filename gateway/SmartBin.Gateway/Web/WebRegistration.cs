using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Web;

/// <summary>Registers the web services. (Placeholder: filled in by the web work.)</summary>
public static class WebRegistration
{
    /// <summary>Adds the web services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinWeb(this IServiceCollection services, GatewayOptions options) => services;
}

/// <summary>Maps the HTTP endpoints. (Placeholder.)</summary>
public static class WebEndpoints
{
    /// <summary>Maps health, metrics, status API and page.</summary>
    public static Microsoft.AspNetCore.Builder.WebApplication MapSmartBinWeb(this Microsoft.AspNetCore.Builder.WebApplication app) => app;
}
