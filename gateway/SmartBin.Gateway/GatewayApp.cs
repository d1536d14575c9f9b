using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartBin.Gateway.Admin;
using SmartBin.Gateway.Alerts;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Reporting;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.TimeSeries;
using SmartBin.Gateway.Web;

namespace SmartBin.Gateway;

/// <summary>Configuration that failed validation; the message lists every bad key and why.</summary>
public sealed class GatewayConfigurationException(IReadOnlyList<string> failures)
    : Exception("invalid configuration:\n  " + string.Join("\n  ", failures))
{
    /// <summary>One line per problem.</summary>
    public IReadOnlyList<string> Failures { get; } = failures;
}

/// <summary>Builds the gateway host: the same code path for <c>Program.Main</c> and for tests.</summary>
public static class GatewayApp
{
    /// <summary>
    /// Builds (does not start) the gateway. <paramref name="overrides"/> (highest precedence) lets tests set keys
    /// such as <c>SmartBin:Mqtt:Embedded:Port</c>. Throws <see cref="GatewayConfigurationException"/> on bad configuration.
    /// </summary>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        builder.Logging.AddSimpleConsoleLogging(builder.Configuration);
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IOptions<GatewayOptions>>(Options.Create(options));
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services
            .AddSmartBinStorage(options)
            .AddSmartBinTimeSeries(options)
            .AddSmartBinAlerts(options)
            .AddSmartBinIngest(options)
            .AddSmartBinMqtt(options)
            .AddSmartBinWeb(options)
            .AddSmartBinRedemption(options)
            .AddSmartBinCoreReadiness(options)
            .AddSmartBinAdmin(options)
            .AddSmartBinReporting(options);
        var app = builder.Build();
        app.MapSmartBinWeb();
        app.MapSmartBinAdmin();
        app.MapSmartBinRedemption();
        return app;
    }

    /// <summary>Binds and validates the <c>SmartBin</c> section.</summary>
    public static GatewayOptions ReadOptions(IConfiguration configuration)
    {
        GatewayOptions options;
        try
        {
            options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key, e.g. "Failed to convert configuration value at 'SmartBin:Mqtt:Mode' ...".
            throw new GatewayConfigurationException([e.Message]);
        }
        var failures = GatewayOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new GatewayConfigurationException(failures);
        }
        return options;
    }
}
