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
    public ParseResult<TelemetryMessage> ParseTelemetry(ReadOnlySpan<byte> payload) =>
        ParseReport(payload, T.Table, T.V, static _ => null, static values => new TelemetryMessage(
            values.Time(T.At), values.Int(T.Uptime), (int)values.Int(T.Weight), values.Bool(T.Stable), (int)values.Int(T.FillPct),
            (int)values.Int(T.Distance), values.Bool(T.Full), (int)values.Int(T.Rssi), values.Int(T.FreeHeap),
            (int)values.Int(T.OutboxDepth), (int)values.Int(T.OutboxCap), values.Str(T.ScaleFault), values.Bool(T.ReaderOk),
            values.Str(T.Session), (int)values.Int(T.CalVersion), values.Str(T.Fw),
            new TelemetryCounters(
                values.Int(T.Cancelled), values.Int(T.Refused), values.Int(T.Unattributed), values.Int(T.DroppedEvents),
                values.Int(T.RejectedLines), values.Int(T.RejectedMessages))));

    /// <summary>Parses <c>status</c> (birth or will); <c>state</c> must be <c>online</c> or <c>offline</c>.</summary>
    public ParseResult<StatusMessage> ParseStatus(ReadOnlySpan<byte> payload) =>
        ParseReport(
            payload, S.Table, S.V,
            static values => WordProblem(values, S.State, Vocabulary.StatusStates, R.OutOfRange),
            static values => new StatusMessage(ReferenceEquals(values.Str(S.State), Vocabulary.StatusStates[0]), values.Str(S.Fw)));

    /// <summary>Parses <c>cmd/result</c>.</summary>
    public ParseResult<CommandResultMessage> ParseCommandResult(ReadOnlySpan<byte> payload) =>
        ParseReport(payload, C.Table, C.V, static _ => null, static values => new CommandResultMessage(
            values.Str(C.Id), values.Bool(C.Ok), values.Str(C.Error), values.Str(C.Message), values.Str(C.Value)));

    private static ParseResult<TMessage> ParseReport<TMessage>(
        ReadOnlySpan<byte> payload, FieldTable table, FieldSpec version, Func<FieldValues, Problem?> rules, Func<FieldValues, TMessage> build)
        where TMessage : class
    {
        var values = FieldValues.ForThisThread();
        var problem = Structure(payload, table, version, values) ?? RangeProblem(table, values) ?? rules(values);
        return problem is { } p ? ParseResult<TMessage>.Rejected(p.Reason, p.Detail, 0) : ParseResult<TMessage>.Accepted(build(values), 0);
    }
}
