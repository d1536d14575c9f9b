using System;
using System.Threading.Tasks;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SmartBin.Cli.Calibration;
using SmartBin.Cli.Gateway;
using SmartBin.Cli.Ports;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Provisioning;
using SmartBin.Cli.Terminal;

namespace SmartBin.Cli.Commands
{
    /// <summary>The commands that talk to a bin over its serial console: ports, console, calibrate, provision.</summary>
    internal static partial class SerialCommands
    {
        public static readonly string[] Materials = { "PET", "HDPE", "PP", "LDPE", "PS", "MIXED" };

        public static Command Ports(GlobalOptions g, CliIo io)
        {
            var command = new Command("ports", "List serial ports (/dev/ttyUSB*, /dev/ttyACM*) with the USB device attached (vendor:product, maker, product, serial)");
            command.SetAction(r =>
            {
                IReadOnlyList<PortInfo> ports = PortScanner.Scan();
                if (r.GetValue(g.Json))
                {
                    GlobalOptions.WriteJson(io.Out, new { ports });
                    return ExitCodes.Ok;
                }

                if (ports.Count == 0)
                {
                    io.Out.WriteLine("no serial ports found (/dev/ttyUSB*, /dev/ttyACM*): plug the bin's USB cable in; a charge-only cable shows nothing");
                }

                foreach (PortInfo p in ports)
                {
                    string usb = p.UsbVendorId is null ? "USB id unknown" : $"{p.UsbVendorId}:{p.UsbProductId}";
                    string what = string.Join(" ", new[] { p.Manufacturer, p.Product }.Where(s => !string.IsNullOrEmpty(s)));
                    io.Out.WriteLine($"{p.Device,-14} {usb,-10} {what}{(p.Serial is null ? string.Empty : " serial " + p.Serial)}{(p.Chip is null ? string.Empty : "  [" + p.Chip + "]")}");
                }

                return ExitCodes.Ok;
            });
            return command;
        }

        public static Command Console(GlobalOptions g, CliIo io)
        {
            var port = PortOption();
            var command = new Command("console", "Interactive console to the bin (docs/console.md): line editing, history (Up/Down), Ctrl-C or Ctrl-D leaves; with standard input redirected, sends it line by line") { port };
            command.SetAction(r =>
            {
                using ConsoleClient client = g.OpenBin(r, r.GetRequiredValue(port), io);
                return InteractiveConsole.Run(client.Link, io.In, io.Out, io.InteractiveTerminal, g.TimeoutMs(r));
            });
            return command;
        }

        public static Command Calibrate(GlobalOptions g, CliIo io)
        {
            var port = PortOption();
            var (reference, check, yes) = CalibrationOptions();
            var command = new Command("calibrate", "Guided calibration: empty scale, reference weight(s), check weight (error reported in e), zero, save; prompts lines starting '? ' and waits for Enter") { port, reference, check, yes };
            command.SetAction((r, ct) =>
            {
                CalibrationPlan plan = Plan(r, reference, check);
                TextOperator op = new(io.In, g.Human(r, io), r.GetValue(yes), ct);
                using ConsoleClient client = g.OpenBin(r, r.GetRequiredValue(port), io);
                BinIdentity id = BinIdentity.Read(client);
                op.Say($"calibrating {(id.BinId.Length == 0 ? "an unprovisioned bin" : id.BinId)} on {client.PortName} (firmware {id.Firmware}, calibration version {id.CalibrationVersion})");
                if (id.Status.GetValueOrDefault("session") is { } session && session != "idle" && !op.Confirm($"A drop-off session is {session}. Wait for it to end, then go on?"))
                {
                    return Task.FromResult(ExitCodes.Other);
                }

                CalibrationResult result = new CalibrationWizard(client, op).Run(plan);
                op.Say($"calibration version {result.Version} saved: {result.CountsPerGram:0.######} counts/g, offset {result.OffsetCounts:0.#} counts, " +
                    $"worst residual {result.MaxErrorMilliE / 1000.0:0.0##} e, check {result.CheckGrams} g read {result.CheckReadGrams} g ({result.CheckErrorE:+0.0##;-0.0##;0} e)");
                if (r.GetValue(g.Json))
                {
                    GlobalOptions.WriteJson(io.Out, new { binId = id.BinId, calibration = result });
                }

                return Task.FromResult(ExitCodes.Ok);
            });
            return command;
        }

