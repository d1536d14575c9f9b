using System;
using System.Collections.Generic;
using System.Globalization;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Protocol;

namespace SmartBin.Gateway.Alerts;

/// <summary>What a rule wants for one (bin, kind): open it (no-op when open) or clear it (no-op when not open).</summary>
/// <param name="Kind">Alert kind.</param>
/// <param name="Open">True to open, false to clear.</param>
/// <param name="Code">Detail code for an opening.</param>
/// <param name="Detail">Human detail for the change.</param>
internal readonly record struct AlertDecision(string Kind, bool Open, string Code, string Detail)
{
    public static AlertDecision Opening(string kind, string code, string detail) => new(kind, true, code, detail);

    public static AlertDecision Clearing(string kind, string detail) => new(kind, false, "", detail);
}

/// <summary>What the rules remember about one bin between messages (owned by the engine, touched under its lock).</summary>
internal sealed class BinTrack(DateTimeOffset lastHeardUtc)
{
    /// <summary>Last message that proves the bin is alive (not the will).</summary>
    public DateTimeOffset LastHeardUtc { get; set; } = lastHeardUtc;

    /// <summary>First reading of the current unbroken run at or above the threshold; null when the last reading was below.</summary>
    public DateTimeOffset? FillAboveSinceUtc { get; set; }

    /// <summary>Last fill reading, % (−1: none or no sensor).</summary>
    public int LastFillPct { get; set; } = -1;
}

/// <summary>
/// The alert rules as pure functions of (what the bin said, what we remember, thresholds) → decisions.
/// Documented in Alerts/README.md; keep the two in step.
/// </summary>
internal static class AlertRules
{
    /// <summary>A fill alert clears only when the level falls this far below the threshold, so a level hovering at the
    /// threshold (sensor noise, a bag settling) does not open and clear an alert every minute.</summary>
    public const int FillHysteresisPct = 5;

    /// <summary>Drop-off flag: the weight fell during the session.</summary>
    public const int TamperSeenFlag = (int)DropOffFlags.TamperSeen;

    public static List<AlertDecision> Telemetry(BinTrack track, TelemetryMessage m, DateTimeOffset atUtc, int thresholdPct, TimeSpan persistence, bool fillOpen)
    {
        track.LastHeardUtc = atUtc;
        var decisions = new List<AlertDecision> { AlertDecision.Clearing(AlertKinds.Offline, "telemetry received") };
        Fill(decisions, track, m.FillPct, atUtc, thresholdPct, persistence, fillOpen);
        decisions.Add(m.ScaleFault.Length > 0
            ? AlertDecision.Opening(AlertKinds.ScaleFault, m.ScaleFault, "telemetry scaleFault " + m.ScaleFault)
            : AlertDecision.Clearing(AlertKinds.ScaleFault, "telemetry scaleFault empty"));
        decisions.Add(m.ReaderOk
            ? AlertDecision.Clearing(AlertKinds.ReaderFault, "telemetry readerOk true")
            : AlertDecision.Opening(AlertKinds.ReaderFault, "reader-down", "telemetry readerOk false"));
        return decisions;
    }

    public static List<AlertDecision> Status(BinTrack track, StatusMessage m, DateTimeOffset atUtc)
    {
        if (!m.Online)
        {
            // The will is published by the broker on the bin's behalf: it proves the bin is gone, not alive.
            return [AlertDecision.Opening(AlertKinds.Offline, "will", "status offline (will)")];
        }
        track.LastHeardUtc = atUtc;
        return [AlertDecision.Clearing(AlertKinds.Offline, "status online")];
    }

    public static List<AlertDecision> Connection(BinTrack track, bool connected, DateTimeOffset atUtc)
    {
        if (!connected)
        {
            return [AlertDecision.Opening(AlertKinds.Offline, "connection-closed", "broker saw the connection close")];
        }
        track.LastHeardUtc = atUtc;
        return [AlertDecision.Clearing(AlertKinds.Offline, "connection opened")];
    }

