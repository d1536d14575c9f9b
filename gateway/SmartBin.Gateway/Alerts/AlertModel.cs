using System;
using System.Collections.Generic;

namespace SmartBin.Gateway.Alerts;

/// <summary>The alert kinds (wire names, also the metric label values). Rules in Alerts/README.md.</summary>
public static class AlertKinds
{
    /// <summary>Fill level at or above the bin's threshold for the persistence window.</summary>
    public const string Fill = "fill";

    /// <summary>The bin went away: will, closed connection, or silence.</summary>
    public const string Offline = "offline";

    /// <summary>The load cell reports a fault.</summary>
    public const string ScaleFault = "scale-fault";

    /// <summary>The card reader is down.</summary>
    public const string ReaderFault = "reader-fault";

    /// <summary>Weight fell during a session, or the bin reported tamper.</summary>
    public const string Tamper = "tamper";

    /// <summary>Every kind, in a fixed order (gauges are set for each, so zeros show).</summary>
    public static readonly IReadOnlyList<string> All = [Fill, Offline, ScaleFault, ReaderFault, Tamper];
}

/// <summary>Wire names of an alert change.</summary>
public static class AlertChangeKinds
{
    /// <summary>The alert opened.</summary>
    public const string Opened = "opened";

    /// <summary>The alert cleared.</summary>
    public const string Cleared = "cleared";
}

/// <summary>An alert: one opening of one kind on one bin, cleared or still open.</summary>
/// <param name="Id">Alert id (stable across its opened and cleared changes).</param>
/// <param name="BinId">Bin.</param>
/// <param name="CommunityId">Community of the bin when it is registered, else null.</param>
/// <param name="Kind">One of <see cref="AlertKinds"/>.</param>
/// <param name="Code">Detail code, e.g. <c>scale-saturated</c>, <c>will</c>, <c>silent</c>.</param>
/// <param name="OpenedUtc">When it opened.</param>
/// <param name="ClearedUtc">When it cleared; null while open.</param>
/// <param name="Detail">Human detail.</param>
public sealed record Alert(long Id, string BinId, string? CommunityId, string Kind, string Code, DateTimeOffset OpenedUtc, DateTimeOffset? ClearedUtc, string Detail)
{
    /// <summary>True while not cleared.</summary>
    public bool IsOpen => ClearedUtc is null;
}

/// <summary>One row of the alert history: an alert as it was right after it opened or cleared.</summary>
/// <param name="ChangeId">Position in the append-only history.</param>
/// <param name="Change"><see cref="AlertChangeKinds.Opened"/> or <see cref="AlertChangeKinds.Cleared"/>.</param>
/// <param name="AtUtc">When the change happened.</param>
/// <param name="Alert">The alert after the change.</param>
public sealed record AlertChange(long ChangeId, string Change, DateTimeOffset AtUtc, Alert Alert);

/// <summary>Wire names of what staff do about an alert.</summary>
public static class AlertActionKinds
{
    /// <summary>Someone is on it; the alert stays open.</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>Dealt with: the alert is cleared by staff.</summary>
    public const string Resolved = "resolved";
}

/// <summary>One acknowledgement or resolution of an alert by a staff member.</summary>
/// <param name="ActionId">Position in the append-only action log.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="Action">One of <see cref="AlertActionKinds"/>.</param>
/// <param name="ByUser">Staff username.</param>
/// <param name="AtUtc">When.</param>
/// <param name="Note">What they wrote.</param>
public sealed record AlertAction(long ActionId, long AlertId, string Action, string ByUser, DateTimeOffset AtUtc, string Note);
