using System;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;

namespace SmartBin.Simulator.Serial
{
    /// <summary>
    /// The control channel's commands, run on the bin's control loop. Each returns one line: <c>ok</c>, a JSON object
    /// (<c>state</c>) or <c>error &lt;message&gt;</c>.
    /// </summary>
    internal static class ControlCommands
    {
        public const string Usage =
            "load G | add G | card UID | reboot | reboot-next [N] | unplug | replug | scale-unplug | scale-replug | echo on|off | chunked on|off | mute N | noise TEXT | state";

        public static async Task<string> RunAsync(string line, ConsoleBin bin, SerialSession? serial)
        {
            string[] words = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            string verb = words.Length > 0 ? words[0].ToLowerInvariant() : string.Empty;
            string arg = words.Length > 1 ? words[1] : string.Empty;
            switch (verb)
            {
                case "load" when TryGrams(arg, out double grams):
                    bin.Bin.LoadCell.SetLoadGrams(grams);
                    return "ok";
                case "add" when TryGrams(arg, out double grams):
                    bin.Bin.LoadCell.AddLoadGrams(grams);
                    return "ok";
                case "card" when IsUid(arg):
                    bin.TapCard(arg);
                    return "ok";
                case "reboot":
                    await bin.RebootAsync();
                    return "ok";
                case "scale-unplug":
                    bin.Bin.LoadCell.Unplug();
                    return "ok";
                case "scale-replug":
                    bin.Bin.LoadCell.PlugIn();
                    return "ok";
                case "state":
                    return State(bin);
            }

            return serial is null ? $"error unknown or malformed control command '{line}'; usage: {Usage}" : RunSerial(verb, arg, serial, line);
        }

        private static string RunSerial(string verb, string arg, SerialSession serial, string line)
        {
            switch (verb)
            {
                case "reboot-next" when arg.Length == 0:
                    serial.LinesBeforeReboot = 0;
                    return "ok";
                case "reboot-next" when int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int pass) && pass <= 1000:
                    serial.LinesBeforeReboot = pass; // that many lines reach the bin first: a reboot at a known point
                    return "ok";
                case "unplug":
                    serial.Port.Unplugged = true;
                    return "ok";
                case "replug":
                    serial.Port.Unplugged = false;
                    return "ok";
                case "echo" when arg is "on" or "off":
                    serial.Port.Echo = arg == "on";
                    return "ok";
                case "chunked" when arg is "on" or "off":
                    serial.Port.Chunked = arg == "on";
                    return "ok";
                case "mute" when int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int lines):
                    serial.Port.MuteLines = lines;
                    return "ok";
                case "noise" when arg.Length > 0:
                    serial.Port.WriteRaw(Unescape(arg), chunked: false);
                    return "ok";
                default:
                    return $"error unknown or malformed control command '{line}'; usage: {Usage}";
            }
        }

        private static string State(ConsoleBin bin)
        {
            var c = bin.Bin.Controller;
            string mqtt = bin.Mqtt.Endpoint is null ? "none" : $"{bin.Mqtt.Endpoint.Host}:{bin.Mqtt.Endpoint.Port}";
            return string.Create(CultureInfo.InvariantCulture,
                $"{{\"boots\":{bin.Bin.BootCount},\"loadG\":{bin.Bin.LoadCell.LoadGrams},\"bin\":\"{c.Topics?.BinId}\",\"ready\":{(c.IsReady ? "true" : "false")},\"broker\":\"{mqtt}\",\"mqtt\":{(bin.Mqtt.IsConnected ? "true" : "false")},\"outbox\":{c.Outbox.Count}}}");
        }

        private static bool TryGrams(string text, out double grams) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out grams) && grams is >= -1_000_000 and <= 1_000_000;

        private static bool IsUid(string text) =>
            text.Length is 8 or 14 or 20 && Array.TrueForAll(text.ToCharArray(), Uri.IsHexDigit);

        /// <summary><c>\n</c>, <c>\r</c>, <c>\\</c> and <c>\xHH</c> escapes, so noise can hold line ends and raw bytes.</summary>
        private static byte[] Unescape(string text)
        {
            var bytes = new System.Collections.Generic.List<byte>();
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != '\\' || i + 1 >= text.Length)
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                    continue;
                }

                char next = text[++i];
                if (next == 'x' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
                {
                    bytes.Add(value);
                    i += 2;
                    continue;
                }

                bytes.Add(next switch { 'n' => (byte)'\n', 'r' => (byte)'\r', _ => (byte)next });
            }

            return bytes.ToArray();
        }
    }
}
