using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using MQTTnet.Protocol;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Mqtt;

/// <summary>What a connection of the embedded broker is.</summary>
internal enum BrokerRole
{
    /// <summary>A bin, authenticated by its secret.</summary>
    Bin = 1,

    /// <summary>A read-only monitor account from configuration.</summary>
    Monitor = 2,

    /// <summary>The gateway itself (injected messages).</summary>
    Gateway = 3,
}

/// <summary>The authenticated identity kept in the MQTTnet session items.</summary>
internal sealed record BrokerIdentity(BrokerRole Role, string Name);

/// <summary>The outcome of a connect check: an identity, or a refusal with its MQTT reason and metric label.</summary>
internal readonly record struct ConnectDecision(BrokerIdentity? Identity, MqttConnectReasonCode Code, string Reason)
{
    public static ConnectDecision Accept(BrokerIdentity identity) => new(identity, MqttConnectReasonCode.Success, "");

    public static ConnectDecision Refuse(MqttConnectReasonCode code, string reason) => new(null, code, reason);
}

/// <summary>
/// Who may publish and subscribe where (docs/protocol.md, "Identity and access"): pure, so every rule is tested
/// without a broker. A bin publishes only to its own bin-to-gateway leaves and subscribes only to its own
/// <c>ack</c> and <c>cmd</c> (exact filters); a monitor subscribes to anything under the root and publishes nothing.
/// </summary>
internal sealed class BrokerPolicy(string root)
{
    public string Root { get; } = root;

    /// <summary>True when <paramref name="who"/> may publish to <paramref name="topic"/>; <paramref name="leaf"/> is then the bin leaf.</summary>
    public bool MayPublish(BrokerIdentity who, string topic, out string leaf)
    {
        leaf = "";
        if (who.Role != BrokerRole.Bin || !BinTopics.TryParse(Root, topic, out var binId, out var parsedLeaf))
        {
            return false;
        }
        if (!string.Equals(binId, who.Name, StringComparison.Ordinal) || !BinTopics.IsBinPublishLeaf(parsedLeaf))
        {
            return false;
        }
        leaf = parsedLeaf;
        return true;
    }

    /// <summary>True when <paramref name="who"/> may subscribe with <paramref name="filter"/>.</summary>
    public bool MaySubscribe(BrokerIdentity who, string filter)
    {
        switch (who.Role)
        {
            case BrokerRole.Bin:
                // Exact filters only: a wildcard never parses as a bin id or leaf.
                return BinTopics.TryParse(Root, filter, out var binId, out var leaf) &&
                       string.Equals(binId, who.Name, StringComparison.Ordinal) && BinTopics.IsBinSubscribeLeaf(leaf);
            case BrokerRole.Monitor:
                return filter.StartsWith(Root + "/", StringComparison.Ordinal) && filter.Length > Root.Length + 1;
            default:
                return false;
        }
    }
}

/// <summary>
/// Checks a CONNECT: client id = user name; bins by <see cref="IBinCredentials"/> and <see cref="BinSecretHasher"/>,
/// monitors by their configured password. A successful bin verify is cached briefly, keyed by bin, stored hash and a
/// keyed hash of the password, so a reconnect storm costs one PBKDF2 run per bin while a changed secret (new stored
/// hash) or a different password misses the cache at once.
/// </summary>
internal sealed class BrokerAuthenticator
{
    /// <summary>How long a verified (bin, hash, password) stays trusted without a new PBKDF2 run.</summary>
    public static readonly TimeSpan CacheTtl = TimeSpan.FromMinutes(5);

    /// <summary>Most cached verifications; the cache is emptied when full (bounded memory, rare re-verification).</summary>
    public const int CacheEntriesMax = 10_000;

    private readonly IBinCredentials credentials;
    private readonly Dictionary<string, byte[]> monitorPasswordDigests = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> verified = new(StringComparer.Ordinal);

    // Random per process: the cache key never holds a plain, offline-attackable digest of a secret.
    private readonly byte[] cacheKeySecret = RandomNumberGenerator.GetBytes(32);
    private long secretVerifications;

    public BrokerAuthenticator(IBinCredentials credentials, IReadOnlyList<MonitorAccount> monitors, TimeProvider time)
    {
        this.credentials = credentials;
        this.time = time;
        foreach (var m in monitors)
        {
            monitorPasswordDigests[m.Username] = SHA256.HashData(Encoding.UTF8.GetBytes(m.Password));
        }
    }

