using System;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Session;
using SmartBin.Gateway.Protocol;
using Xunit;
using FirmwareFlags = SmartBin.Firmware.Core.Session.DropOffFlags;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>The gateway's ack is the docs' ack byte for byte; what the firmware's encoder writes parses here.</summary>
public sealed class AckAndRoundTripTests
{
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(1_000)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261124UL), FSharpOption<int>.None)));

    private readonly JsonWriter writer = new(ProtocolVersion.PayloadBytesMax);

    [Fact]
    public void Ack_equals_the_docs_example_byte_for_byte()
    {
        var ack = AckEncoder.Encode(1042, AckResult.Credited, "", 53, 878);
        Assert.Equal(ProtocolDoc.Bytes("ack"), ack);
    }

    [Theory]
    [InlineData(AckResult.Rejected, "bad-version", "{\"v\":1,\"seq\":7,\"result\":\"rejected\",\"reason\":\"bad-version\",\"points\":0,\"co2eG\":0}")]
    [InlineData(AckResult.Duplicate, "", "{\"v\":1,\"seq\":7,\"result\":\"duplicate\",\"reason\":\"\",\"points\":0,\"co2eG\":0}")]
    [InlineData(AckResult.Held, "daily-cap", "{\"v\":1,\"seq\":7,\"result\":\"held\",\"reason\":\"daily-cap\",\"points\":0,\"co2eG\":0}")]
    public void Every_result_encodes_in_the_documented_field_order(AckResult result, string reason, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(AckEncoder.Encode(7, result, reason, 0, 0)));
    }

    [Fact]
    public void The_bins_ack_reader_reads_every_ack_the_gateway_writes()
    {
        var reader = new JsonReader();
        foreach (var result in Enum.GetValues<AckResult>())
        {
            var bytes = AckEncoder.Encode(ProtocolLimits.SeqMax, result, "implausible-weight", 123_456, 7_890);
            Assert.True(reader.Parse(bytes, 0, bytes.Length), reader.Error);
            var ack = new AckMessage();
            Assert.Null(ack.ReadFrom(reader));
            Assert.Equal((ProtocolLimits.SeqMax, AckResults.ToWire(result), 123_456L, 7_890L), (ack.Sequence, ack.Result, (long)ack.Points, (long)ack.Co2eGrams));
        }
    }

    [Theory]
    [InlineData("Bad")]
    [InlineData("a\"b")]
    [InlineData("caf\u00e9")]
    public void Ack_refuses_reasons_that_are_not_codes(string reason)
    {
        Assert.Throws<ArgumentException>(() => AckEncoder.Encode(1, AckResult.Rejected, reason, 0, 0));
    }

    [Fact]
    public void Firmware_encodings_of_the_docs_examples_parse_to_the_expected_records()
    {
        var dropOff = new DropOffRecord
        {
            Sequence = 1042, CardUid = "04A1B2C3", SessionStartUtc = Utc("2026-11-23T00:15:02.100Z"),
            SessionEndUtc = Utc("2026-11-23T00:15:31.400Z"), GrossBeforeGrams = 12480, GrossAfterGrams = 13230, NetGrams = 750,
            ItemCount = 3, Material = "PET", Flags = FirmwareFlags.None, CalibrationVersion = 2, FirmwareVersion = "1.0.0",
        };
        MessageCodecs.EncodeDropOff(writer, Payloads.Bin, dropOff);
        Assert.Equal(ParserAcceptanceTests.DocDropOff, Payloads.Parse("dropoff", Written()).Message);

        var binEvent = new BinEvent { Sequence = 1043, Kind = BinEventKind.Emptied, Utc = Utc("2026-11-23T06:40:12.000Z"), Grams = 41250 };
        MessageCodecs.EncodeEvent(writer, Payloads.Bin, binEvent);
        Assert.Equal(ParserAcceptanceTests.DocEvent, Payloads.Parse("event", Written()).Message);

        MessageCodecs.EncodeStatus(writer, online: false, "1.0.0");
        Assert.Equal(new StatusMessage(false, "1.0.0"), Payloads.Parse("status-offline", Written()).Message);

        MessageCodecs.EncodeCommandResult(writer, "c-20261123-0001", true, "", "", "120");
        Assert.Equal(new CommandResultMessage("c-20261123-0001", true, "", "", "120"), Payloads.Parse("cmd-result", Written()).Message);
    }

    [Fact]
    public void Firmware_telemetry_of_the_docs_example_parses_to_the_expected_record()
    {
        var t = new TelemetrySnapshot
        {
            Utc = Utc("2026-11-23T08:00:00.000Z"), UptimeSeconds = 86400, WeightGrams = 13230, Stable = true, FillPercent = 42,
            DistanceMm = 640, RssiDbm = -61, FreeHeapBytes = 41200, OutboxCapacity = 200, ReaderOk = true, SessionState = "idle",
            CalibrationVersion = 2, FirmwareVersion = "1.0.0", CancelledSessions = 3, UnattributedDrops = 1, RejectedConsoleLines = 2,
        };
        MessageCodecs.EncodeTelemetry(writer, t);
        Assert.Equal(ParserAcceptanceTests.DocTelemetry, Payloads.Parse("telemetry", Written()).Message);
    }

    [Fact]
    public void Any_plausible_firmware_drop_off_parses_back_to_its_values()
    {
        var drops =
            from seq in Gen.Choose(1, int.MaxValue)
            from before in Gen.Choose(0, 30_000)
            from net in Gen.Choose(0, 30_000)
            from items in Gen.Choose(0, 50)
            from flags in Gen.Choose(0, 63)
            from material in Gen.Elements("PET", "HDPE", "PP", "LDPE", "PS", "MIXED")
            from card in Gen.Elements("", "04A1B2C3", "04A1B2C3D4E5F6", "04A1B2C3D4E5F6A7B8C9")
            from minutesAgo in Gen.Choose(0, 60 * 24 * 89)
            from sessionMs in Gen.Choose(0, 600_000)
            select (seq, before, net, items, flags, material, card, minutesAgo, sessionMs);
        Prop.ForAll(drops.ToArbitrary(), d =>
        {
            var end = Payloads.ReceivedUtc.UtcDateTime.AddMinutes(-d.minutesAgo);
            var record = new DropOffRecord
            {
                Sequence = d.seq, CardUid = d.card, SessionStartUtc = end.AddMilliseconds(-d.sessionMs), SessionEndUtc = end,
                GrossBeforeGrams = d.before, GrossAfterGrams = d.before + d.net, NetGrams = d.net, ItemCount = d.items,
                Material = d.material, Flags = d.flags, CalibrationVersion = 3, FirmwareVersion = "1.2.3",
            };
            MessageCodecs.EncodeDropOff(writer, Payloads.Bin, record);
            var parsed = (DropOffMessage?)Payloads.Parse("dropoff", Written()).Message;
            var expected = new DropOffMessage(
                d.seq, d.card, new DateTimeOffset(record.SessionStartUtc), new DateTimeOffset(end), d.before, d.before + d.net, d.net,
                d.items, d.material, d.flags, 3, "1.2.3");
            return expected.Equals(parsed);
        }).Check(Seeded);
    }

    private byte[] Written()
    {
        Assert.False(writer.Overflowed);
        return writer.Buffer.AsSpan(0, writer.Length).ToArray();
    }

    private static DateTime Utc(string iso) =>
        DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
