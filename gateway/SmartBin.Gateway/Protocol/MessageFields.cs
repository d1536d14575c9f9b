using static SmartBin.Gateway.Protocol.FieldType;
using L = SmartBin.Gateway.Protocol.ProtocolLimits;

namespace SmartBin.Gateway.Protocol;

/// <summary>Wire vocabularies of docs/protocol.md.</summary>
internal static class Vocabulary
{
    public static readonly string[] Materials = ["PET", "HDPE", "PP", "LDPE", "PS", "MIXED"];

    public static readonly string[] EventKinds = ["emptied", "tamper", "fault", "recovered", "session-cancelled", "full"];

    // Codes and states are not judged (a newer firmware may add some); listing them only saves allocating them.
    public static readonly string[] EventCodes = ["", "scale-no-samples", "scale-saturated", "scale-zero-range", "reader-down", "no-drop", "tamper"];

    public static readonly string[] SessionStates = ["idle", "waiting", "open", "moving"];

    public static readonly string[] StatusStates = ["online", "offline"];

    public static readonly string[] Empty = [""];
}

/// <summary>The <c>dropoff</c> fields, in wire order.</summary>
internal static class DropOffFields
{
    public static readonly FieldSpec V = new("v", Int, 1, 1);
    public static readonly FieldSpec Id = new("id", String, 1, 64);
    public static readonly FieldSpec Seq = new("seq", Int, 1, L.SeqMax);
    public static readonly FieldSpec Card = new("card", String, 0, 20, Vocabulary.Empty);
    public static readonly FieldSpec Start = new("start", Time);
    public static readonly FieldSpec End = new("end", Time);
    public static readonly FieldSpec GrossBefore = new("grossBeforeG", Int, 0, L.GramsMax);
    public static readonly FieldSpec GrossAfter = new("grossAfterG", Int, 0, L.GramsMax);
    public static readonly FieldSpec Net = new("netG", Int, 0, L.GramsMax);
    public static readonly FieldSpec Items = new("items", Int, 0, L.ItemsMax);
    public static readonly FieldSpec Material = new("material", String, 1, L.CodeCharsMax, Vocabulary.Materials);
    public static readonly FieldSpec Flags = new("flags", Int, 0, L.DropOffFlagsAll);
    public static readonly FieldSpec CalVersion = new("calVersion", Int, 0, L.CalibrationVersionMax);
    public static readonly FieldSpec Fw = new("fw", String, 0, L.FirmwareVersionCharsMax);

    public static readonly FieldTable Table =
        FieldTable.Message(V, Id, Seq, Card, Start, End, GrossBefore, GrossAfter, Net, Items, Material, Flags, CalVersion, Fw);
}

/// <summary>The <c>event</c> fields, in wire order.</summary>
internal static class EventFields
{
    public static readonly FieldSpec V = new("v", Int, 1, 1);
    public static readonly FieldSpec Id = new("id", String, 1, 64);
    public static readonly FieldSpec Seq = new("seq", Int, 1, L.SeqMax);
    public static readonly FieldSpec Kind = new("kind", String, 1, L.CodeCharsMax, Vocabulary.EventKinds);
    public static readonly FieldSpec Code = new("code", String, 0, L.CodeCharsMax, Vocabulary.EventCodes);
    public static readonly FieldSpec At = new("at", Time);
    public static readonly FieldSpec Grams = new("grams", Int, 0, L.GramsMax);
    public static readonly FieldSpec Card = new("card", String, 0, 20, Vocabulary.Empty);
    public static readonly FieldSpec ClockUnset = new("clockUnset", Bool);

    public static readonly FieldTable Table = FieldTable.Message(V, Id, Seq, Kind, Code, At, Grams, Card, ClockUnset);
}

