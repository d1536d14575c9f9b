using System;
using System.Threading.Tasks;

namespace SmartBin.Chaos
{
    /// <summary>
    /// <c>smartbin-chaos --bins 200 --dropoffs 100000 --mode external --seed N [--schedule-s S] [--cut-s S] …</c>:
    /// one whole-system fault run; prints the schedule, progress, the figures table and every failed check.
    /// Exit code 0 when every check held, 1 when one failed, 2 for bad arguments.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            ChaosOptions options;
            try
            {
                options = ChaosOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            ChaosReport report = await ChaosRun.RunAsync(options, line => Console.WriteLine(line)).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine(report.Table());
            foreach (string problem in report.Problems)
            {
                Console.WriteLine("FAIL " + problem);
            }

            if (!report.Passed)
            {
                Console.WriteLine("last bin log lines:\n" + report.FleetLogTail);
                Console.WriteLine("last gateway log lines:\n" + report.GatewayLogTail);
            }

            Console.WriteLine(report.Passed ? "PASS" : "FAIL");
            return report.Passed ? 0 : 1;
        }
    }
}
