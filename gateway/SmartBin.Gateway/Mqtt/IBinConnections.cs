using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// Closes a bin's live MQTT connections when its credentials change (new secret, disabled). Implemented by the
/// embedded broker, which also checks the registry at every CONNECT; absent in External mode (the external broker
/// applies its rewritten password file at reload).
/// </summary>
public interface IBinConnections
{
    /// <summary>
    /// Closes every open connection of <paramref name="binId"/>, and one whose CONNECT is being checked right now as
    /// soon as it completes. Returns how many open connections were closed.
    /// </summary>
    Task<int> CloseBinConnectionsAsync(string binId, CancellationToken cancellationToken);
}
