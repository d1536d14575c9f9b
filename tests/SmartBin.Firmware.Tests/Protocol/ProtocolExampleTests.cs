using System;
using System.Text;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Session;
using Xunit;

namespace SmartBin.Firmware.Tests.Protocol
{
    /// <summary>The encoder writes exactly what docs/protocol.md shows, so the gateway can be built from the doc.</summary>
    public sealed class ProtocolExampleTests
    {
        private const string Bin = "baiyun-0007";
        private readonly JsonWriter _writer = new(ProtocolVersion.PayloadBytesMax);

        [Fact]
        public void Every_message_type_has_an_example()
        {
            foreach (string name in new[] { "dropoff", "event", "telemetry", "status-online", "status-offline", "ack", "cmd", "cmd-result" })
            {
                Assert.True(ProtocolDocExamples.All.ContainsKey(name), "docs/protocol.md lacks example " + name);
            }
        }

        [Fact]
        public void Drop_off_matches_the_doc()
        {
            var record = new DropOffRecord
            {
                Sequence = 1042,
                CardUid = "04A1B2C3",
                SessionStartUtc = Utc("2026-11-23T00:15:02.100Z"),
                SessionEndUtc = Utc("2026-11-23T00:15:31.400Z"),
                GrossBeforeGrams = 12480,
                GrossAfterGrams = 13230,
                NetGrams = 750,
                ItemCount = 3,
                Material = "PET",
                Flags = DropOffFlags.None,
                CalibrationVersion = 2,
                FirmwareVersion = "1.0.0",
            };
            MessageCodecs.EncodeDropOff(_writer, Bin, record);
            AssertMatches("dropoff");
        }

        [Fact]
        public void Event_matches_the_doc()
        {
            var e = new BinEvent { Sequence = 1043, Kind = BinEventKind.Emptied, Utc = Utc("2026-11-23T06:40:12.000Z"), Grams = 41250 };
            MessageCodecs.EncodeEvent(_writer, Bin, e);
            AssertMatches("event");
        }

        [Fact]
        public void Telemetry_matches_the_doc()
        {
            var t = new TelemetrySnapshot
            {
                Utc = Utc("2026-11-23T08:00:00.000Z"),
                UptimeSeconds = 86400,
                WeightGrams = 13230,
                Stable = true,
                FillPercent = 42,
                DistanceMm = 640,
                RssiDbm = -61,
                FreeHeapBytes = 41200,
                OutboxCapacity = 200,
                ReaderOk = true,
                SessionState = "idle",
                CalibrationVersion = 2,
                FirmwareVersion = "1.0.0",
                CancelledSessions = 3,
                UnattributedDrops = 1,
                RejectedConsoleLines = 2,
            };
            MessageCodecs.EncodeTelemetry(_writer, t);
            AssertMatches("telemetry");
        }

        [Fact]
        public void Status_birth_and_will_match_the_doc()
        {
            MessageCodecs.EncodeStatus(_writer, online: true, "1.0.0");
            AssertMatches("status-online");
            MessageCodecs.EncodeStatus(_writer, online: false, "1.0.0");
            AssertMatches("status-offline");
        }

        [Fact]
        public void Ack_example_decodes_and_encodes_back()
        {
            var reader = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes(ProtocolDocExamples.All["ack"]);
            Assert.True(reader.Parse(bytes, 0, bytes.Length), reader.Error);
            var ack = new AckMessage();
            Assert.Null(ack.ReadFrom(reader));
            Assert.Equal(1042, ack.Sequence);
            Assert.Equal(AckMessage.Credited, ack.Result);
            Assert.Equal(53, ack.Points);
            Assert.Equal(878, ack.Co2eGrams);
            MessageCodecs.EncodeAck(_writer, ack);
            AssertMatches("ack");
        }

        [Fact]
        public void Command_example_decodes_and_its_result_matches_the_doc()
        {
            var reader = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes(ProtocolDocExamples.All["cmd"]);
            Assert.True(reader.Parse(bytes, 0, bytes.Length), reader.Error);
            var cmd = new CommandMessage();
            Assert.Null(cmd.ReadFrom(reader));
            Assert.Equal(("set", "telemetry.intervalS", "120"), (cmd.Name, cmd.Key, cmd.Value));
            MessageCodecs.EncodeCommandResult(_writer, cmd.Id, true, string.Empty, string.Empty, cmd.Value);
            AssertMatches("cmd-result");
        }

        private static DateTime Utc(string iso) =>
            DateTime.Parse(iso, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        private void AssertMatches(string example)
        {
            Assert.False(_writer.Overflowed);
            Assert.Equal(ProtocolDocExamples.All[example], Encoding.UTF8.GetString(_writer.Buffer, 0, _writer.Length));
        }
    }
}