    public static List<AlertDecision> Event(BinTrack track, EventMessage m, DateTimeOffset atUtc)
    {
        track.LastHeardUtc = atUtc;
        var decisions = new List<AlertDecision> { AlertDecision.Clearing(AlertKinds.Offline, "event received") };
        var isScale = m.Code.StartsWith("scale-", StringComparison.Ordinal);
        var isReader = m.Code == "reader-down";
        switch (m.Kind)
        {
            case "emptied":
                track.FillAboveSinceUtc = null;
                decisions.Add(AlertDecision.Clearing(AlertKinds.Fill, "emptied event"));
                decisions.Add(AlertDecision.Clearing(AlertKinds.Tamper, "emptied event"));
                break;
            case "tamper":
                decisions.Add(AlertDecision.Opening(AlertKinds.Tamper, "tamper", $"tamper event seq {m.Seq}, {m.Grams} g fell"));
                break;
            case "session-cancelled" when m.Code == "tamper":
                decisions.Add(AlertDecision.Opening(AlertKinds.Tamper, "session-cancelled", $"session cancelled for tamper, seq {m.Seq}"));
                break;
            case "fault" when isScale:
                decisions.Add(AlertDecision.Opening(AlertKinds.ScaleFault, m.Code, $"fault event seq {m.Seq}"));
                break;
            case "fault" when isReader:
                decisions.Add(AlertDecision.Opening(AlertKinds.ReaderFault, m.Code, $"fault event seq {m.Seq}"));
                break;
            case "recovered" when isScale:
                decisions.Add(AlertDecision.Clearing(AlertKinds.ScaleFault, $"recovered {m.Code}"));
                break;
            case "recovered" when isReader:
                decisions.Add(AlertDecision.Clearing(AlertKinds.ReaderFault, $"recovered {m.Code}"));
                break;
        }
        return decisions;
    }

    public static List<AlertDecision> DropOff(BinTrack track, DropOffMessage m, DateTimeOffset atUtc)
    {
        track.LastHeardUtc = atUtc;
        var tamper = (m.Flags & TamperSeenFlag) != 0
            ? AlertDecision.Opening(AlertKinds.Tamper, "tamper-seen", $"drop-off seq {m.Seq} flagged tamperSeen")
            : AlertDecision.Clearing(AlertKinds.Tamper, $"normal drop-off seq {m.Seq}");
        return [AlertDecision.Clearing(AlertKinds.Offline, "drop-off received"), tamper];
    }

    /// <summary>The periodic check: silence, and a fill run that has lasted long enough without a new reading.</summary>
    public static List<AlertDecision> Tick(BinTrack track, DateTimeOffset nowUtc, TimeSpan offlineAfter, TimeSpan persistence, int thresholdPct)
    {
        var decisions = new List<AlertDecision>();
        var silent = nowUtc - track.LastHeardUtc;
        if (silent >= offlineAfter)
        {
            decisions.Add(AlertDecision.Opening(AlertKinds.Offline, "silent", $"nothing heard for {(long)silent.TotalSeconds} s"));
        }
        if (FillRunLongEnough(track, nowUtc, persistence))
        {
            decisions.Add(FillOpening(track, thresholdPct, nowUtc));
        }
        return decisions;
    }

    private static void Fill(List<AlertDecision> decisions, BinTrack track, int fillPct, DateTimeOffset atUtc, int thresholdPct, TimeSpan persistence, bool fillOpen)
    {
        if (fillPct < 0)
        {
            return; // no distance sensor: the fill rule has nothing to judge
        }
        track.LastFillPct = fillPct;
        if (fillPct >= thresholdPct)
        {
            track.FillAboveSinceUtc ??= atUtc;
            if (FillRunLongEnough(track, atUtc, persistence))
            {
                decisions.Add(FillOpening(track, thresholdPct, atUtc));
            }
            return;
        }
        track.FillAboveSinceUtc = null;
        if (fillOpen && fillPct < thresholdPct - FillHysteresisPct)
        {
            decisions.Add(AlertDecision.Clearing(AlertKinds.Fill, $"fill {fillPct}% below {thresholdPct - FillHysteresisPct}%"));
        }
    }

    private static bool FillRunLongEnough(BinTrack track, DateTimeOffset atUtc, TimeSpan persistence) =>
        track.FillAboveSinceUtc is { } since && atUtc - since >= persistence;

    private static AlertDecision FillOpening(BinTrack track, int thresholdPct, DateTimeOffset atUtc)
    {
        var heldS = (long)(atUtc - track.FillAboveSinceUtc!.Value).TotalSeconds;
        return AlertDecision.Opening(AlertKinds.Fill, "",
            string.Create(CultureInfo.InvariantCulture, $"fill {track.LastFillPct}% >= {thresholdPct}% for {heldS} s"));
    }
}
