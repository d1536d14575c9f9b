using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SmartBin.Fuzz.Engine;

namespace SmartBin.Fuzz.Firmware;

/// <summary>
/// The serial console's line path (LineAssembler + CommandConsole) on a provisioned virtual bin: byte streams of
/// commands, near-miss commands, backlogs and request ids, with CR/LF in every combination, control bytes, invalid
/// UTF-8 and over-long lines. Each input is fed one line at a time; a line all of whose replies are errors is
/// rejected, and then nothing stored or staged may differ (docs/console.md, "Bad input"). Every reply is one
/// machine-readable line carrying the request id it was asked with; no reply shows a secret.
/// </summary>
internal sealed class ConsoleTarget : IFuzzTarget
{
    private static readonly string[] Commands =
    [
        "help", "status", "weight", "tare", "calibrate", "card", "outbox", "selftest", "set", "save", "reboot", "factory-reset", "cert",
        "backlog", "HELP", "Set", "bogus",
    ];

    private static readonly string[] Arguments =
    [
        "", "clear", "done", "0", "500", "10000", "-1", "yes", "no", "begin 100 0badc0de", "begin 0 00000000", "begin 5000 12345678", "add TUlJ",
        "add ====", "add " + new string('A', 204), "end", "abort", "clear yes", "x y z", "\"\"",
    ];

    private static readonly string[] Dictionary = ["\r", "\n", "\r\n", "\t", "; ", "@a1 ", "@", "set ", "backlog ", "\u00e9", "\"\"", "\x1b[A", "\x7f"];
    private FuzzBin bin = null!;
    private byte[] last = [];

    public string Name => "console";

    public int Epoch => 1_000;

    /// <summary>The error codes docs/console.md names.</summary>
    public IReadOnlySet<string> DocumentedReasons { get; } = RepoFiles.ConsoleErrorCodes();

    public string LastInput => Printable.Of(last);

    public void Reset() => bin = new FuzzBin();

    /// <summary>A value for <paramref name="key"/>: valid, at a bound, or wrong.</summary>
    public static string ValueFor(Random r, string key) => r.Next(8) switch
    {
        0 => "",
        1 => "\"\"",
        2 => r.Next(-5, 70_000).ToString(CultureInfo.InvariantCulture),
        3 => new string('v', r.Next(30, 80)),
        4 => key.StartsWith("pins.", StringComparison.Ordinal) ? r.Next(0, 40).ToString(CultureInfo.InvariantCulture) : "true",
        5 => key == "bin.material" ? new[] { "PET", "pet", "GLASS", "MIXED" }[r.Next(4)] : "1.5e3",
        6 => key == "bin.id" ? new[] { "baiyun-0008", "ab", "Baiyun", "baiyun_7" }[r.Next(4)] : "é字",
        _ => r.Next(10, 3_600).ToString(CultureInfo.InvariantCulture),
    };

    public string? Run(long index, Random random)
    {
        var input = Generate(random);
        last = input;
        string? firstError = null;
        var before = bin.Fingerprint();
        foreach (var line in Lines(input))
        {
            bin.Feed(line);
            var codes = bin.Replies.Select(r => Check(line, r)).ToList();
            var rejected = codes.Count > 0 && codes.All(c => c is not null);
            firstError ??= codes.FirstOrDefault(c => c is not null);
            var after = bin.Fingerprint();
            if (rejected && after != before)
            {
                throw new FuzzViolation($"rejected line ({string.Join(", ", codes)}) changed the bin's state: {Printable.Of(line)}");
            }
            before = after;
        }
        bin.Refill();
        return firstError;
    }

    // Cuts the input after each CR or LF (as the bin sees lines); a last piece gets an LF so nothing is left pending.
    private static IEnumerable<byte[]> Lines(byte[] input)
    {
        var start = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] is (byte)'\r' or (byte)'\n')
            {
                yield return input[start..(i + 1)];
                start = i + 1;
            }
        }
        if (start < input.Length)
        {
            yield return [.. input[start..], (byte)'\n'];
        }
    }

    // The reply's error code, or null for ok/JSON; a reply that is neither is a violation.
    private static string? Check(byte[] line, string reply)
    {
        if (reply.Contains(FuzzBin.Secret, StringComparison.Ordinal))
        {
            throw new FuzzViolation("a reply shows the MQTT secret: " + reply);
        }
        var body = reply;
        if (body.StartsWith('@'))
        {
            var space = body.IndexOf(' ', StringComparison.Ordinal);
            var id = space < 0 ? body : body[..space];
            var asked = Encoding.UTF8.GetString(line).Replace('\t', ' ').Trim(); // the console reads a tab as a space
            if (space < 0 || !(asked == id || asked.StartsWith(id + " ", StringComparison.Ordinal)))
            {
                throw new FuzzViolation($"reply '{reply}' carries a request id the line did not");
            }
            body = body[(space + 1)..];
        }
        if (body == "ok" || (body.StartsWith('{') && body.EndsWith('}')))
        {
            return null;
        }
        if (!body.StartsWith("error ", StringComparison.Ordinal))
        {
            throw new FuzzViolation("reply is not machine-readable: " + reply);
        }
        var code = body[6..].Split(' ', 2)[0];
        return code.Length == 0 ? throw new FuzzViolation("error reply without a code: " + reply) : code;
    }

    private byte[] Generate(Random r)
    {
        var bytes = new List<byte>();
        for (var lines = 1 + r.Next(3); lines > 0; lines--)
        {
            var line = r.Next(10) switch
            {
                0 => Mutator.RandomBytes(r, r.Next(8) == 0 ? 400 : 40),
                1 => Encoding.UTF8.GetBytes("backlog " + string.Join("; ", Enumerable.Range(0, r.Next(0, 20)).Select(_ => CommandLine(r)))),
                _ => Encoding.UTF8.GetBytes(CommandLine(r)),
            };
            if (r.Next(10) == 0)
            {
                line = Encoding.UTF8.GetBytes(RequestId(r)).Concat(line).ToArray();
            }
            if (r.Next(3) == 0)
            {
                var list = line.ToList();
                new Mutator([line], Dictionary, 600).Mutate(r, list);
                line = [.. list];
            }
            bytes.AddRange(line);
            bytes.AddRange(new[] { "\n", "\r", "\r\n", "\n\r", "", "\n\n" }[r.Next(6)].Select(c => (byte)c));
        }
        return [.. bytes];
    }

    private static string CommandLine(Random r)
    {
        var command = Commands[r.Next(Commands.Length)];
        if (command.Equals("set", StringComparison.OrdinalIgnoreCase) && r.Next(4) > 0)
        {
            var key = r.Next(10) == 0 ? "no.such" : FuzzBin.Keys[r.Next(FuzzBin.Keys.Length)];
            return command + " " + key + (r.Next(4) == 0 ? "" : " " + ValueFor(r, key));
        }
        return (command + " " + Arguments[r.Next(Arguments.Length)]).TrimEnd();
    }

    private static string RequestId(Random r) => r.Next(4) switch
    {
        0 => "@" + new string('i', r.Next(1, 20)) + " ",
        1 => "@ ",
        2 => "@a.b ",
        _ => "@r" + r.Next(1000).ToString(CultureInfo.InvariantCulture) + " ",
    };
}

/// <summary>Firmware targets by name.</summary>
internal static class FirmwareTargets
{
    public static IEnumerable<IFuzzTarget> All() => [new BinMessageDecoderTarget(), new ConsoleTarget(), new UltrasonicTarget()];
}