        public static Command Provision(GlobalOptions g, CliIo io)
        {
            var port = PortOption();
            var binId = new Option<string>("--bin-id") { Description = "The bin's identity: a-z 0-9 -, 3..32 characters, e.g. baiyun-0042", Required = true };
            var community = new Option<string>("--community") { Description = "Community the bin serves (must exist at the gateway), e.g. baiyun", Required = true };
            var material = new Option<string>("--material") { Description = "Plastic stream the bin collects", Required = true };
            material.AcceptOnlyFromAmong(Materials);
            var label = new Option<string?>("--label") { Description = "Where the bin stands, for people, e.g. \"Block 3 east\"" };
            var ssid = new Option<string?>("--wifi-ssid") { Description = "Wi-Fi network the bin joins" };
            var password = new Option<string?>("--wifi-password") { Description = "Wi-Fi passphrase (default: $SMARTBIN_WIFI_PASSWORD); never shown back", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SMARTBIN_WIFI_PASSWORD") };
            var maxGrams = new Option<int?>("--max-grams") { Description = "Scale capacity Max, g (scale.maxGrams; the bin's default 30000 when left out)" };
            var eGrams = new Option<int?>("--e-grams") { Description = "Verification scale interval e, g (scale.eGrams; default 10)" };
            var sets = new Option<string[]>("--set") { Description = "Any other setting as KEY=VALUE (repeatable), e.g. --set fill.fullPercent=85; see docs/console.md", AllowMultipleArgumentsPerToken = false };
            var connect = new Option<int>("--connect-timeout") { Description = "Seconds the self-test waits for the bin to log in to the broker", DefaultValueFactory = _ => 30 };
            var (reference, check, yes) = CalibrationOptions();
            var command = new Command("provision", "Provision a bin: identify it, register it at the gateway (new MQTT secret), write and verify its settings, calibrate, self-test, store a provisioning record. Safe to run again after any interruption")
            {
                port, binId, community, material, label, ssid, password, maxGrams, eGrams, sets, reference, check, yes, connect,
            };
            command.SetAction(async (r, ct) =>
            {
                var extra = new List<BinSetting>();
                AddIf(extra, "scale.maxGrams", r.GetValue(maxGrams));
                AddIf(extra, "scale.eGrams", r.GetValue(eGrams));
                extra.AddRange((r.GetValue(sets) ?? Array.Empty<string>()).Select(ParseSet));
                var request = new ProvisionRequest(ValidBinId(r.GetRequiredValue(binId)), r.GetRequiredValue(community), r.GetRequiredValue(material), r.GetValue(label),
                    r.GetValue(ssid), r.GetValue(password), extra, Plan(r, reference, check), r.GetValue(connect) * 1000);
                var op = new TextOperator(io.In, g.Human(r, io), r.GetValue(yes), ct);
                using AdminClient gateway = g.OpenGateway(r);
                using ConsoleClient bin = g.OpenBin(r, r.GetRequiredValue(port), io);
                ProvisionSummary summary = await new ProvisionFlow(bin, gateway, op, TimeProvider.System).RunAsync(request, ct);
                op.Say($"provisioned {summary.BinId} ({summary.Material}, {summary.Community}): firmware {summary.Firmware}, hardware {summary.HardwareId}, " +
                    $"calibration version {summary.Calibration?.Version}, record {summary.RecordId}");
                if (r.GetValue(g.Json))
                {
                    GlobalOptions.WriteJson(io.Out, summary);
                }

                return ExitCodes.Ok;
            });
            return command;
        }

        private static Option<string> PortOption() => new("--port", "-p")
        {
            Description = "Serial device of the bin's console, e.g. /dev/ttyUSB0 (`smartbin ports` lists them)",
            Required = true,
        };

        private static (Option<int[]> Reference, Option<int> Check, Option<bool> Yes) CalibrationOptions() => (
            new Option<int[]>("--reference-grams") { Description = "Reference weight(s) for the fit, g (repeatable; each becomes a calibration point)", DefaultValueFactory = _ => new[] { 20_000 } },
            new Option<int>("--check-grams") { Description = "Second, different weight that checks the calibration, g; its error is reported in e", DefaultValueFactory = _ => 10_000 },
            new Option<bool>("--yes", "-y") { Description = "Answer yes to confirmations (weight prompts still wait for a line on standard input)" });

        private static CalibrationPlan Plan(ParseResult r, Option<int[]> reference, Option<int> check)
        {
            int[] grams = r.GetValue(reference) ?? Array.Empty<int>();
            int checkGrams = r.GetValue(check);
            if (grams.Length == 0 || grams.Any(x => x <= 0) || checkGrams <= 0 || grams.Contains(checkGrams))
            {
                throw new CliException(ExitCodes.Usage, "calibration weights must be positive, and the check weight must differ from the reference weight(s)",
                    "pass e.g. --reference-grams 20000 --check-grams 10000");
            }

            return new CalibrationPlan(grams, checkGrams);
        }

        private static string ValidBinId(string binId) => BinIdPattern().IsMatch(binId) ? binId
            : throw new CliException(ExitCodes.Usage, $"'{binId}' is not a bin id", "use 3..32 of a-z, 0-9 and -, e.g. --bin-id baiyun-0042");

        private static BinSetting ParseSet(string text)
        {
            int eq = text.IndexOf('=');
            if (eq <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--set '{text}' is not KEY=VALUE", "pass e.g. --set fill.fullPercent=85");
            }

            string key = text[..eq];
            if (key.StartsWith("mqtt.", StringComparison.Ordinal) || key.StartsWith("cal.", StringComparison.Ordinal) || key.StartsWith("bin.", StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.Usage, $"--set {key}=… would override what provision itself sets",
                    "identity comes from --bin-id/--community/--material, the broker from the gateway, calibration from the calibration step");
            }

            return new BinSetting(key, text[(eq + 1)..], IsSecret: key == "wifi.password");
        }

        private static void AddIf(List<BinSetting> settings, string key, int? value)
        {
            if (value is int v)
            {
                settings.Add(new BinSetting(key, v.ToString(CultureInfo.InvariantCulture)));
            }
        }

        [GeneratedRegex("^[a-z0-9-]{3,32}$")]
        private static partial Regex BinIdPattern();
    }
}
