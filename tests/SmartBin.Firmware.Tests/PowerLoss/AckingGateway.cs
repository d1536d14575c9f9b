using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Firmware.Tests.PowerLoss
{
    /// <summary>
    /// The gateway as far as the bin can tell: takes each drop-off and event published on the in-memory link,
    /// books it once by sequence (the ledger survives every bin power cut, as the gateway's database would), and
    /// answers with an ack: <c>credited</c> or <c>recorded</c> the first time, <c>duplicate</c> after.
    /// A sequence that comes back with other bytes is a reuse, kept in <see cref="Conflicts"/>.
    /// </summary>
    internal sealed class AckingGateway(InMemoryMqttLink link, string binId)
    {
        private readonly string _prefix = $"smartbin/v1/{binId}/";
        private int _read;

        /// <summary>Booked messages by sequence: the first bytes received for each.</summary>
        public SortedDictionary<long, BookedMessage> Ledger { get; } = [];

        /// <summary>Sequences received again with different bytes (must stay empty).</summary>
        public List<string> Conflicts { get; } = [];

        /// <summary>Messages received again with the same bytes and answered <c>duplicate</c>.</summary>
        public int DuplicateCount { get; private set; }

        /// <summary>
        /// Books and acks whatever the bin published since the last call. Each message is taken off the wire before
        /// its ack is delivered, so an ack lost in a power cut is lost, as on a real link.
        /// </summary>
        public void Pump(VirtualBin bin)
        {
            while (_read < link.Published.Count)
            {
                PublishedMessage message = link.Published[_read++];
                string leaf = message.Topic.StartsWith(_prefix, System.StringComparison.Ordinal) ? message.Topic[_prefix.Length..] : string.Empty;
                if (leaf is "dropoff" or "event")
                {
                    long seq = JsonDocument.Parse(message.Payload).RootElement.GetProperty("seq").GetInt64();
                    string result = Book(seq, leaf, message.Payload);
                    bin.Deliver(_prefix + "ack", AckPayload(seq, result));
                }
            }
        }

        /// <summary>Sends a gateway command (the bin answers on cmd/result, which this stand-in reads and ignores).</summary>
        public void Command(VirtualBin bin, string json) => bin.Deliver(_prefix + "cmd", Encoding.UTF8.GetBytes(json));

        /// <summary>Drop-offs booked, by their content without id and seq: two with one content would credit a visit twice.</summary>
        public IEnumerable<IGrouping<string, BookedMessage>> DropOffsByContent() =>
            Ledger.Values.Where(m => m.Leaf == "dropoff").GroupBy(m => m.ContentWithoutSequence);

        private string Book(long seq, string leaf, byte[] payload)
        {
            if (Ledger.TryGetValue(seq, out BookedMessage? booked))
            {
                if (!booked.Payload.SequenceEqual(payload))
                {
                    Conflicts.Add($"seq {seq}: booked {Encoding.UTF8.GetString(booked.Payload)}, now {Encoding.UTF8.GetString(payload)}");
                }

                DuplicateCount++;
                return AckMessage.Duplicate;
            }

            Ledger[seq] = new BookedMessage(seq, leaf, payload);
            return leaf == "dropoff" ? AckMessage.Credited : AckMessage.Recorded;
        }

        private static byte[] AckPayload(long seq, string result)
        {
            var writer = new JsonWriter(256);
            MessageCodecs.EncodeAck(writer, new AckMessage { Sequence = seq, Result = result, Points = result == AckMessage.Credited ? 10 : 0 });
            return writer.Buffer[..writer.Length];
        }
    }

    /// <summary>A drop-off or event as the gateway booked it.</summary>
    internal sealed record BookedMessage(long Sequence, string Leaf, byte[] Payload)
    {
        /// <summary>The payload's fields but <c>id</c> and <c>seq</c>, in order: what the resident did, whatever its number.</summary>
        public string ContentWithoutSequence =>
            string.Join(",", JsonDocument.Parse(Payload).RootElement.EnumerateObject()
                .Where(p => p.Name is not ("id" or "seq")).Select(p => p.Name + "=" + p.Value.GetRawText()));
    }
}
