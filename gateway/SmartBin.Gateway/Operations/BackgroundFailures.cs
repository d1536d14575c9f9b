using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace SmartBin.Gateway.Operations;

/// <summary>
/// The guard of the loops that run for the gateway's life beside ingest (time-series writer and sender, alert judge
/// and check, alert webhook, housekeeping). The host stops the whole gateway, ingest included, when one of them
/// throws (<c>BackgroundServiceExceptionBehavior.StopHost</c>): an InfluxDB or a webhook receiver that resets a
/// connection at the wrong moment must not cost every bin its gateway. Each loop therefore catches what
/// <see cref="IsRecoverable"/> allows around one pass, reports it with <see cref="Record"/> and goes on after a pause.
/// </summary>
internal static class BackgroundFailures
{
    /// <summary>Failed passes of a background loop, by loop.</summary>
    public const string Metric = "smartbin_background_failures_total";

    /// <summary>Pause after a failed pass, so a fault that persists costs a log line a second, not a busy loop.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>Everything but running out of memory and the host's own stop request.</summary>
    public static bool IsRecoverable(Exception e, CancellationToken stopping) =>
        e is not OutOfMemoryException && !(e is OperationCanceledException && stopping.IsCancellationRequested);

    /// <summary>Counts and logs (with the exception) one failed pass of <paramref name="loop"/>.</summary>
    public static void Record(GatewayMetrics metrics, ILogger logger, string loop, Exception e)
    {
        metrics.Increment(Metric, "Failed passes of the gateway's background loops (each retried after a pause), by loop.", 1, ("loop", loop));
        logger.LogError(e, "background loop {Loop} failed; it goes on after {PauseS} s", loop, Pause.TotalSeconds);
    }

    /// <summary>Waits <see cref="Pause"/> after a failed pass; false when the host stopped during the wait.</summary>
    public static async Task<bool> PauseAsync(TimeProvider time, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Pause, time, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
