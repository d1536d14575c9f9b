using System;
using System.Linq;
using System.Text.Json.Nodes;
using SmartBin.Gateway.Protocol;
using Xunit;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>One case per reason code (and per rule inside a code), each an edit of a docs example.</summary>
public sealed class ParserRejectionTests
{
    public static TheoryData<string, string, string, string> Rejections => new()
    {
        // example, edits, reason, detail must contain
        { "dropoff", "v=-", "bad-version", "'v'" },
        { "dropoff", "v=2", "bad-version", "'v'" },
        { "dropoff", "v=\"1\"", "bad-version", "'v'" },
        { "dropoff", "v=2|netG=\"x\"", "bad-version", "'v'" },
        { "dropoff", "seq=\"1042\"", "schema", "'seq'" },
        { "dropoff", "netG=750.0", "schema", "'netG'" },
        { "dropoff", "netG=7.5e2", "schema", "'netG'" },
        { "dropoff", "flags=true", "schema", "'flags'" },
        { "dropoff", "card=null", "schema", "'card'" },
        { "dropoff", "material=3", "schema", "'material'" },
        { "dropoff", "calVersion={\"a\":1}", "schema", "'calVersion'" },
        { "dropoff", "fw=[\"1\"]", "schema", "'fw'" },
        { "dropoff", "start=\"2026-11-23T00:15:02.100\"", "schema", "'start'" },
        { "dropoff", "start=\"2026-11-23T08:15:02.100+08:00\"", "schema", "'start'" },
        { "dropoff", "end=\"2026-02-30T00:15:31.400Z\"", "schema", "'end'" },
        { "dropoff", "end=\"2026-11-23 00:15:31.400Z\"", "schema", "'end'" },
        { "dropoff", "id=\"baiyun-0008:1042\"", "bad-id", "'id'" },
        { "dropoff", "id=\"baiyun-0007:1043\"", "bad-id", "'id'" },
        { "dropoff", "id=\"baiyun-0007:01042\"", "bad-id", "'id'" },
        { "dropoff", "id=\"baiyun-0007:1042 \"", "bad-id", "'id'" },
        { "dropoff", "seq=0|id=\"baiyun-0007:0\"", "out-of-range", "'seq'" },
        { "dropoff", "seq=-1|id=\"baiyun-0007:-1\"", "out-of-range", "'seq'" },
        { "dropoff", "seq=9007199254740992|id=\"baiyun-0007:9007199254740992\"", "out-of-range", "'seq'" },
        { "dropoff", "seq=123456789012345678901234567890", "out-of-range", "'seq'" },
        { "dropoff", "grossBeforeG=-1", "out-of-range", "'grossBeforeG'" },
        { "dropoff", "netG=749", "out-of-range", "'netG'" },
        { "dropoff", "grossBeforeG=13230|grossAfterG=12480|netG=-750", "out-of-range", "'netG'" },
        { "dropoff", "items=-1", "out-of-range", "'items'" },
        { "dropoff", "flags=64", "out-of-range", "'flags'" },
        { "dropoff", "flags=-1", "out-of-range", "'flags'" },
        { "dropoff", "card=\"04a1b2c3\"", "out-of-range", "'card'" },
        { "dropoff", "card=\"04A1B2\"", "out-of-range", "'card'" },
        { "dropoff", "card=\"04A1B2C3D4E5F6A7B8C9D0\"", "out-of-range", "'card'" },
        { "dropoff", "fw=\"123456789012345678901234567890123\"", "out-of-range", "'fw'" },
        { "dropoff", "material=\"GLASS\"", "unknown-material", "'material'" },
        { "dropoff", "material=\"pet\"", "unknown-material", "'material'" },
        { "dropoff", "end=\"2026-11-23T08:06:00.000Z\"", "clock-skew", "'end'" },
        { "dropoff", "start=\"2026-11-23T00:16:00.000Z\"", "clock-skew", "'start'" },
        { "dropoff", "start=\"2026-08-01T00:00:00.000Z\"", "clock-skew", "'start'" },
        { "event", "v=0", "bad-version", "'v'" },
        { "event", "kind=1", "schema", "'kind'" },
        { "event", "clockUnset=\"false\"", "schema", "'clockUnset'" },
        { "event", "id=\"xiahang-0001:1043\"", "bad-id", "'id'" },
        { "event", "grams=-1", "out-of-range", "'grams'" },
        { "event", "card=\"04A1B2C3D\"", "out-of-range", "'card'" },
        { "event", "code=\"abcdefghijklmnopqrstuvwxyz0123456\"", "out-of-range", "'code'" },
        { "event", "kind=\"exploded\"", "unknown-kind", "'kind'" },
        { "event", "at=\"2026-11-23T09:00:00.000Z\"", "clock-skew", "'at'" },
        { "event", "at=\"2025-01-01T00:00:00.000Z\"", "clock-skew", "'at'" },
        { "telemetry", "v=2", "bad-version", "'v'" },
        { "telemetry", "at=\"yesterday\"", "schema", "'at'" },
        { "telemetry", "counters=7", "schema", "'counters'" },
        { "telemetry", "counters.refused=\"0\"", "schema", "'counters.refused'" },
        { "telemetry", "fillPct=101", "out-of-range", "'fillPct'" },
        { "telemetry", "fillPct=-2", "out-of-range", "'fillPct'" },
        { "telemetry", "distanceMm=-2", "out-of-range", "'distanceMm'" },
        { "telemetry", "rssiDbm=5", "out-of-range", "'rssiDbm'" },
        { "telemetry", "counters.cancelled=-1", "out-of-range", "'counters.cancelled'" },
        { "telemetry", "session=\"123456789012345678901234567890123\"", "out-of-range", "'session'" },
        { "status-online", "v=-", "bad-version", "'v'" },
        { "status-online", "state=true", "schema", "'state'" },
        { "status-online", "state=\"sleeping\"", "out-of-range", "'state'" },
        { "cmd-result", "ok=\"yes\"", "schema", "'ok'" },
        { "cmd-result", "id=\"\"", "out-of-range", "'id'" },
        { "cmd-result", "id=\"c-20261123-0001-aaaaaaaaaaaaaaaaaaaaa\"", "out-of-range", "'id'" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Each_rule_rejects_with_its_reason_naming_the_field(string example, string edits, string reason, string detail)
    {
        var outcome = Payloads.Parse(example, Payloads.Edit(example, edits));
        Assert.True(outcome.Message is null, $"accepted: {outcome}");
        Assert.Equal(reason, outcome.Reason);
        Assert.Contains(detail, outcome.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> EveryField()
    {
        var data = new TheoryData<string, string>();
        foreach (var example in new[] { "dropoff", "event", "telemetry", "status-online", "cmd-result" })
        {
            var root = JsonNode.Parse(ProtocolDoc.Examples[example])!.AsObject();
            foreach (var (name, value) in root)
            {
                if (name != "v")
                {
                    data.Add(example, name);
                }
                if (value is JsonObject nested)
                {
                    foreach (var (child, _) in nested)
                    {
                        data.Add(example, name + "." + child);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryField))]
    public void Every_documented_field_is_required(string example, string path)
    {
        var outcome = Payloads.Parse(example, Payloads.Edit(example, path + "=-"));
        Assert.Equal("schema", outcome.Reason);
        Assert.Equal($"'{path}' is missing", outcome.Detail);
    }

    [Fact]
    public void The_docs_list_every_reason_in_precedence_order()
    {
        var text = System.IO.File.ReadAllText(ProtocolDoc.Path);
        var section = text[text.IndexOf("## Rejections", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        var documented = section.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('`')[1]);
        Assert.Equal(RejectionReasons.InPrecedenceOrder, documented);
    }

    [Fact]
    public void The_table_covers_every_reason_a_parser_can_give()
    {
        var covered = Rejections.Select(row => (string)row[2]).Concat(["too-large", "bad-json"]).ToHashSet();
        var parserReasons = RejectionReasons.InPrecedenceOrder.Where(r => r != RejectionReasons.UnknownTopic);
        Assert.All(parserReasons, r => Assert.Contains(r, covered));
    }
}
