using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Commands;

namespace SmartBin.Cli
{
    /// <summary>The command tree and the one place where failures become messages and exit codes.</summary>
    internal static class CliApp
    {
        public static RootCommand Build(CliIo io, out GlobalOptions globals)
        {
            var g = new GlobalOptions();
            var root = new RootCommand("smartbin: provision, calibrate and administer SmartBin bins over a serial cable and the gateway's admin API. " + ExitCodes.HelpText);
            g.AddTo(root);
            root.Subcommands.Add(SerialCommands.Ports(g, io));
            root.Subcommands.Add(SerialCommands.Console(g, io));
            root.Subcommands.Add(SerialCommands.Provision(g, io));
            root.Subcommands.Add(SerialCommands.Calibrate(g, io));
            root.Subcommands.Add(SerialCommands.Certificate(g, io));
            root.Subcommands.Add(GatewayCommands.Bins(g, io));
            root.Subcommands.Add(GatewayCommands.Cards(g, io));
            globals = g;
            return root;
        }

        public static async Task<int> RunAsync(string[] args, CliIo io, CancellationToken ct)
        {
            RootCommand root = Build(io, out GlobalOptions g);
            ParseResult parse = root.Parse(args);
            bool json = parse.GetValue(g.Json);
            if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
            {
                // The whole path (`smartbin cards deactivate`), not only the last name: a subcommand's help is under its parents.
                var names = new List<string>();
                for (SymbolResult? s = parse.CommandResult; s is CommandResult c && c.Command != root; s = c.Parent)
                {
                    names.Insert(0, c.Command.Name);
                }

                string command = string.Join(' ', names.Prepend("smartbin"));
                string problem = string.Join("; ", parse.Errors.Select(e => e.Message));
                return Fail(io, json, new CliException(ExitCodes.Usage, problem, $"see `{command} --help`"));
            }

            try
            {
                return await parse.InvokeAsync(new InvocationConfiguration { Output = io.Out, Error = io.Err, EnableDefaultExceptionHandler = false }, ct);
            }
            catch (CliException e)
            {
                return Fail(io, json, e);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                io.Err.WriteLine("interrupted; run the same command again to carry on (provisioning resumes where it stopped)");
                return 130;
            }
        }

        private static int Fail(CliIo io, bool json, CliException e)
        {
            io.Err.WriteLine("error: " + e.Message);
            io.Err.WriteLine("fix: " + e.Fix);
            if (json)
            {
                GlobalOptions.WriteJson(io.Out, new { error = e.Message, fix = e.Fix, exitCode = e.ExitCode });
            }

            io.Err.Flush();
            return e.ExitCode;
        }
    }
}
