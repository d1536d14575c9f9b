using System.Linq;
using System.Text;
using SmartBin.Cli.Protocol;
using Xunit;

namespace SmartBin.Cli.Tests.Protocol
{
    /// <summary>How received lines are told apart: replies for our id, echo, noise, other ids, boot lines.</summary>
    public sealed class ReplyLineTests
    {
        [Theory]
        [InlineData("@ab1 ok", "ok")]
        [InlineData("@ab1 error bad-args usage", "error bad-args usage")]
        [InlineData("@ab1 {\"fw\":\"1.0\"}", "{\"fw\":\"1.0\"}")]
        [InlineData("\u0001\uFFFDxx@ab1 ok", "ok")]
        [InlineData("@ab1 status@ab1 {\"a\":1}", "{\"a\":1}")]
        public void Replies_for_our_id_are_found_even_behind_noise(string line, string body)
        {
            Assert.Equal(ReplyKind.Reply, ReplyLine.Classify(line, "ab1", out string found));
            Assert.Equal(body, found);
        }

        [Theory]
        [InlineData("@ab1 status")] // our own request echoed back
        [InlineData("@ab1 set wifi.ssid x")]
        [InlineData("@ab2 ok")] // another request's reply
        [InlineData("@ab1 {\"fw\":\"1.")] // damaged on the wire
        [InlineData("ok")] // no id
        [InlineData("random noise")]
        public void Echo_noise_other_ids_and_damaged_lines_are_not_replies(string line)
        {
            Assert.Equal(ReplyKind.Other, ReplyLine.Classify(line, "ab1", out _));
        }

        [Fact]
        public void The_boot_line_is_recognised_even_after_noise()
        {
            Assert.Equal(ReplyKind.Boot, ReplyLine.Classify("\uFFFD\uFFFD{\"boot\":\"smartbin\",\"fw\":\"1.0.0\",\"hw\":\"esp32-x\",\"bin\":\"\"}", "ab1", out _));
            Assert.Equal(ReplyKind.Other, ReplyLine.Classify("{\"boot\":\"smartbin\",\"fw\":", "ab1", out _));
        }

        [Fact]
        public void Partial_lines_wait_for_their_end_and_crlf_gives_no_empty_lines()
        {
            var splitter = new LineSplitter();
            byte[] first = Encoding.UTF8.GetBytes("@a1 {\"x\"");
            byte[] second = Encoding.UTF8.GetBytes(":1}\r\n\r\n@a2 ok\n@a3");
            Assert.Empty(splitter.Push(first, first.Length));
            Assert.Equal(new[] { "@a1 {\"x\":1}", "@a2 ok" }, splitter.Push(second, second.Length).ToArray());
            splitter.Reset();
            byte[] third = Encoding.UTF8.GetBytes(" ok\n");
            Assert.Equal(new[] { " ok" }, splitter.Push(third, third.Length).ToArray());
        }

        [Fact]
        public void Error_replies_split_into_code_and_message()
        {
            ConsoleReplyText reply = ConsoleReplyText.Parse("error unstable wait for a stable reading");
            Assert.True(reply.IsError);
            Assert.Equal("unstable", reply.ErrorCode);
            Assert.Equal("wait for a stable reading", reply.ErrorMessage);
            Assert.Empty(reply.Fields());
        }
    }
}
