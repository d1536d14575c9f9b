using System;
using System.Linq;
using System.Text;
using SmartBin.Gateway.Protocol;
using Xunit;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>What the parser accepts: the docs' examples, forward-compatible extras, boundaries, the clockUnset escape.</summary>
public sealed class ParserAcceptanceTests
{
    private static readonly DateTimeOffset Start = Utc("2026-11-23T00:15:02.100Z");
    private static readonly DateTimeOffset End = Utc("2026-11-23T00:15:31.400Z");

    public static readonly DropOffMessage DocDropOff =
        new(1042, "04A1B2C3", Start, End, 12480, 13230, 750, 3, "PET", 0, 2, "1.0.0");

    public static readonly EventMessage DocEvent = new(1043, "emptied", "", Utc("2026-11-23T06:40:12.000Z"), 41250, "", false);

    public static readonly TelemetryMessage DocTelemetry = new(
        Utc("2026-11-23T08:00:00.000Z"), 86400, 13230, true, 42, 640, false, -61, 41200, 0, 200, "", true, "idle", 2, "1.0.0",
        new TelemetryCounters(3, 0, 1, 0, 2, 0));

    [Fact]
    public void Docs_examples_parse_to_the_documented_values()
    {
        Assert.Equal(DocDropOff, Payloads.Parse("dropoff", ProtocolDoc.Bytes("dropoff")).Message);
        Assert.Equal(DocEvent, Payloads.Parse("event", ProtocolDoc.Bytes("event")).Message);
        Assert.Equal(DocTelemetry, Payloads.Parse("telemetry", ProtocolDoc.Bytes("telemetry")).Message);
        Assert.Equal(new StatusMessage(true, "1.0.0"), Payloads.Parse("status-online", ProtocolDoc.Bytes("status-online")).Message);
        Assert.Equal(new StatusMessage(false, "1.0.0"), Payloads.Parse("status-offline", ProtocolDoc.Bytes("status-offline")).Message);
        Assert.Equal(new CommandResultMessage("c-20261123-0001", true, "", "", "120"), Payloads.Parse("cmd-result", ProtocolDoc.Bytes("cmd-result")).Message);
    }

    [Fact]
    public void Accepted_drop_off_reports_its_seq()
    {
        var result = Payloads.Parser.ParseDropOff(Payloads.Bin, ProtocolDoc.Bytes("dropoff"), Payloads.ReceivedUtc);
        Assert.True(result.IsAccepted);
        Assert.Equal(1042, result.Seq);
        Assert.Equal("", result.Reason);
    }

    [Theory]
    [InlineData("dropoff", "flags=4|end=\"2027-06-01T00:00:00.000Z\"|start=\"2027-06-01T00:00:00.000Z\"")]
    [InlineData("dropoff", "flags=4|start=\"2020-01-01T00:00:10.000Z\"|end=\"2020-01-01T00:00:00.000Z\"")]
    [InlineData("event", "clockUnset=true|at=\"1970-01-01T00:01:00.000Z\"")]
    [InlineData("event", "clockUnset=true|at=\"2030-01-01T00:00:00.000Z\"")]
    public void Clock_unset_means_the_bins_times_are_not_judged(string example, string edits)
    {
        var outcome = Payloads.Parse(example, Payloads.Edit(example, edits));
        Assert.True(outcome.Message is not null, outcome.ToString());
    }

    [Theory]
    [InlineData("dropoff", "extra=1|nested={\"a\":[1,{\"b\":null}]}|note=\"hello\"")]
    [InlineData("event", "future=[true,false]")]
    [InlineData("telemetry", "counters.newCounter=5|battery={\"mv\":3700}")]
    [InlineData("status-online", "since=\"2026-11-23T00:00:00.000Z\"")]
    [InlineData("cmd-result", "elapsedMs=12")]
    public void Unknown_fields_are_ignored(string example, string edits)
    {
        var plain = Payloads.Parse(example, ProtocolDoc.Bytes(example)).Message;
        var extended = Payloads.Parse(example, Payloads.Edit(example, edits));
        Assert.Equal(plain, extended.Message);
    }

