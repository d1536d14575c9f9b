using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.TimeSeries.Sqlite;

/// <summary>Runs the SQLite store's roll-up and retention job at start and every <see cref="Interval"/>.</summary>
internal sealed class SqliteMaintenanceService(
    SqliteTimeSeriesStore store, GatewayMetrics metrics, TimeProvider time, ILogger<SqliteMaintenanceService> logger) : BackgroundService
{
    /// <summary>Time between runs; an hour is rolled up at most this long after it closes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await Task.Run(store.RunMaintenance, stoppingToken);
            }
            catch (Exception e) when (BackgroundFailures.IsRecoverable(e, stoppingToken))
            {
                metrics.MaintenanceFailed();
                logger.LogError(e, "time series roll-up/retention failed; next try in {Interval}", Interval);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
