using System;

namespace SmartBin.Gateway.Protocol;

/// <summary>A validated <c>dropoff</c> message (docs/protocol.md). Bin id comes from the connection, not from here.</summary>
/// <param name="Seq">Sequence number, ≥ 1.</param>
/// <param name="CardUid">Card UID, upper-case hex, empty when unattributed.</param>
/// <param name="StartUtc">Session start (bin clock).</param>
/// <param name="EndUtc">Session close (bin clock).</param>
/// <param name="GrossBeforeGrams">Stable gross before, g.</param>
/// <param name="GrossAfterGrams">Stable gross after, g.</param>
/// <param name="NetGrams">Net, g (= after − before).</param>
/// <param name="Items">Stable rises seen.</param>
/// <param name="Material">Material stream as sent (PET, HDPE, PP, LDPE, PS, MIXED).</param>
/// <param name="Flags">Flag bits.</param>
/// <param name="CalibrationVersion">Calibration version used.</param>
/// <param name="FirmwareVersion">Firmware version.</param>
public sealed record DropOffMessage(
    long Seq,
    string CardUid,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    int GrossBeforeGrams,
    int GrossAfterGrams,
    int NetGrams,
    int Items,
    string Material,
    int Flags,
    int CalibrationVersion,
    string FirmwareVersion);

/// <summary>A validated <c>event</c> message.</summary>
/// <param name="Seq">Sequence number (shared with drop-offs).</param>
/// <param name="Kind">emptied, tamper, fault, recovered, session-cancelled, full.</param>
/// <param name="Code">Detail code, may be empty.</param>
/// <param name="AtUtc">When it happened (bin clock).</param>
/// <param name="Grams">Weight removed or fallen, g.</param>
/// <param name="CardUid">Card involved or empty.</param>
/// <param name="ClockUnset">The bin's time is a guess.</param>
public sealed record EventMessage(long Seq, string Kind, string Code, DateTimeOffset AtUtc, int Grams, string CardUid, bool ClockUnset);

/// <summary>A validated <c>telemetry</c> message. Fill fields are −1 without a distance sensor.</summary>
/// <param name="AtUtc">Bin time of the reading.</param>
/// <param name="UptimeS">Uptime, s.</param>
/// <param name="WeightGrams">Current gross weight, g.</param>
/// <param name="Stable">Scale stable.</param>
/// <param name="FillPct">Fill level %, or −1.</param>
/// <param name="DistanceMm">Distance sensor reading, mm, or −1.</param>
/// <param name="Full">Fill level monitor says full.</param>
/// <param name="RssiDbm">Wi-Fi signal, dBm.</param>
/// <param name="FreeHeapBytes">Free managed heap, bytes.</param>
/// <param name="OutboxDepth">Messages waiting for an ack.</param>
/// <param name="OutboxCapacity">Outbox capacity.</param>
/// <param name="ScaleFault">Scale fault code, empty when healthy.</param>
/// <param name="ReaderOk">Card reader healthy.</param>
/// <param name="Session">Session state name.</param>
/// <param name="CalibrationVersion">Calibration version.</param>
/// <param name="FirmwareVersion">Firmware version.</param>
/// <param name="Counters">The bin's counters.</param>
public sealed record TelemetryMessage(
    DateTimeOffset AtUtc,
    long UptimeS,
    int WeightGrams,
    bool Stable,
    int FillPct,
    int DistanceMm,
    bool Full,
    int RssiDbm,
    long FreeHeapBytes,
    int OutboxDepth,
    int OutboxCapacity,
    string ScaleFault,
    bool ReaderOk,
    string Session,
    int CalibrationVersion,
    string FirmwareVersion,
    TelemetryCounters Counters);

/// <summary>The counters block of telemetry.</summary>
/// <param name="Cancelled">Sessions cancelled.</param>
/// <param name="Refused">Cards refused.</param>
/// <param name="Unattributed">Unattributed drop-offs.</param>
/// <param name="DroppedEvents">Events dropped because the outbox was full.</param>
/// <param name="RejectedLines">Console lines rejected.</param>
/// <param name="RejectedMessages">MQTT messages the bin rejected.</param>
public sealed record TelemetryCounters(long Cancelled, long Refused, long Unattributed, long DroppedEvents, long RejectedLines, long RejectedMessages);

/// <summary>A <c>status</c> message (birth or will).</summary>
/// <param name="Online">True for <c>online</c>, false for <c>offline</c>.</param>
/// <param name="FirmwareVersion">Firmware version.</param>
public sealed record StatusMessage(bool Online, string FirmwareVersion);

/// <summary>A <c>cmd/result</c> message.</summary>
/// <param name="Id">Command id echoed.</param>
/// <param name="Ok">Succeeded.</param>
/// <param name="Error">Error code when not ok.</param>
/// <param name="Message">Human text.</param>
/// <param name="Value">Value for get/set.</param>
public sealed record CommandResultMessage(string Id, bool Ok, string Error, string Message, string Value);
