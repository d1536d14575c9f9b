using System;
using System.Collections.Generic;
using System.Linq;

namespace SmartBin.Gateway.Crediting;

/// <summary>Something valid from a UTC instant (inclusive) until another (exclusive), under a version name.</summary>
public interface IEffectiveDated
{
    /// <summary>Version name recorded with every credit that used it.</summary>
    string Version { get; }

    /// <summary>First instant the version is in force (inclusive).</summary>
    DateTimeOffset EffectiveFromUtc { get; }

    /// <summary>First instant it is no longer in force (exclusive); null for open-ended (only the last one).</summary>
    DateTimeOffset? EffectiveUntilUtc { get; }
}

/// <summary>
/// A contiguous run of versions: each starts exactly where the previous ends, so any instant from the first
/// start on has exactly one version in force. Gaps and overlaps are refused at construction, because a credit
/// with no price (gap) or two prices (overlap) cannot be audited.
/// </summary>
/// <typeparam name="T">The versioned entry.</typeparam>
public sealed class EffectiveTimeline<T>
    where T : IEffectiveDated
{
    private readonly T[] versionsByStart;

    /// <summary>Validates and orders the versions; throws <see cref="ArgumentException"/> on any gap or overlap.</summary>
    public EffectiveTimeline(IEnumerable<T> versions, string tableName)
    {
        ArgumentNullException.ThrowIfNull(versions);
        versionsByStart = [.. versions.OrderBy(v => v.EffectiveFromUtc)];
        if (versionsByStart.Length == 0)
        {
            throw new ArgumentException($"{tableName}: at least one version is required.", nameof(versions));
        }
        var duplicate = versionsByStart.GroupBy(v => v.Version, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"{tableName}: version '{duplicate.Key}' appears twice.", nameof(versions));
        }
        for (var i = 0; i < versionsByStart.Length; i++)
        {
            CheckLink(versionsByStart[i], i + 1 < versionsByStart.Length ? versionsByStart[i + 1] : default, tableName);
        }
    }

    /// <summary>All versions, oldest first.</summary>
    public IReadOnlyList<T> Versions => versionsByStart;

    /// <summary>The version in force at <paramref name="atUtc"/>, or null before the first version starts.</summary>
    public T? InForceAt(DateTimeOffset atUtc)
    {
        foreach (var version in versionsByStart)
        {
            var started = version.EffectiveFromUtc <= atUtc;
            var ended = version.EffectiveUntilUtc is { } until && until <= atUtc;
            if (started && !ended)
            {
                return version;
            }
        }
        return default;
    }

    private static void CheckLink(T version, T? next, string tableName)
    {
        if (string.IsNullOrWhiteSpace(version.Version))
        {
            throw new ArgumentException($"{tableName}: a version has no name.");
        }
        if (version.EffectiveUntilUtc is { } until && until <= version.EffectiveFromUtc)
        {
            throw new ArgumentException(
                $"{tableName}: version '{version.Version}' ends ({until:O}) before or when it starts ({version.EffectiveFromUtc:O}).");
        }
        if (next is null)
        {
            return;
        }
        if (version.EffectiveUntilUtc is not { } end)
        {
            throw new ArgumentException(
                $"{tableName}: version '{version.Version}' is open-ended but '{next.Version}' starts after it (overlap).");
        }
        if (end < next.EffectiveFromUtc)
        {
            throw new ArgumentException(
                $"{tableName}: gap between '{version.Version}' (until {end:O}) and '{next.Version}' (from {next.EffectiveFromUtc:O}).");
        }
        if (end > next.EffectiveFromUtc)
        {
            throw new ArgumentException(
                $"{tableName}: overlap between '{version.Version}' (until {end:O}) and '{next.Version}' (from {next.EffectiveFromUtc:O}).");
        }
    }
}
