using System;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>The door the redemption service (Redemption/) uses to write partners, redemptions and their transfers.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction under the store's write lock, committing when
    /// <paramref name="commit"/> says so. Redemptions write their rows and their ledger transfers
    /// (<see cref="Writer.Post"/>, which keeps the balance cache exact) here, so a state change and its money move
    /// together or not at all.
    /// </summary>
    internal T WriteTransaction<T>(Func<Writer, T> work, Func<T, bool>? commit = null) => Write(work, commit);
}
