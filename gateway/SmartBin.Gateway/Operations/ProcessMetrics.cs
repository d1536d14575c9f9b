using System;
using System.Diagnostics;
using System.Threading;

namespace SmartBin.Gateway.Operations;

/// <summary>Process gauges (uptime, memory, threads) written into <see cref="GatewayMetrics"/> on each scrape.</summary>
public sealed class ProcessMetrics(GatewayMetrics metrics)
{
    /// <summary>Reads the process figures now and sets the gauges.</summary>
    public void Refresh()
    {
        using var process = Process.GetCurrentProcess();
        var startedUtc = process.StartTime.ToUniversalTime();
        metrics.Set("smartbin_process_start_time_seconds", "Process start, Unix time in seconds.", new DateTimeOffset(startedUtc).ToUnixTimeMilliseconds() / 1000.0);
        // Wall clock on purpose: uptime is about the real process, not the (possibly fake) clock the domain uses.
        metrics.Set("smartbin_process_uptime_seconds", "Seconds since the process started.", Math.Max(0, (DateTime.UtcNow - startedUtc).TotalSeconds));
        metrics.Set("smartbin_process_working_set_bytes", "Physical memory in use by the process.", process.WorkingSet64);
        metrics.Set("smartbin_process_gc_heap_bytes", "Bytes in use on the managed heap.", GC.GetTotalMemory(forceFullCollection: false));
        // Committed stays 0 until the first collection; reported anyway so dashboards have a stable series.
        metrics.Set("smartbin_process_gc_committed_bytes", "Memory committed by the GC at the last collection.", GC.GetGCMemoryInfo().TotalCommittedBytes);
        metrics.Set("smartbin_process_threadpool_threads", "Thread pool threads.", ThreadPool.ThreadCount);
    }
}
