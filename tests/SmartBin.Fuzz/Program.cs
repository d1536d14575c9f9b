using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SmartBin.Fuzz.Engine;
using SmartBin.Fuzz.Firmware;
using SmartBin.Fuzz.Gateway;

namespace SmartBin.Fuzz;

/// <summary>
/// <c>smartbin-fuzz --parser NAME|all --inputs N --seed S [--start I] --time-limit-ms T</c>: runs N generated inputs
/// through each parser and prints a table per parser. Exit code 0 when no parser crashed, hung or broke a promise,
/// 1 when one did, 2 on bad arguments.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }
        var targets = Targets().Where(t => options.Parser == "all" || t.Name == options.Parser).ToList();
        if (targets.Count == 0)
        {
            Console.Error.WriteLine($"no parser '{options.Parser}'; one of: all, {string.Join(", ", Targets().Select(t => t.Name))}");
            return 2;
        }
        Console.WriteLine($"smartbin-fuzz --parser {options.Parser} --inputs {options.Inputs} --seed {options.Seed} --start {options.Start} --time-limit-ms {options.TimeLimitMs}");
        var failed = false;
        foreach (var target in targets)
        {
            var report = FuzzRunner.Run(target, options.Seed, options.Start, options.Inputs, options.TimeLimitMs);
            Console.WriteLine(report.Format());
            failed |= !report.Passed;
        }
        Console.WriteLine(failed ? "FAILED" : "PASSED: no crash, no hang, no violation");
        return failed ? 1 : 0;
    }

    private static IEnumerable<IFuzzTarget> Targets() => [.. GatewayTargets.All(), .. FirmwareTargets.All()];

    private sealed record Options(string Parser, long Inputs, int Seed, long Start, int TimeLimitMs)
    {
        public const string Usage = "usage: smartbin-fuzz --parser NAME|all --inputs N --seed S [--start I] [--time-limit-ms T]";

        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["--parser"] = "all", ["--inputs"] = "10000", ["--seed"] = "1", ["--start"] = "0", ["--time-limit-ms"] = "1000" };
            for (var i = 0; i < args.Length; i += 2)
            {
                if (!values.ContainsKey(args[i]) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"unknown option or missing value: {args[i]}");
                }
                values[args[i]] = args[i + 1];
            }
            return new Options(values["--parser"], Number(values, "--inputs", 1), (int)Number(values, "--seed", int.MinValue), Number(values, "--start", 0),
                (int)Number(values, "--time-limit-ms", 1));
        }

        private static long Number(Dictionary<string, string> values, string name, long min) =>
            long.TryParse(values[name], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n : throw new ArgumentException($"{name} must be an integer ≥ {min}");
    }
}
