using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Redemption;

/// <summary>
/// Releases lapsed holds every <c>Redemption:ExpirySweepIntervalS</c>, in transactions of at most
/// <c>Redemption:ExpiryBatchMax</c> so ingest never waits long for the write lock. Runs on the injected
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class ReservationExpiryService(
    RedemptionService service, GatewayOptions options, GatewayMetrics metrics, TimeProvider time, ILogger<ReservationExpiryService> log) : BackgroundService
{
    /// <summary>Most batches per tick: a backlog beyond that waits for the next tick rather than hogging the writer.</summary>
    internal const int BatchesPerTickMax = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Redemption;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.ExpirySweepIntervalS), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sweep(o.ExpiryBatchMax);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One tick: expire due holds batch by batch; returns how many.</summary>
    internal int Sweep(int batchMax)
    {
        var total = 0;
        try
        {
            for (var batch = 0; batch < BatchesPerTickMax; batch++)
            {
                var n = service.ExpireDue(batchMax);
                total += n;
                if (n < batchMax)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The next tick retries; a failed batch rolled back whole. Nothing escapes: a loop that ends stops the whole
            // gateway (BackgroundFailures).
            metrics.Increment("smartbin_redemption_expiry_failures_total", "Hold expiry sweeps that failed (retried next tick).");
            log.LogError(e, "hold expiry sweep failed");
        }
        if (total > 0)
        {
            metrics.Increment("smartbin_redemption_expired_total", "Reservations released because their hold lapsed (by the sweep).", total);
            log.LogInformation("released {Count} lapsed holds", total);
        }
        return total;
    }
}
