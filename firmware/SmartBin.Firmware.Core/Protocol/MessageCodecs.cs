using SmartBin.Firmware.Core.Session;

namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>Encoders for what the bin publishes; field names and units are those of docs/protocol.md.</summary>
    public static class MessageCodecs
    {
        /// <summary>Writes a drop-off message.</summary>
        public static void EncodeDropOff(JsonWriter w, string binId, DropOffRecord r)
        {
            w.Reset();
            w.BeginObject(null);
            w.WriteInt("v", ProtocolVersion.Current);
            WriteId(w, binId, r.Sequence);
            w.WriteInt("seq", r.Sequence);
            w.WriteString("card", r.CardUid);
            w.WriteUtc("start", r.SessionStartUtc);
            w.WriteUtc("end", r.SessionEndUtc);
            w.WriteInt("grossBeforeG", r.GrossBeforeGrams);
            w.WriteInt("grossAfterG", r.GrossAfterGrams);
            w.WriteInt("netG", r.NetGrams);
            w.WriteInt("items", r.ItemCount);
            w.WriteString("material", r.Material);
            w.WriteInt("flags", r.Flags);
            w.WriteInt("calVersion", r.CalibrationVersion);
            w.WriteString("fw", r.FirmwareVersion);
            w.EndObject();
        }

        /// <summary>Writes an event message.</summary>
        public static void EncodeEvent(JsonWriter w, string binId, BinEvent e)
        {
            w.Reset();
            w.BeginObject(null);
            w.WriteInt("v", ProtocolVersion.Current);
            WriteId(w, binId, e.Sequence);
            w.WriteInt("seq", e.Sequence);
            w.WriteString("kind", e.Kind);
            w.WriteString("code", e.Code);
            w.WriteUtc("at", e.Utc);
            w.WriteInt("grams", e.Grams);
            w.WriteString("card", e.CardUid);
            w.WriteBool("clockUnset", e.ClockUnset);
            w.EndObject();
        }

        /// <summary>Writes a telemetry message.</summary>
        public static void EncodeTelemetry(JsonWriter w, TelemetrySnapshot t)
        {
            w.Reset();
            w.BeginObject(null);
            w.WriteInt("v", ProtocolVersion.Current);
            w.WriteUtc("at", t.Utc);
            w.WriteInt("uptimeS", t.UptimeSeconds);
            w.WriteInt("weightG", t.WeightGrams);
            w.WriteBool("stable", t.Stable);
            w.WriteInt("fillPct", t.FillPercent);
            w.WriteInt("distanceMm", t.DistanceMm);
            w.WriteBool("full", t.Full);
            w.WriteInt("rssiDbm", t.RssiDbm);
            w.WriteInt("freeHeapB", t.FreeHeapBytes);
            w.WriteInt("outboxDepth", t.OutboxDepth);
            w.WriteInt("outboxCap", t.OutboxCapacity);
            w.WriteString("scaleFault", t.ScaleFault);
            w.WriteBool("readerOk", t.ReaderOk);
            w.WriteString("session", t.SessionState);
            w.WriteInt("calVersion", t.CalibrationVersion);
            w.WriteString("fw", t.FirmwareVersion);
            w.BeginObject("counters");
            w.WriteInt("cancelled", t.CancelledSessions);
            w.WriteInt("refused", t.RefusedCards);
            w.WriteInt("unattributed", t.UnattributedDrops);
            w.WriteInt("droppedEvents", t.DroppedEvents);
            w.WriteInt("rejectedLines", t.RejectedConsoleLines);
            w.WriteInt("rejectedMessages", t.RejectedMessages);
            w.EndObject();
            w.EndObject();
        }

        /// <summary>
        /// Writes the retained status. The will is registered at connect time, so it carries no time.
        /// </summary>
        public static void EncodeStatus(JsonWriter w, bool online, string firmwareVersion)
        {
            w.Reset();
            w.BeginObject(null);
            w.WriteInt("v", ProtocolVersion.Current);
            w.WriteString("state", online ? "online" : "offline");
            w.WriteString("fw", firmwareVersion);
            w.EndObject();
        }

        /// <summary>
        /// Writes a command result. <paramref name="value"/> must already be masked by the caller for secrets.
        /// </summary>
        public static void EncodeCommandResult(JsonWriter w, string id, bool ok, string error, string message, string value)
        {
            w.Reset();
            w.BeginObject(null);
            w.WriteInt("v", ProtocolVersion.Current);
            w.WriteString("id", id);
            w.WriteBool("ok", ok);
            w.WriteString("error", error);
            w.WriteString("message", message);
            w.WriteString("value", value);
            w.EndObject();
        }

        /// <summary>Writes an ack (the gateway's side; the simulator and tests use it too).</summary>
        public static void EncodeAck(JsonWriter w, AckMessage a)
        {
            w.Reset();
            w.BeginObject(null);
            w.WriteInt("v", ProtocolVersion.Current);
            w.WriteInt("seq", a.Sequence);
            w.WriteString("result", a.Result);
            w.WriteString("reason", a.Reason);
            w.WriteInt("points", a.Points);
            w.WriteInt("co2eG", a.Co2eGrams);
            w.EndObject();
        }

        private static void WriteId(JsonWriter w, string binId, long sequence)
        {
            w.WriteKeyedId("id", binId, sequence);
        }
    }
}
