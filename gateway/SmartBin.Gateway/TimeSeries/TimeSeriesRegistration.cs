using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>Registers the timeseries services. (Placeholder: filled in by the timeseries work.)</summary>
public static class TimeSeriesRegistration
{
    /// <summary>Adds the timeseries services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinTimeSeries(this IServiceCollection services, GatewayOptions options) => services;
}
