using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Operations;
using SmartBin.Gateway.TimeSeries.Influx;
using SmartBin.Gateway.TimeSeries.Sqlite;

namespace SmartBin.Gateway.TimeSeries;

/// <summary>
/// Registers the time series recorder (an <see cref="IBinObserver"/> next to the others), the background writer,
/// the backend chosen by <c>SmartBin:TimeSeries:Backend</c> and its <see cref="ITimeSeriesReader"/>.
/// </summary>
public static class TimeSeriesRegistration
{
    /// <summary>Most points per SQLite transaction.</summary>
    public const int SqliteBatchMax = 5_000;

    /// <summary>Longest a point waits before its SQLite batch is written.</summary>
    public static readonly TimeSpan SqliteFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Adds the time series services for <paramref name="options"/>.</summary>
    public static IServiceCollection AddSmartBinTimeSeries(this IServiceCollection services, GatewayOptions options)
    {
        var dataDirectory = options.Storage.DataDirectory;
        services.AddSingleton(sp => new TimeSeriesRecorder(
            dataDirectory, TimeSpan.FromSeconds(options.Ingest.MaxFutureSkewS),
            sp.GetRequiredService<GatewayMetrics>(), sp.GetRequiredService<ILogger<TimeSeriesRecorder>>()));
        // AddSingleton (not TryAdd) so the alert engine's and live state's observers coexist with this one.
        services.AddSingleton<IBinObserver>(sp => sp.GetRequiredService<TimeSeriesRecorder>());
        if (options.TimeSeries.Backend == TimeSeriesBackend.Influx)
        {
            AddInflux(services, options);
        }
        else
        {
            AddSqlite(services, options);
        }
        services.AddSingleton<IHostedService, TimeSeriesWriterService>();
        return services;
    }

    private static void AddSqlite(IServiceCollection services, GatewayOptions options)
    {
        var t = options.TimeSeries;
        services.AddSingleton(sp => new SqliteTimeSeriesStore(
            options.Storage.DataDirectory, t.RawRetentionDays, t.RollupRetentionDays, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITimeSeriesReader>(sp => sp.GetRequiredService<SqliteTimeSeriesStore>());
        services.AddSingleton<ITimeSeriesSink>(sp => sp.GetRequiredService<SqliteTimeSeriesStore>());
        services.AddSingleton(new WriterSettings(SqliteBatchMax, SqliteFlushInterval));
        services.AddSingleton<IHostedService, SqliteMaintenanceService>();
    }

    private static void AddInflux(IServiceCollection services, GatewayOptions options)
    {
        var influx = options.TimeSeries.Influx;
        services.AddSingleton(sp => new InfluxHttp(influx, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new InfluxOutbox(
            options.Storage.DataDirectory, influx.BatchLines, sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<ILogger<InfluxOutbox>>()));
        services.AddSingleton<ITimeSeriesSink>(sp => sp.GetRequiredService<InfluxOutbox>());
        services.AddSingleton<ITimeSeriesReader>(sp => new InfluxTimeSeriesReader(sp.GetRequiredService<InfluxHttp>()));
        services.AddSingleton(new WriterSettings(influx.BatchLines, TimeSpan.FromMilliseconds(influx.FlushIntervalMs)));
        services.AddSingleton<IHostedService>(sp => new InfluxSender(
            sp.GetRequiredService<InfluxOutbox>(), sp.GetRequiredService<InfluxHttp>(), influx, sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<InfluxSender>>()));
    }
}
