using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SmartBin.Simulator
{
    /// <summary>Command-line options: <c>--name value</c> pairs after a mode word; unknown names are errors.</summary>
    public sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        private Options(string mode)
        {
            Mode = mode;
        }

        public string Mode { get; }

        public static Options Parse(string[] args, IReadOnlyCollection<string> known)
        {
            if (args.Length == 0 || args[0].StartsWith("-", StringComparison.Ordinal))
            {
                throw new ArgumentException("first argument must be a mode: fleet or bin");
            }

            var options = new Options(args[0]);
            for (int i = 1; i < args.Length; i++)
            {
                string name = args[i];
                if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
                {
                    throw new ArgumentException($"unknown option '{name}'; known: --{string.Join(", --", known)}");
                }

                bool isFlag = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
                options._values[name[2..]] = isFlag ? "true" : args[++i];
            }

            return options;
        }

        public string Text(string name, string fallback) => _values.TryGetValue(name, out string? v) ? v : fallback;

        public int Int(string name, int fallback, int min, int max)
        {
            if (!_values.TryGetValue(name, out string? text))
            {
                return fallback;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                throw new ArgumentException($"--{name} must be an integer from {min} to {max}, not '{text}'");
            }

            return value;
        }

        public double Number(string name, double fallback, double min, double max)
        {
            if (!_values.TryGetValue(name, out string? text))
            {
                return fallback;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
            {
                throw new ArgumentException($"--{name} must be a number from {min} to {max}, not '{text}'");
            }

            return value;
        }

        public bool Flag(string name) => _values.ContainsKey(name);

        /// <summary>Splits <c>host:port</c>.</summary>
        public (string Host, int Port) Broker()
        {
            string text = Text("broker", "127.0.0.1:1883");
            int colon = text.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out int port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"--broker must be host:port, not '{text}'");
            }

            return (text[..colon], port);
        }
    }
}
