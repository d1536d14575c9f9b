using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Alerts;

/// <summary>
/// Runs the <see cref="AlertEngine"/>: starts it with the host (so open alerts are loaded before ingest delivers
/// anything), judges observations as they arrive, and runs the silence check every <c>Alerts:CheckIntervalS</c>
/// on a <see cref="PeriodicTimer"/> driven by the registered <see cref="TimeProvider"/>.
/// </summary>
public sealed class AlertService(AlertEngine engine, GatewayOptions options, TimeProvider time, ILogger<AlertService> log) : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Start();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(JudgeLoopAsync(stoppingToken), CheckLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host stopping
        }
    }

    private async Task JudgeLoopAsync(CancellationToken stoppingToken)
    {
        while (await engine.WaitForObservationsAsync(stoppingToken))
        {
            engine.ProcessPending();
        }
    }

    private async Task CheckLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Alerts.CheckIntervalS), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                engine.CheckNow();
            }
            catch (Exception e) when (BackgroundFailures.IsRecoverable(e, stoppingToken))
            {
                // A store error must not end the loop: the host would stop the whole gateway (BackgroundFailures).
                log.LogError(e, "alert check failed; next check in {IntervalS} s", options.Alerts.CheckIntervalS);
            }
        }
    }
}
