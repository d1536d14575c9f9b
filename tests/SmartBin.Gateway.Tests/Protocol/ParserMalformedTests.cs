using System;
using System.Linq;
using System.Text;
using Xunit;

namespace SmartBin.Gateway.Tests.Protocol;

/// <summary>Payloads that are not acceptable JSON, and reading seq from rejected payloads.</summary>
public sealed class ParserMalformedTests
{
    private static readonly string Doc = ProtocolDoc.Examples["dropoff"];

    public static TheoryData<string, string> NotJson => new()
    {
        { "empty", "" },
        { "whitespace", "   " },
        { "array", "[" + Doc + "]" },
        { "string", "\"hello\"" },
        { "null", "null" },
        { "truncated", Doc[..^1] },
        { "trailing object", Doc + "{}" },
        { "trailing text", Doc + " x" },
        { "trailing comma", Doc[..^1] + ",}" },
        { "comment", "/* c */" + Doc },
        { "single quotes", Doc.Replace("\"fw\"", "'fw'", StringComparison.Ordinal) },
        { "duplicate known key", Doc[..^1] + ",\"netG\":750}" },
        { "duplicate unknown key", Doc[..^1] + ",\"x\":1,\"x\":2}" },
        { "duplicate key via escape", Doc[..^1] + ",\"\\u0076\":1}" },
        { "nested too deep", Doc[..^1] + ",\"x\":{\"a\":{\"b\":{\"c\":{}}}}}" },
        { "lone surrogate", Doc.Replace("\"1.0.0\"", "\"\\uD800\"", StringComparison.Ordinal) },
        { "control character", Doc.Replace("1.0.0", "1.0\u0001.0", StringComparison.Ordinal) },
        { "NaN", Doc.Replace("\"items\":3", "\"items\":NaN", StringComparison.Ordinal) },
        { "leading zero", Doc.Replace("\"items\":3", "\"items\":03", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(NotJson))]
    public void Structural_problems_are_bad_json(string name, string payload)
    {
        var outcome = Payloads.Parse("dropoff", Encoding.UTF8.GetBytes(payload));
        Assert.True(outcome.Reason == "bad-json", $"{name}: {outcome}");
        Assert.NotEqual("", outcome.Detail);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var payload = Encoding.UTF8.GetBytes(Doc[..^1] + ",\"x\":{\"a\":{\"b\":{}}}}");
        Assert.NotNull(Payloads.Parse("dropoff", payload).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void Invalid_utf8_inside_a_string_is_bad_json(byte[] bad)
    {
        var doc = ProtocolDoc.Bytes("dropoff");
        var at = Doc.IndexOf("1.0.0", StringComparison.Ordinal);
        var payload = doc[..at].Concat(bad).Concat(doc[at..]).ToArray();
        Assert.Equal("bad-json", Payloads.Parse("dropoff", payload).Reason);
    }

    [Fact]
    public void A_byte_order_mark_is_bad_json()
    {
        var payload = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(ProtocolDoc.Bytes("dropoff")).ToArray();
        Assert.Equal("bad-json", Payloads.Parse("dropoff", payload).Reason);
    }

    [Theory]
    [InlineData("cut after seq", "{\"v\":1,\"id\":\"baiyun-0007:1042\",\"seq\":1042,\"card\":\"04A", "bad-json", 1042)]
    [InlineData("cut before seq", "{\"v\":1,\"id\":\"baiyun-0007:1042\",\"se", "bad-json", 0)]
    [InlineData("garbage after seq", "{\"v\":1,\"seq\":77,\"card\":}", "bad-json", 77)]
    [InlineData("two seq keys", "{\"v\":1,\"seq\":5,\"seq\":6}", "bad-json", 0)]
    [InlineData("seq nested only", "{\"v\":1,\"x\":{\"seq\":5},\"card\":}", "bad-json", 0)]
    [InlineData("seq a string", "{\"v\":1,\"seq\":\"5\",}", "bad-json", 0)]
    [InlineData("seq zero", "{\"v\":1,\"seq\":0,}", "bad-json", 0)]
    [InlineData("seq too big", "{\"v\":1,\"seq\":9007199254740992,}", "bad-json", 0)]
    [InlineData("version 2", "{\"v\":2,\"seq\":12,\"whatever\":true}", "bad-version", 12)]
    [InlineData("schema", "{\"v\":1,\"seq\":13}", "schema", 13)]
    public void Seq_is_read_from_rejected_payloads_when_it_is_unambiguous(string name, string payload, string reason, long seq)
    {
        var outcome = Payloads.Parse("dropoff", Encoding.UTF8.GetBytes(payload));
        Assert.True(outcome.Reason == reason, $"{name}: {outcome}");
        Assert.Equal(seq, outcome.Seq);
    }

    [Fact]
    public void Seq_of_a_2_KB_payload_is_read_although_it_is_too_large()
    {
        var payload = Encoding.UTF8.GetBytes(Doc[..^1] + ",\"pad\":\"" + new string('y', 2048) + "\"}");
        var outcome = Payloads.Parse("event", payload);
        Assert.Equal(("too-large", 1042L), (outcome.Reason, outcome.Seq));
        Assert.Equal(1042, SmartBin.Gateway.Protocol.BinMessageParser.PeekSeq(payload, out var id));
        Assert.Equal("baiyun-0007:1042", id);
    }
}