    [Theory]
    [InlineData("dropoff", "seq=9007199254740991|id=\"baiyun-0007:9007199254740991\"")]
    [InlineData("dropoff", "seq=1|id=\"baiyun-0007:1\"")]
    [InlineData("dropoff", "card=\"\"|flags=2")]
    [InlineData("dropoff", "card=\"04A1B2C3D4E5F6\"")]
    [InlineData("dropoff", "card=\"04A1B2C3D4E5F6071829\"|netG=0|grossBeforeG=0|grossAfterG=0")]
    [InlineData("dropoff", "fw=\"12345678901234567890123456789012\"|flags=63|material=\"MIXED\"")]
    [InlineData("dropoff", "end=\"2026-11-23T08:05:30.000Z\"")]
    [InlineData("dropoff", "start=\"2026-08-25T08:00:30.000Z\"")]
    [InlineData("dropoff", "start=\"2026-11-23T00:15:02Z\"|end=\"2026-11-23T00:15:31.4000000Z\"")]
    [InlineData("telemetry", "fillPct=-1|distanceMm=-1|weightG=-20")]
    [InlineData("telemetry", "fillPct=100|rssiDbm=-128|at=\"1970-01-01T00:00:00.000Z\"")]
    [InlineData("cmd-result", "id=\"c-20261123-0001-aaaaaaaaaaaaaaaaaaaa\"")]
    public void Boundary_values_are_accepted(string example, string edits)
    {
        var outcome = Payloads.Parse(example, Payloads.Edit(example, edits));
        Assert.True(outcome.Message is not null, outcome.ToString());
    }

    [Fact]
    public void Largest_seq_is_kept_exactly()
    {
        var payload = Payloads.Edit("dropoff", "seq=9007199254740991|id=\"baiyun-0007:9007199254740991\"");
        Assert.Equal(ProtocolLimits.SeqMax, ((DropOffMessage)Payloads.Parse("dropoff", payload).Message!).Seq);
    }

    [Fact]
    public void Exactly_1024_bytes_is_accepted_and_1025_is_too_large()
    {
        var atLimit = Padded(ProtocolLimits.PayloadBytesMax);
        Assert.Equal(1024, atLimit.Length);
        Assert.NotNull(Payloads.Parse("dropoff", atLimit).Message);

        var over = Padded(ProtocolLimits.PayloadBytesMax + 1);
        var outcome = Payloads.Parse("dropoff", over);
        Assert.Equal("too-large", outcome.Reason);
        Assert.Contains("1025", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(1042, outcome.Seq);
    }

    [Fact]
    public void Escaped_keys_and_values_mean_the_same_as_plain_ones()
    {
        var text = ProtocolDoc.Examples["dropoff"]
            .Replace("\"v\"", "\"\\u0076\"", StringComparison.Ordinal)
            .Replace("\"PET\"", "\"\\u0050ET\"", StringComparison.Ordinal)
            .Replace("00:15:02.100Z", "00:15:02.100\\u005A", StringComparison.Ordinal);
        Assert.Equal(DocDropOff, Payloads.Parse("dropoff", Encoding.UTF8.GetBytes(text)).Message);
    }

    [Fact]
    public void Parsing_a_drop_off_allocates_little()
    {
        var payload = ProtocolDoc.Bytes("dropoff");
        _ = Payloads.Parser.ParseDropOff(Payloads.Bin, payload, Payloads.ReceivedUtc); // warm up statics and scratch
        const int Rounds = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            Assert.True(Payloads.Parser.ParseDropOff(Payloads.Bin, payload, Payloads.ReceivedUtc).IsAccepted);
        }
        var perParse = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        // The record (~100 B) plus the strings it keeps (card, fw, id): nothing proportional to the payload.
        Assert.True(perParse <= 320, $"{perParse} bytes allocated per drop-off");
    }

    private static byte[] Padded(int totalBytes)
    {
        var doc = ProtocolDoc.Examples["dropoff"];
        var frame = doc[..^1] + ",\"pad\":\"\"}";
        return Encoding.UTF8.GetBytes(frame.Insert(frame.Length - 2, new string('x', totalBytes - frame.Length)));
    }

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
