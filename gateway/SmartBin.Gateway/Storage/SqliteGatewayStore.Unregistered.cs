using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>Ingest of items whose bin the writer does not know as active: re-read, then keep what is refused.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Reason for an item whose bin is registered but deactivated (stolen, decommissioned).</summary>
    public const string InactiveBinReason = "inactive-bin";

    /// <summary>
    /// The bin of an item when it is registered and active; else null and <paramref name="refusal"/> says why.
    /// A bin the writer has not cached (or cached as inactive) is re-read from <c>bins</c>: another connection
    /// (the <c>mosquitto-files</c> verb, an admin tool) may have registered or re-activated it since.
    /// </summary>
    private static BinInfo? ActiveBin(Writer w, string binId, out string refusal)
    {
        if (!w.Bins.TryGetValue(binId, out var bin) || !bin.Active)
        {
            bin = w.ReloadBin(binId);
        }
        refusal = bin is null ? UnknownBinReason : bin.Active ? "" : InactiveBinReason;
        return refusal.Length == 0 ? bin : null;
    }

    /// <summary>
    /// Refuses an item of an unknown or inactive bin and keeps it in <c>rejected_messages</c> inside the batch's
    /// transaction, as the bin's own wire message (replayable), because the bin deletes it on the rejected ack.
    /// The (bin, seq) is not claimed: once the bin is registered, a replay is an ordinary message.
    /// </summary>
    private static IngestVerdict RejectUnregistered(Writer w, IngestItem item, string reason)
    {
        var leaf = item.DropOff is not null ? BinLeaves.DropOff : BinLeaves.Event;
        var json = WireJson(item);
        InsertRejected(w, new RejectedMessage(item.BinId, leaf, item.Seq, reason, json, item.ReceivedUtc, Encoding.UTF8.GetBytes(json)));
        return new IngestVerdict(item.BinId, item.Seq, AckResult.Rejected, reason, 0, 0);
    }

    /// <summary>The item as the bin sent it (docs/protocol.md field names), compact.</summary>
    internal static string WireJson(IngestItem item)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("id", DropOffId(item.BinId, item.Seq));
            json.WriteNumber("seq", item.Seq);
            if (item.DropOff is { } d)
            {
                json.WriteString("card", d.CardUid);
                json.WriteString("start", WireTime(d.StartUtc));
                json.WriteString("end", WireTime(d.EndUtc));
                json.WriteNumber("grossBeforeG", d.GrossBeforeGrams);
                json.WriteNumber("grossAfterG", d.GrossAfterGrams);
                json.WriteNumber("netG", d.NetGrams);
                json.WriteNumber("items", d.Items);
                json.WriteString("material", d.Material);
                json.WriteNumber("flags", d.Flags);
                json.WriteNumber("calVersion", d.CalibrationVersion);
                json.WriteString("fw", d.FirmwareVersion);
            }
            else if (item.Event is { } e)
            {
                json.WriteString("kind", e.Kind);
                json.WriteString("code", e.Code);
                json.WriteString("at", WireTime(e.AtUtc));
                json.WriteNumber("grams", e.Grams);
                json.WriteString("card", e.CardUid);
                json.WriteBoolean("clockUnset", e.ClockUnset);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string WireTime(DateTimeOffset atUtc) =>
        atUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
