using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using SmartBin.Cli.Serial;

namespace SmartBin.Cli.Protocol
{
    /// <summary>The bin restarted while a request that must not simply be repeated was outstanding.</summary>
    internal sealed class BinRebootedException : Exception
    {
        public BinRebootedException(string command)
            : base($"the bin restarted while running '{command}'")
        {
        }
    }

    /// <summary>
    /// Request/reply over the bin's console (docs/console.md): every request carries a fresh <c>@id</c> and only
    /// reply lines with that id count, so echo, noise, partial lines and late replies to earlier requests are
    /// ignored. A request that gets no (complete) reply within the timeout is sent again with a new id, and so is
    /// one interrupted by the bin's boot line, since a restarted controller never answers what it was asked
    /// before. Callers that stage state across several requests watch <see cref="Reboots"/>.
    /// </summary>
    internal sealed class ConsoleClient : IDisposable
    {
        public const int AttemptsMax = 3;
        public const int RebootResendsMax = 5;
        private const int ReadBufferBytes = 1024;
        private readonly ISerialLink _link;
        private readonly LineSplitter _splitter = new();
        private readonly Queue<string> _lines = new();
        private readonly byte[] _buffer = new byte[ReadBufferBytes];
        private readonly string _session = RandomSession();
        private readonly int _baud;
        private int _counter;

        public ConsoleClient(ISerialLink link, int timeoutMs, int baud, Action<string>? trace = null)
        {
            _link = link;
            TimeoutMs = timeoutMs;
            _baud = baud;
            Trace = trace ?? (_ => { });
        }

        /// <summary>How long one attempt waits for its reply, ms.</summary>
        public int TimeoutMs { get; }

        /// <summary>Boot lines seen so far: a change means staged settings and calibration points are gone.</summary>
        public int Reboots { get; private set; }

        public string PortName => _link.PortName;

        /// <summary>The line underneath (the interactive console reads and writes it directly).</summary>
        public ISerialLink Link => _link;

        /// <summary>Where lines sent and received are traced (--verbose), one per call.</summary>
        public Action<string> Trace { get; }

        /// <summary>Sends one command and returns its reply; repeats it on timeout or reboot when <paramref name="repeatable"/>.</summary>
        public ConsoleReplyText Request(string command, bool repeatable = true) => Exchange(command, 1, repeatable)[0];

        /// <summary>
        /// Runs <paramref name="commands"/> as one <c>backlog</c> line and returns one reply per command run (fewer when
        /// one failed: the bin then stops and the last reply is <c>error backlog-aborted</c>). The whole line is sent
        /// again on timeout or reboot, so its commands must be repeatable (e.g. <c>set</c>).
        /// </summary>
        public IReadOnlyList<ConsoleReplyText> Backlog(IReadOnlyList<string> commands)
        {
            if (commands.Count is 0 or > BacklogPacker.CommandsMax)
            {
                throw new ArgumentOutOfRangeException(nameof(commands), "a backlog holds 1-16 commands");
            }

            return Exchange("backlog " + string.Join("; ", commands), commands.Count, repeatable: true);
        }

        /// <summary>Waits for the boot line; true when it came within <paramref name="timeoutMs"/>.</summary>
        public bool WaitForBoot(int timeoutMs)
        {
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < timeoutMs)
            {
                string? line = NextLine(timeoutMs - (int)clock.ElapsedMilliseconds);
                if (line is not null && ReplyLine.Classify(line, "-", out _) == ReplyKind.Boot)
                {
                    Reboots++;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Asks the bin to restart and waits until it is back (its boot line, or an answer to <c>status</c>).</summary>
        public void Reboot()
        {
            int before = Reboots;
            try
            {
                Request("reboot", repeatable: false);
            }
            catch (BinRebootedException)
            {
                // The boot line overtook the "ok": the restart we asked for.
                return;
            }

            if (Reboots == before && !WaitForBoot(TimeoutMs * 2))
            {
                Request("status");
            }
        }

        public void Dispose() => _link.Dispose();

        private IReadOnlyList<ConsoleReplyText> Exchange(string command, int expected, bool repeatable)
        {
            int attempts = 0;
            int rebootResends = 0;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                string id = NextId();
                Trace($"-> @{id} {command}");
                _link.Write("@" + id + " " + command + "\n");
                List<ConsoleReplyText>? replies = Await(id, expected, out bool rebooted);
                if (replies is not null)
                {
                    return replies;
                }

                if (rebooted)
                {
                    if (!repeatable)
                    {
                        throw new BinRebootedException(command);
                    }

                    if (++rebootResends > RebootResendsMax)
                    {
                        throw new CliException(ExitCodes.SerialOrBin, $"the bin on {PortName} keeps restarting ({Reboots} boots seen)",
                            "check its power supply and watch its console (`smartbin console`) for a crash before the boot line");
                    }

                    continue;
                }

                if (!repeatable || ++attempts >= AttemptsMax)
                {
                    throw SerialErrors.NoReply(PortName, _baud, (int)clock.ElapsedMilliseconds);
                }
            }
        }

        private List<ConsoleReplyText>? Await(string id, int expected, out bool rebooted)
        {
            rebooted = false;
            var replies = new List<ConsoleReplyText>();
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < TimeoutMs)
            {
                string? line = NextLine(TimeoutMs - (int)clock.ElapsedMilliseconds);
                if (line is null)
                {
                    continue;
                }

                ReplyKind kind = ReplyLine.Classify(line, id, out string body);
                if (kind == ReplyKind.Boot)
                {
                    Trace("<- " + body + "   (the bin restarted)");
                    Reboots++;
                    _splitter.Reset();
                    rebooted = true;
                    return null;
                }

                if (kind == ReplyKind.Other)
                {
                    Trace("<- (ignored) " + line);
                    continue;
                }

                Trace("<- @" + id + " " + body);
                var reply = ConsoleReplyText.Parse(body);
                replies.Add(reply);
                if (replies.Count == expected || reply.ErrorCode == "backlog-aborted")
                {
                    return replies;
                }
            }

            return null;
        }

        private string? NextLine(int timeoutMs)
        {
            if (_lines.Count == 0)
            {
                int read = _link.Read(_buffer, Math.Max(1, timeoutMs));
                foreach (string line in _splitter.Push(_buffer, read))
                {
                    _lines.Enqueue(line);
                }
            }

            return _lines.Count > 0 ? _lines.Dequeue() : null;
        }

        private string NextId() => _session + (++_counter).ToString(CultureInfo.InvariantCulture);

        // Ids differ from one run of the tool to the next, so a late reply to a killed run is never mistaken for ours.
        private static string RandomSession()
        {
            const string letters = "abcdefghijkmnpqrstuvwxyz";
            Span<char> text = stackalloc char[5];
            for (int i = 0; i < 4; i++)
            {
                text[i] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
            }

            text[4] = '-';
            return new string(text);
        }
    }
}
