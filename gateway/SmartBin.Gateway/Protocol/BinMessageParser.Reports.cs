using System;
using C = SmartBin.Gateway.Protocol.CommandResultFields;
using R = SmartBin.Gateway.Protocol.RejectionReasons;
using S = SmartBin.Gateway.Protocol.StatusFields;
using T = SmartBin.Gateway.Protocol.TelemetryFields;

namespace SmartBin.Gateway.Protocol;

/// <summary>Messages that are reported, not booked: telemetry, status, command results (never acked, no seq).</summary>
public sealed partial class BinMessageParser
{
    /// <summary>
    /// Parses <c>telemetry</c>. Its time is checked for format only: a bin without SNTP still reports useful state,
    /// and telemetry carries no clock-unset marker, so the receive time is what observers should trust.
    /// </summary>
    public ParseResult<TelemetryMessage> ParseTelemetry(ReadOnlySpan<byte> payload)
    {
        var values = FieldValues.ForThisThread();
        var problem = Structure(payload, T.Table, T.V, values) ?? RangeProblem(T.Table, values);
        if (problem is { } p)
        {
            return ParseResult<TelemetryMessage>.Rejected(p.Reason, p.Detail, 0);
        }
        var counters = new TelemetryCounters(
            values.Int(T.Cancelled), values.Int(T.Refused), values.Int(T.Unattributed), values.Int(T.DroppedEvents),
            values.Int(T.RejectedLines), values.Int(T.RejectedMessages));
        var message = new TelemetryMessage(
            values.Time(T.At), values.Int(T.Uptime), (int)values.Int(T.Weight), values.Bool(T.Stable), (int)values.Int(T.FillPct),
            (int)values.Int(T.Distance), values.Bool(T.Full), (int)values.Int(T.Rssi), values.Int(T.FreeHeap),
            (int)values.Int(T.OutboxDepth), (int)values.Int(T.OutboxCap), values.Str(T.ScaleFault), values.Bool(T.ReaderOk),
            values.Str(T.Session), (int)values.Int(T.CalVersion), values.Str(T.Fw), counters);
        return ParseResult<TelemetryMessage>.Accepted(message, 0);
    }

    /// <summary>Parses <c>status</c> (birth or will); <c>state</c> must be <c>online</c> or <c>offline</c>.</summary>
    public ParseResult<StatusMessage> ParseStatus(ReadOnlySpan<byte> payload)
    {
        var values = FieldValues.ForThisThread();
        var problem = Structure(payload, S.Table, S.V, values)
            ?? RangeProblem(S.Table, values)
            ?? WordProblem(values, S.State, Vocabulary.StatusStates, R.OutOfRange);
        if (problem is { } p)
        {
            return ParseResult<StatusMessage>.Rejected(p.Reason, p.Detail, 0);
        }
        var online = ReferenceEquals(values.Str(S.State), Vocabulary.StatusStates[0]);
        return ParseResult<StatusMessage>.Accepted(new StatusMessage(online, values.Str(S.Fw)), 0);
    }

    /// <summary>Parses <c>cmd/result</c>.</summary>
    public ParseResult<CommandResultMessage> ParseCommandResult(ReadOnlySpan<byte> payload)
    {
        var values = FieldValues.ForThisThread();
        var problem = Structure(payload, C.Table, C.V, values) ?? RangeProblem(C.Table, values);
        if (problem is { } p)
        {
            return ParseResult<CommandResultMessage>.Rejected(p.Reason, p.Detail, 0);
        }
        var message = new CommandResultMessage(
            values.Str(C.Id), values.Bool(C.Ok), values.Str(C.Error), values.Str(C.Message), values.Str(C.Value));
        return ParseResult<CommandResultMessage>.Accepted(message, 0);
    }
}
