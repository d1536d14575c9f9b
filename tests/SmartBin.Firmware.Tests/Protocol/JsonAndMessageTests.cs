using System;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Session;
using Xunit;

namespace SmartBin.Firmware.Tests.Protocol
{
    public sealed class JsonAndMessageTests
    {
        [Fact]
        public void Writer_escapes_and_encodes_so_a_standard_parser_reads_the_same_text_back()
        {
            var w = new JsonWriter(512);
            string tricky = "quote\" back\\ tab\t nl\n bell\u0007 白云社区 \U0001F331";
            w.Reset();
            w.BeginObject(null);
            w.WriteString("s", tricky);
            w.WriteInt("min", long.MinValue);
            w.WriteInt("max", long.MaxValue);
            w.WriteBool("b", false);
            w.BeginArray("a");
            w.WriteStringItem("x");
            w.WriteStringItem("y");
            w.EndArray();
            w.EndObject();

            using JsonDocument doc = JsonDocument.Parse(w.Buffer.AsMemory(0, w.Length));
            Assert.Equal(tricky, doc.RootElement.GetProperty("s").GetString());
            Assert.Equal(long.MinValue, doc.RootElement.GetProperty("min").GetInt64());
            Assert.Equal(long.MaxValue, doc.RootElement.GetProperty("max").GetInt64());
            Assert.Equal("y", doc.RootElement.GetProperty("a")[1].GetString());
        }

        [Fact]
        public void Writer_reports_overflow_instead_of_throwing()
        {
            var w = new JsonWriter(16);
            w.Reset();
            w.BeginObject(null);
            w.WriteString("long", "this does not fit at all");
            w.EndObject();
            Assert.True(w.Overflowed);
            Assert.True(w.Length <= 16);
        }

        [Fact]
        public void Encoding_a_drop_off_allocates_nothing_after_warm_up()
        {
            var w = new JsonWriter(ProtocolVersion.PayloadBytesMax);
            var r = new DropOffRecord { Sequence = 77, CardUid = "04A1B2C3", NetGrams = 500, Material = "PET", FirmwareVersion = "1.0.0" };
            MessageCodecs.EncodeDropOff(w, "bin-001", r);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                r.Sequence = i + 1;
                MessageCodecs.EncodeDropOff(w, "bin-001", r);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Theory]
        [InlineData("", "not-object")]
        [InlineData("[1]", "not-object")]
        [InlineData("{\"a\":1", "syntax")]
        [InlineData("{\"a\":01}", "syntax")]
        [InlineData("{\"a\":1}x", "syntax")]
        [InlineData("{\"a\":99999999999999999999}", "number-range")]
        [InlineData("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}", "too-deep")]
        [InlineData("{\"a\":1,\"a\":2}", "duplicate-key")]
        [InlineData("{\"a\":\"\\x\"}", "bad-escape")]
        [InlineData("{\"a\":\"\\udc00\"}", "bad-escape")]
        [InlineData("{\"a\":\"raw\u0001\"}", "syntax")]
        public void Reader_gives_a_specific_error(string json, string error)
        {
            var r = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            Assert.False(r.Parse(bytes, 0, bytes.Length));
            Assert.Equal(error, r.Error);
            Assert.Equal(0, r.FieldCount);
        }

        [Fact]
        public void Reader_rejects_bad_utf8_too_many_fields_and_overlong_strings()
        {
            var r = new JsonReader();
            byte[] badUtf8 = { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)'}' };
            Assert.False(r.Parse(badUtf8, 0, badUtf8.Length));
            Assert.Equal("bad-utf8", r.Error);

            var fields = new StringBuilder("{");
            for (int i = 0; i <= JsonReader.FieldsMax; i++)
            {
                fields.Append(i == 0 ? string.Empty : ",").Append("\"f").Append(i).Append("\":1");
            }

            byte[] many = Encoding.UTF8.GetBytes(fields.Append('}').ToString());
            Assert.False(r.Parse(many, 0, many.Length));
            Assert.Equal("too-many-fields", r.Error);

            byte[] longString = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', JsonReader.StringCharsMax + 1) + "\"}");
            Assert.False(r.Parse(longString, 0, longString.Length));
            Assert.Equal("too-long", r.Error);
        }