    /// <summary>PBKDF2 verifications run so far (cache misses); for tests and diagnostics.</summary>
    public long SecretVerifications => Interlocked.Read(ref secretVerifications);

    public ConnectDecision Check(string? clientId, string? userName, string? password)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return ConnectDecision.Refuse(MqttConnectReasonCode.BadUserNameOrPassword, "no-credentials");
        }
        if (!string.Equals(clientId, userName, StringComparison.Ordinal))
        {
            return ConnectDecision.Refuse(MqttConnectReasonCode.ClientIdentifierNotValid, "client-id-mismatch");
        }
        if (monitorPasswordDigests.TryGetValue(userName, out var digest))
        {
            var given = SHA256.HashData(Encoding.UTF8.GetBytes(password));
            return CryptographicOperations.FixedTimeEquals(given, digest)
                ? ConnectDecision.Accept(new BrokerIdentity(BrokerRole.Monitor, userName))
                : ConnectDecision.Refuse(MqttConnectReasonCode.BadUserNameOrPassword, "bad-secret");
        }
        return CheckBin(userName, password);
    }

    private ConnectDecision CheckBin(string binId, string password)
    {
        if (!BinTopics.IsBinId(binId))
        {
            return ConnectDecision.Refuse(MqttConnectReasonCode.NotAuthorized, "unknown-bin");
        }
        BinCredential? credential;
        try
        {
            credential = credentials.Find(binId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The registry is unreachable: say so, so the bin retries later instead of believing its secret is wrong.
            return ConnectDecision.Refuse(MqttConnectReasonCode.ServerUnavailable, "store-error");
        }
        if (credential is null)
        {
            return ConnectDecision.Refuse(MqttConnectReasonCode.NotAuthorized, "unknown-bin");
        }
        return IsVerified(credential, password)
            ? ConnectDecision.Accept(new BrokerIdentity(BrokerRole.Bin, binId))
            : ConnectDecision.Refuse(MqttConnectReasonCode.BadUserNameOrPassword, "bad-secret");
    }

    /// <summary>
    /// The check for a throttled address: accepts only a bin login verified within <see cref="CacheTtl"/> (no PBKDF2
    /// run, so a flood costs a lookup per try); refuses everything else as <c>throttled</c>.
    /// </summary>
    public ConnectDecision CheckCachedOnly(string? clientId, string? userName, string? password)
    {
        var throttled = ConnectDecision.Refuse(MqttConnectReasonCode.QuotaExceeded, "throttled");
        if (string.IsNullOrEmpty(password) || userName is null || !string.Equals(clientId, userName, StringComparison.Ordinal) ||
            !BinTopics.IsBinId(userName) || monitorPasswordDigests.ContainsKey(userName))
        {
            return throttled;
        }
        BinCredential? credential;
        try
        {
            credential = credentials.Find(userName);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ConnectDecision.Refuse(MqttConnectReasonCode.ServerUnavailable, "store-error");
        }
        return credential is not null && IsCached(CacheKey(credential, password), time.GetUtcNow())
            ? ConnectDecision.Accept(new BrokerIdentity(BrokerRole.Bin, userName))
            : throttled;
    }

    private string CacheKey(BinCredential credential, string password) =>
        credential.BinId + "\n" + credential.SecretHash + "\n" +
        Convert.ToBase64String(HMACSHA256.HashData(cacheKeySecret, Encoding.UTF8.GetBytes(password)));

    private bool IsCached(string key, DateTimeOffset now) => verified.TryGetValue(key, out var until) && until > now;

    private bool IsVerified(BinCredential credential, string password)
    {
        var key = CacheKey(credential, password);
        var now = time.GetUtcNow();
        if (IsCached(key, now))
        {
            return true;
        }
        Interlocked.Increment(ref secretVerifications);
        if (!BinSecretHasher.Verify(password, credential.SecretHash))
        {
            verified.TryRemove(key, out _);
            return false;
        }
        if (verified.Count >= CacheEntriesMax)
        {
            verified.Clear();
        }
        verified[key] = now + CacheTtl;
        return true;
    }
}
