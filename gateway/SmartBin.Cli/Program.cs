using System;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Commands;

namespace SmartBin.Cli
{
    /// <summary><c>smartbin</c>: the operator's provisioning tool (hardware-docs/provisioning.md).</summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            var io = new CliIo(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected && !Console.IsOutputRedirected);
            return await CliApp.RunAsync(args, io, stop.Token);
        }
    }
}