        [Fact]
        public void Reader_keeps_types_apart_and_skips_nested_values()
        {
            var r = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes("{ \"n\": -12, \"f\": 1.5, \"s\": \"\\u767d\\ud83c\\udf31\", \"t\": true, \"z\": null, \"o\": {\"x\":[1,2,{}]} }");
            Assert.True(r.Parse(bytes, 0, bytes.Length), r.Error);
            Assert.True(r.TryGetLong("n", out long n) && n == -12);
            Assert.False(r.TryGetLong("f", out _));
            Assert.True(r.TryGetString("s", out string s) && s == "白\U0001F331");
            Assert.False(r.TryGetString("n", out _));
            Assert.True(r.TryGetBool("t", out bool t) && t);
            Assert.True(r.Has("z") && r.Has("o"));
            Assert.False(r.Has("x"));
        }

        [Theory]
        [InlineData("{\"v\":2,\"seq\":5,\"result\":\"credited\"}", "bad-version")]
        [InlineData("{\"v\":1,\"seq\":0,\"result\":\"credited\"}", "bad-seq")]
        [InlineData("{\"v\":1,\"seq\":5,\"result\":\"paid\"}", "bad-result")]
        [InlineData("{\"v\":1,\"seq\":5,\"result\":\"credited\",\"points\":-1}", "bad-amount")]
        [InlineData("{\"v\":1,\"seq\":5,\"result\":\"credited\",\"co2eG\":\"9\"}", "bad-amount")]
        public void Ack_validation_names_the_problem(string json, string error)
        {
            var r = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            Assert.True(r.Parse(bytes, 0, bytes.Length));
            Assert.Equal(error, new AckMessage().ReadFrom(r));
        }

        [Theory]
        [InlineData("credited")]
        [InlineData("recorded")]
        [InlineData("duplicate")]
        [InlineData("held")]
        [InlineData("rejected")]
        public void Ack_accepts_each_documented_result(string result)
        {
            var r = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes("{\"v\":1,\"seq\":7,\"result\":\"" + result + "\",\"reason\":\"\"}");
            Assert.True(r.Parse(bytes, 0, bytes.Length));
            var ack = new AckMessage();
            Assert.Null(ack.ReadFrom(r));
            Assert.Equal(result, ack.Result);
            Assert.Equal(7, ack.Sequence);
        }

        [Theory]
        [InlineData("{\"v\":1,\"id\":\"\",\"cmd\":\"tare\"}", "bad-id")]
        [InlineData("{\"v\":1,\"id\":\"c1\",\"cmd\":\"format-disk\"}", "unknown-command")]
        [InlineData("{\"v\":1,\"id\":\"c1\",\"cmd\":\"set\",\"key\":\"x\"}", "bad-args")]
        [InlineData("{\"v\":1,\"id\":\"c1\",\"cmd\":\"get\"}", "bad-args")]
        public void Command_validation_names_the_problem(string json, string error)
        {
            var r = new JsonReader();
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            Assert.True(r.Parse(bytes, 0, bytes.Length));
            Assert.Equal(error, new CommandMessage().ReadFrom(r));
        }

        [Theory]
        [InlineData("smartbin/v1/bin-001/dropoff", true, "bin-001", "dropoff")]
        [InlineData("smartbin/v1/bin-001/cmd/result", true, "bin-001", "cmd/result")]
        [InlineData("smartbin/v1/+/dropoff", false, "", "")]
        [InlineData("smartbin/v1/bin-001/#", false, "", "")]
        [InlineData("smartbin/v1/Bin-001/dropoff", false, "", "")]
        [InlineData("smartbin/v2/bin-001/dropoff", false, "", "")]
        [InlineData("smartbin/v1/bin-001/", false, "", "")]
        public void Topics_parse_only_well_formed_bin_topics(string topic, bool ok, string bin, string leaf)
        {
            Assert.Equal(ok, BinTopics.TryParse(topic, out string parsedBin, out string parsedLeaf));
            Assert.Equal((bin, leaf), (parsedBin, parsedLeaf));
        }

        [Fact]
        public void Topics_are_built_for_valid_bin_ids_only()
        {
            var topics = new BinTopics("xiahang-12");
            Assert.Equal("smartbin/v1/xiahang-12/cmd/result", topics.CommandResult);
            Assert.Throws<ArgumentException>(() => new BinTopics("../etc"));
            Assert.Throws<ArgumentException>(() => new BinTopics("ab"));
        }
    }
}
