using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Commands;

namespace SmartBin.Cli.Tests.Fixtures
{
    /// <summary>One in-process run of the CLI with captured output.</summary>
    public sealed record CliRun(int ExitCode, string Out, string Err)
    {
        public static async Task<CliRun> RunAsync(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = await CliApp.RunAsync(args, new CliIo(new StringReader(string.Empty), output, error, InteractiveTerminal: false), CancellationToken.None);
            return new CliRun(exit, output.ToString(), error.ToString());
        }
    }
}
