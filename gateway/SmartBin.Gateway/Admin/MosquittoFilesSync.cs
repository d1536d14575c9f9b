using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Operations;

namespace SmartBin.Gateway.Admin;

/// <summary>
/// Keeps an external mosquitto's password and ACL files equal to the registry when
/// <c>SmartBin:Mqtt:External:PasswordFile</c> and <c>AclFile</c> are set: written at start (a failure stops the
/// start, naming the file) and after every secret issue, disable and enable, each atomically
/// (<see cref="MosquittoFiles.Write"/>: temp file + rename). mosquitto applies them on reload (SIGHUP).
/// </summary>
public sealed class MosquittoFilesSync(GatewayOptions options, IBinCredentials credentials, GatewayMetrics metrics, ILogger<MosquittoFilesSync> logger)
    : IHostedService
{
    /// <summary>Rewrites that failed (the registry change stood; the files are stale until the next success).</summary>
    public const string FailuresMetric = "smartbin_admin_mosquitto_write_failures_total";

    private readonly ExternalBrokerOptions external = options.Mqtt.External;
    private readonly string root = options.Mqtt.TopicRoot;
    private readonly object gate = new();

    /// <summary>True when the gateway manages the files.</summary>
    public bool Enabled => external.PasswordFile.Length > 0 && external.AclFile.Length > 0;

    /// <summary>Files written so far.</summary>
    public int Writes { get; private set; }

    /// <summary>
    /// Rewrites both files from the registry now (no-op when not enabled). Serialised, so the last writer always
    /// reads the latest registry. Throws <see cref="IOException"/> / <see cref="UnauthorizedAccessException"/> on failure.
    /// </summary>
    public void Rewrite()
    {
        if (!Enabled)
        {
            return;
        }
        lock (gate)
        {
            try
            {
                MosquittoFiles.Write(credentials, root, external.PasswordFile, external.AclFile, external.Username, external.Password);
                Writes++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                metrics.Increment(FailuresMetric, "Rewrites of the external mosquitto's password/ACL files that failed.");
                logger.LogError(e, "could not write mosquitto files {PasswordFile} / {AclFile}", external.PasswordFile, external.AclFile);
                throw;
            }
        }
        logger.LogInformation("wrote mosquitto files {PasswordFile} and {AclFile}; reload mosquitto (SIGHUP) to apply them", external.PasswordFile, external.AclFile);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Rewrite();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"cannot write SmartBin:Mqtt:External:PasswordFile '{external.PasswordFile}' / AclFile '{external.AclFile}': {e.Message}", e);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
