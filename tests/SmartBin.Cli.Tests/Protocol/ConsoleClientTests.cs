using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Serial;
using Xunit;

namespace SmartBin.Cli.Tests.Protocol
{
    /// <summary>The client's retry and reboot rules against a scripted link (no timing: the fake answers at once or never).</summary>
    public sealed class ConsoleClientTests
    {
        [Fact]
        public void A_backlog_collects_one_reply_per_command_and_stops_at_an_abort()
        {
            var link = new ScriptedLink((id, cmd) => cmd.StartsWith("backlog", StringComparison.Ordinal)
                ? new[] { $"@{id} ok", $"@{id} error bad-value nope", $"@{id} error backlog-aborted 1 not run" }
                : Array.Empty<string>());
            using var client = new ConsoleClient(link, 50, 115200);
            var replies = client.Backlog(new[] { "set a 1", "set b x", "set c 3" });
            Assert.Equal(3, replies.Count);
            Assert.Equal("bad-value", replies[1].ErrorCode);
        }

        [Fact]
        public void Silence_is_retried_then_reported_as_no_reply_with_the_fix()
        {
            var link = new ScriptedLink((_, _) => Array.Empty<string>());
            using var client = new ConsoleClient(link, 20, 9600);
            CliException e = Assert.Throws<CliException>(() => client.Request("status"));
            Assert.Equal(ConsoleClient.AttemptsMax, link.Sent.Count);
            Assert.Equal(link.Sent.Count, link.Sent.Select(s => s.Split(' ')[0]).Distinct().Count());
            Assert.Equal(ExitCodes.SerialOrBin, e.ExitCode);
            Assert.Contains("9600 baud", e.Fix);
        }

        [Fact]
        public void A_boot_line_instead_of_a_reply_resends_a_repeatable_request_and_fails_a_one_shot_one()
        {
            int calls = 0;
            var link = new ScriptedLink((id, _) => ++calls == 1 ? new[] { "{\"boot\":\"smartbin\",\"fw\":\"1\",\"hw\":\"h\",\"bin\":\"\"}" } : new[] { $"@{id} ok" });
            using var client = new ConsoleClient(link, 50, 115200);
            Assert.True(client.Request("save").IsOk);
            Assert.Equal(1, client.Reboots);

            calls = 0;
            Assert.Throws<BinRebootedException>(() => client.Request("reboot", repeatable: false));
            Assert.Equal(2, client.Reboots);
        }

        /// <summary>A link whose bin answers each written request from a function of its id and command.</summary>
        private sealed class ScriptedLink : ISerialLink
        {
            private readonly Func<string, string, string[]> _answer;
            private readonly Queue<byte> _pending = new();

            public ScriptedLink(Func<string, string, string[]> answer)
            {
                _answer = answer;
            }

            public List<string> Sent { get; } = new();

            public string PortName => "/dev/fake";

            public void Write(string text)
            {
                string line = text.TrimEnd('\n');
                Sent.Add(line);
                int space = line.IndexOf(' ');
                foreach (string reply in _answer(line[1..space], line[(space + 1)..]))
                {
                    foreach (byte b in Encoding.UTF8.GetBytes(reply + "\r\n"))
                    {
                        _pending.Enqueue(b);
                    }
                }
            }

            public int Read(byte[] buffer, int timeoutMs)
            {
                int n = 0;
                while (n < buffer.Length && _pending.Count > 0)
                {
                    buffer[n++] = _pending.Dequeue();
                }

                if (n == 0)
                {
                    System.Threading.Thread.Sleep(Math.Min(timeoutMs, 5));
                }

                return n;
            }

            public void Dispose()
            {
            }
        }
    }
}
