using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>
/// A message whose (bin, seq) is already claimed: a resend (same content: <c>duplicate</c>) or a sequence reused for
/// different content (<c>rejected</c>, <c>seq-conflict</c>). A bin never reuses a seq (docs/protocol.md), so a
/// conflict means a forged replay, a bin whose flash was cloned or rolled back, or a firmware defect: nothing is
/// booked, and the message is kept in <c>rejected_messages</c> for staff, in the batch's transaction.
/// </summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Reason for a drop-off or event whose seq is already committed with different content.</summary>
    public const string SeqConflictReason = "seq-conflict";

    private IngestVerdict AnswerClaimed(Writer w, BinInfo bin, IngestItem item)
    {
        var sent = Fields(item);
        var stored = StoredFields(w, bin.BinId, item);
        var differing = Differing(sent, stored);
        if (differing.Count == 0)
        {
            return new IngestVerdict(bin.BinId, item.Seq, AckResult.Duplicate, "", 0, 0);
        }
        var leaf = item.DropOff is not null ? BinLeaves.DropOff : BinLeaves.Event;
        var what = stored is null ? "is taken by the other message kind" : "is committed with other " + string.Join(", ", differing);
        var detail = string.Create(CultureInfo.InvariantCulture, $"seq {item.Seq} {what}");
        var json = WireJson(item);
        InsertRejected(w, new RejectedMessage(bin.BinId, leaf, item.Seq, SeqConflictReason, detail, item.ReceivedUtc, Encoding.UTF8.GetBytes(json)));
        return new IngestVerdict(bin.BinId, item.Seq, AckResult.Rejected, SeqConflictReason, 0, 0);
    }

    /// <summary>
    /// The fields that make a drop-off or event what it is, in wire names. <c>fw</c> is left out on purpose: a bin
    /// updated while a message waited in its outbox resends it with its new version string.
    /// </summary>
    private static (string Name, string Value)[] Fields(IngestItem item)
    {
        if (item.DropOff is { } d)
        {
            return
            [
                ("card", d.CardUid), ("start", Sql.Utc(d.StartUtc)), ("end", Sql.Utc(d.EndUtc)),
                ("grossBeforeG", Text(d.GrossBeforeGrams)), ("grossAfterG", Text(d.GrossAfterGrams)), ("netG", Text(d.NetGrams)),
                ("items", Text(d.Items)), ("material", d.Material), ("flags", Text(d.Flags)), ("calVersion", Text(d.CalibrationVersion)),
            ];
        }
        var e = item.Event ?? throw new ArgumentException("empty ingest item", nameof(item));
        return
        [
            ("kind", e.Kind), ("code", e.Code), ("at", Sql.Utc(e.AtUtc)), ("grams", Text(e.Grams)), ("card", e.CardUid),
            ("clockUnset", e.ClockUnset ? "1" : "0"),
        ];
    }

    /// <summary>The committed row's values in the same order as <see cref="Fields"/>, or null when the seq holds the other kind.</summary>
    private static string[]? StoredFields(Writer w, string binId, IngestItem item)
    {
        using var command = w.Connection.CreateCommand();
        command.Transaction = w.Transaction;
        command.CommandText = item.DropOff is not null
            ? "SELECT card_uid, session_start_utc, session_end_utc, gross_before_grams, gross_after_grams, net_grams, items, " +
              "material, flags, calibration_version FROM dropoffs WHERE bin_id = $b AND seq = $s"
            : "SELECT kind, code, at_utc, grams, card_uid, clock_unset FROM events WHERE bin_id = $b AND seq = $s";
        command.Parameters.AddWithValue("$b", binId);
        command.Parameters.AddWithValue("$s", item.Seq);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var values = new string[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
        }
        return values;
    }

    private static List<string> Differing((string Name, string Value)[] sent, string[]? stored)
    {
        var differing = new List<string>();
        for (var i = 0; i < sent.Length; i++)
        {
            if (stored is null || !string.Equals(sent[i].Value, stored[i], StringComparison.Ordinal))
            {
                differing.Add(sent[i].Name);
            }
        }
        return differing;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
