using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Storage;

/// <summary>
/// Hourly housekeeping of the system of record: deletes rejected messages older than
/// <c>Storage:RejectedRetentionDays</c>, so a bin that sends junk cannot grow the database without bound.
/// </summary>
public sealed class RetentionService(SqliteGatewayStore store, GatewayOptions options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    /// <summary>How often the retention runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>One pass; returns the rows deleted.</summary>
    public int RunOnce()
    {
        var before = time.GetUtcNow().AddDays(-options.Storage.RejectedRetentionDays);
        var deleted = store.PruneRejectedMessages(before);
        if (deleted > 0)
        {
            logger.LogInformation("Retention: deleted {Count} rejected message(s) received before {Before:O}", deleted, before);
        }
        return deleted;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                RunOnce();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Housekeeping must never stop the gateway; the next pass tries again.
                logger.LogWarning(e, "Retention pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
