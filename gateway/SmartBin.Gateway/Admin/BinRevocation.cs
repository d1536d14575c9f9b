using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SmartBin.Gateway.Mqtt;

namespace SmartBin.Gateway.Admin;

/// <summary>
/// Makes a stored credential change (new secret, disabled, enabled) take effect at the brokers: the embedded broker
/// closes the bin's open connections (it reads the registry at every CONNECT, so the next login already sees the
/// change), and an external mosquitto's files are rewritten for its next reload.
/// </summary>
public sealed class BinRevocation(MosquittoFilesSync files, IBinConnections? connections = null)
{
    /// <summary>Applies the change of <paramref name="binId"/>; returns a <c>broker-files-failed</c> problem when the files could not be written.</summary>
    public async Task<IResult?> ApplyAsync(string binId, bool closeConnections, CancellationToken cancellationToken)
    {
        if (closeConnections && connections is not null)
        {
            await connections.CloseBinConnectionsAsync(binId, cancellationToken);
        }
        try
        {
            files.Rewrite();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AdminProblems.Result(AdminProblems.BrokerFilesFailed,
                $"the change to bin '{binId}' is stored, but the mosquitto files could not be written ({e.Message}); " +
                "fix the file permissions or disk, then repeat this call");
        }
    }
}