/// <summary>The <c>telemetry</c> fields, in wire order.</summary>
internal static class TelemetryFields
{
    public static readonly FieldSpec V = new("v", Int, 1, 1);
    public static readonly FieldSpec At = new("at", Time);
    public static readonly FieldSpec Uptime = new("uptimeS", Int, 0, L.CounterMax);
    public static readonly FieldSpec Weight = new("weightG", Int, -L.GramsMax, L.GramsMax);
    public static readonly FieldSpec Stable = new("stable", Bool);
    public static readonly FieldSpec FillPct = new("fillPct", Int, -1, 100);
    public static readonly FieldSpec Distance = new("distanceMm", Int, -1, L.DistanceMmMax);
    public static readonly FieldSpec Full = new("full", Bool);
    public static readonly FieldSpec Rssi = new("rssiDbm", Int, L.RssiDbmMin, 0);
    public static readonly FieldSpec FreeHeap = new("freeHeapB", Int, 0, int.MaxValue);
    public static readonly FieldSpec OutboxDepth = new("outboxDepth", Int, 0, L.OutboxEntriesMax);
    public static readonly FieldSpec OutboxCap = new("outboxCap", Int, 0, L.OutboxEntriesMax);
    public static readonly FieldSpec ScaleFault = new("scaleFault", String, 0, L.CodeCharsMax, Vocabulary.EventCodes);
    public static readonly FieldSpec ReaderOk = new("readerOk", Bool);
    public static readonly FieldSpec Session = new("session", String, 0, L.CodeCharsMax, Vocabulary.SessionStates);
    public static readonly FieldSpec CalVersion = new("calVersion", Int, 0, L.CalibrationVersionMax);
    public static readonly FieldSpec Fw = new("fw", String, 0, L.FirmwareVersionCharsMax);
    public static readonly FieldSpec Cancelled = new("cancelled", Int, 0, L.CounterMax);
    public static readonly FieldSpec Refused = new("refused", Int, 0, L.CounterMax);
    public static readonly FieldSpec Unattributed = new("unattributed", Int, 0, L.CounterMax);
    public static readonly FieldSpec DroppedEvents = new("droppedEvents", Int, 0, L.CounterMax);
    public static readonly FieldSpec RejectedLines = new("rejectedLines", Int, 0, L.CounterMax);
    public static readonly FieldSpec RejectedMessages = new("rejectedMessages", Int, 0, L.CounterMax);

    public static readonly FieldSpec Counters = new("counters", Object, children: FieldTable.Nested(
        Cancelled, Refused, Unattributed, DroppedEvents, RejectedLines, RejectedMessages));

    public static readonly FieldTable Table = FieldTable.Message(
        V, At, Uptime, Weight, Stable, FillPct, Distance, Full, Rssi, FreeHeap, OutboxDepth, OutboxCap, ScaleFault, ReaderOk,
        Session, CalVersion, Fw, Counters);
}

/// <summary>The <c>status</c> fields.</summary>
internal static class StatusFields
{
    public static readonly FieldSpec V = new("v", Int, 1, 1);
    public static readonly FieldSpec State = new("state", String, 1, L.CodeCharsMax, Vocabulary.StatusStates);
    public static readonly FieldSpec Fw = new("fw", String, 0, L.FirmwareVersionCharsMax);

    public static readonly FieldTable Table = FieldTable.Message(V, State, Fw);
}

/// <summary>The <c>cmd/result</c> fields.</summary>
internal static class CommandResultFields
{
    public static readonly FieldSpec V = new("v", Int, 1, 1);
    public static readonly FieldSpec Id = new("id", String, 1, L.CommandIdCharsMax);
    public static readonly FieldSpec Ok = new("ok", Bool);
    public static readonly FieldSpec Error = new("error", String, 0, L.CodeCharsMax, Vocabulary.Empty);
    public static readonly FieldSpec Message = new("message", String, 0, L.CommandTextCharsMax, Vocabulary.Empty);
    public static readonly FieldSpec Value = new("value", String, 0, L.CommandTextCharsMax, Vocabulary.Empty);

    public static readonly FieldTable Table = FieldTable.Message(V, Id, Ok, Error, Message, Value);
}
