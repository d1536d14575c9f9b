using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Controller
{
    /// <summary>
    /// A virtual bin provisioned and calibrated through its console, with an empty outbox, and what a resident and the
    /// gateway do to it: tap, drop, tap again; ack. Behavioural or chip level.
    /// </summary>
    internal sealed class ProvisionedBin
    {
        public const string BinId = "baiyun-0001";

        public ProvisionedBin(int seed, bool chipLevel = false)
        {
            Bin = new VirtualBin(Flash, Mqtt, seed, chipLevel: chipLevel);
            Bin.Boot();
            Bin.Provision(BinId, "baiyun", "PET", "127.0.0.1", 1883);
            Bin.Run(3000);

            // Taking the 10 kg reference off after calibration is a collection: ack it so each test starts empty.
            foreach (JsonElement queued in Published("event").ToList())
            {
                Ack(queued.GetProperty("seq").GetInt64(), "credited", 0);
            }

            Mqtt.Clear();
            Assert.Equal(0, Bin.Controller.Outbox.Count);
        }

        public InMemoryFlashFileSystem Flash { get; } = new();

        public InMemoryMqttLink Mqtt { get; } = new();

        public VirtualBin Bin { get; }

        /// <summary>A resident's visit: tap, take the card away, drop, tap again to close.</summary>
        public void DropOff(string card, int grams)
        {
            Bin.Cards.Present(card);
            Bin.Run(300);
            Bin.Cards.Remove();
            Bin.Run(1500);
            Bin.LoadCell.AddLoadGrams(grams);
            Bin.Run(3000);
            Bin.Cards.Present(card);
            Bin.Run(300);
            Bin.Cards.Remove();
            Bin.Run(2000);
        }

        public void Ack(long seq, string result, long points)
        {
            var w = new JsonWriter(256);
            MessageCodecs.EncodeAck(w, new AckMessage { Sequence = seq, Result = result, Points = points });
            Bin.Deliver($"smartbin/v1/{BinId}/ack", w.Buffer[..w.Length]);
            Bin.Run(200);
        }

        public IEnumerable<JsonElement> Published(string leaf) =>
            Mqtt.Published.Where(m => m.Topic == $"smartbin/v1/{BinId}/{leaf}")
                .Select(m => JsonDocument.Parse(m.Payload).RootElement);
    }
}
