using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Gateway.Operations;

/// <summary>The outcome of one readiness check.</summary>
/// <param name="Ready">True when this part can serve.</param>
/// <param name="Detail">Short human detail (e.g. "3 open", "broker not listening"); never a secret.</param>
public sealed record ReadinessResult(bool Ready, string Detail);

/// <summary>
/// One thing <c>GET /health/ready</c> asks before it answers 200: register each implementation as a singleton
/// <c>services.AddSingleton&lt;IReadinessCheck, MyCheck&gt;()</c>. The endpoint lists every check by
/// <see cref="Name"/>; a check that throws or takes longer than the endpoint's timeout counts as not ready.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Short stable name, e.g. <c>alert-store</c>, <c>ledger</c>, <c>mqtt-broker</c>.</summary>
    string Name { get; }

    /// <summary>Checks now. Should be cheap (a query, a flag): it runs on every probe.</summary>
    ValueTask<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}
