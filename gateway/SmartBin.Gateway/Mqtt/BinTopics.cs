using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Mqtt;

/// <summary>
/// The topic layout of docs/protocol.md, <c>{root}/{binId}/{leaf}</c>, and who may use which leaf. The one place
/// that knows the leaves, so the embedded broker's interceptors, the external client's subscriptions and the
/// mosquitto ACL file can never disagree.
/// </summary>
public static class BinTopics
{
    /// <summary>Leaves a bin publishes (bin → gateway). <c>cmd/result</c> is two topic levels.</summary>
    public static IReadOnlyList<string> BinPublishLeaves { get; } = ["dropoff", "event", "telemetry", "status", "cmd/result"];

    /// <summary>Leaves a bin subscribes to (gateway → bin).</summary>
    public static IReadOnlyList<string> BinSubscribeLeaves { get; } = ["ack", "cmd"];

    /// <summary>The retained birth/will leaf.</summary>
    public const string StatusLeaf = "status";

    private const int BinIdLengthMin = 3;
    private const int BinIdLengthMax = 32;

    /// <summary>True when <paramref name="binId"/> follows the protocol's rule: 3–32 characters of a-z, 0-9 and '-'.</summary>
    public static bool IsBinId(string? binId)
    {
        if (binId is null || binId.Length < BinIdLengthMin || binId.Length > BinIdLengthMax)
        {
            return false;
        }
        foreach (var c in binId)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True for a leaf a bin may publish to.</summary>
    public static bool IsBinPublishLeaf(string leaf) => Contains(BinPublishLeaves, leaf);

    /// <summary>True for a leaf a bin may subscribe to.</summary>
    public static bool IsBinSubscribeLeaf(string leaf) => Contains(BinSubscribeLeaves, leaf);

    /// <summary>The topic <c>{root}/{binId}/{leaf}</c>.</summary>
    public static string Topic(string root, string binId, string leaf) => root + "/" + binId + "/" + leaf;

    /// <summary>
    /// Splits <paramref name="topic"/> into bin id and leaf when it is <c>{root}/{binId}/{leaf}</c> with a valid bin id
    /// and a known leaf (either direction); false for anything else, wildcards included.
    /// </summary>
    public static bool TryParse(string root, string? topic, out string binId, out string leaf)
    {
        binId = "";
        leaf = "";
        if (topic is null || topic.Length <= root.Length + 1 || !topic.StartsWith(root, StringComparison.Ordinal) || topic[root.Length] != '/')
        {
            return false;
        }
        var rest = topic.AsSpan(root.Length + 1);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }
        var id = rest[..slash].ToString();
        var tail = rest[(slash + 1)..].ToString();
        if (!IsBinId(id) || !(IsBinPublishLeaf(tail) || IsBinSubscribeLeaf(tail)))
        {
            return false;
        }
        binId = id;
        leaf = tail;
        return true;
    }

    private static bool Contains(IReadOnlyList<string> leaves, string leaf)
    {
        foreach (var candidate in leaves)
        {
            if (string.Equals(candidate, leaf, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
