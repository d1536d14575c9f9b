using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using SmartBin.Cli.Gateway;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Serial;

namespace SmartBin.Cli.Commands
{
    /// <summary>Standard streams of one run (tests pass their own).</summary>
    internal sealed record CliIo(TextReader In, TextWriter Out, TextWriter Err, bool InteractiveTerminal);

    /// <summary>The options every command takes (recursive on the root), and helpers that read them.</summary>
    internal sealed class GlobalOptions
    {
        public const int BaudDefault = 115200;
        public const double TimeoutSecondsDefault = 5;
        private static readonly JsonSerializerOptions JsonOut = new(JsonSerializerDefaults.Web) { WriteIndented = true };

        public Option<string?> Gateway { get; } = new("--gateway")
        {
            Description = "Gateway web address, e.g. http://gateway.local:5080 (default: $SMARTBIN_GATEWAY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SMARTBIN_GATEWAY"),
            Recursive = true,
        };

        public Option<string?> ApiKey { get; } = new("--api-key")
        {
            Description = "Operator API key sbk_… issued by `SmartBin.Gateway operator add` (default: $SMARTBIN_API_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SMARTBIN_API_KEY"),
            Recursive = true,
        };

        public Option<bool> Json { get; } = new("--json")
        {
            Description = "Print the result as JSON on standard output (progress and prompts go to standard error)",
            Recursive = true,
        };

        public Option<int> Baud { get; } = new("--baud")
        {
            Description = "Serial speed of the bin's console, baud (8N1)",
            DefaultValueFactory = _ => BaudDefault,
            Recursive = true,
        };

        public Option<double> Timeout { get; } = new("--timeout")
        {
            Description = "Seconds to wait for one reply from the bin (tried up to 3 times) or from the gateway",
            DefaultValueFactory = _ => TimeoutSecondsDefault,
            Recursive = true,
        };

        public Option<bool> Verbose { get; } = new("--verbose")
        {
            Description = "Show every console line sent and received (on standard error)",
            Recursive = true,
        };

        public void AddTo(Command root)
        {
            foreach (Option option in new Option[] { Gateway, ApiKey, Json, Baud, Timeout, Verbose })
            {
                root.Options.Add(option);
            }
        }

        public int TimeoutMs(ParseResult r)
        {
            double seconds = r.GetValue(Timeout);
            if (seconds is < 0.1 or > 600)
            {
                throw new CliException(ExitCodes.Usage, $"--timeout {seconds} is out of range", "pass --timeout from 0.1 to 600 seconds");
            }

            return (int)(seconds * 1000);
        }

        /// <summary>Opens the bin's console on <paramref name="port"/>.</summary>
        public ConsoleClient OpenBin(ParseResult r, string port, CliIo io)
        {
            int baud = r.GetValue(Baud);
            if (baud is < 300 or > 4_000_000)
            {
                throw new CliException(ExitCodes.Usage, $"--baud {baud} is out of range", "the bin's console runs at 115200; pass --baud 115200 or leave it out");
            }

            ISerialLink link = SerialPortLink.Open(port, baud);
            Action<string>? trace = r.GetValue(Verbose) ? line => io.Err.WriteLine("  " + line) : null;
            return new ConsoleClient(link, TimeoutMs(r), baud, trace);
        }

        public AdminClient OpenGateway(ParseResult r) =>
            AdminClient.Create(r.GetValue(Gateway), r.GetValue(ApiKey), TimeSpan.FromMilliseconds(Math.Max(TimeoutMs(r), 10_000)));

        /// <summary>Where progress and prompts go: standard output, or standard error when stdout carries JSON.</summary>
        public TextWriter Human(ParseResult r, CliIo io) => r.GetValue(Json) ? io.Err : io.Out;

        public static void WriteJson(TextWriter output, object value)
        {
            output.WriteLine(JsonSerializer.Serialize(value, value.GetType(), JsonOut));
            output.Flush();
        }
    }
}
