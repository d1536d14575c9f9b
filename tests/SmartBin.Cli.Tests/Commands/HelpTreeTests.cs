using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SmartBin.Cli.Commands;
using SmartBin.Cli.Tests.Fixtures;
using Xunit;

namespace SmartBin.Cli.Tests.Commands
{
    /// <summary>`smartbin --help` and every subcommand's help are complete.</summary>
    public sealed class HelpTreeTests
    {
        private static readonly RootCommand Root = CliApp.Build(new CliIo(new StringReader(string.Empty), TextWriter.Null, TextWriter.Null, false), out _);

        public static IEnumerable<object[]> CommandPaths() => Walk(Root, new List<string>()).Select(path => new object[] { string.Join(' ', path) });

        [Fact]
        public void Every_command_option_and_argument_has_a_description()
        {
            var missing = new List<string>();
            foreach (List<string> path in Walk(Root, new List<string>()))
            {
                Command command = Find(path);
                if (string.IsNullOrWhiteSpace(command.Description))
                {
                    missing.Add("command " + string.Join(' ', path));
                }

                missing.AddRange(command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"option {o.Name} of {string.Join(' ', path)}"));
                missing.AddRange(command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"argument {a.Name} of {string.Join(' ', path)}"));
            }

            Assert.Empty(missing);
            Assert.Equal(new[] { "ports", "console", "provision", "calibrate", "cert", "bins", "cards" }, Root.Subcommands.Select(c => c.Name));
            Assert.Equal(new[] { "list", "show", "disable", "enable", "rotate-secret" }, Root.Subcommands.Single(c => c.Name == "bins").Subcommands.Select(c => c.Name));
            Assert.Equal(new[] { "register", "show", "deactivate", "household" }, Root.Subcommands.Single(c => c.Name == "cards").Subcommands.Select(c => c.Name));
        }

        [Theory]
        [MemberData(nameof(CommandPaths))]
        public async Task Help_of_each_command_prints_usage_options_and_exit_codes_and_exits_0(string path)
        {
            string[] args = path.Length == 0 ? new[] { "--help" } : path.Split(' ').Append("--help").ToArray();
            CliRun run = await CliRun.RunAsync(args);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Contains("Usage:", run.Out);
            Assert.Contains("--gateway", run.Out); // global options are listed everywhere
            Assert.Contains("--timeout", run.Out);
            Command command = Find(path.Length == 0 ? new List<string>() : path.Split(' ').ToList());
            Assert.Contains(command.Description!, run.Out.ReplaceLineEndings(" ").Replace("  ", " "));
            foreach (Option option in command.Options)
            {
                Assert.Contains(option.Name, run.Out);
            }

            if (path.Length == 0)
            {
                Assert.Contains("Exit codes: 0 ok", run.Out);
            }
        }

        private static IEnumerable<List<string>> Walk(Command command, List<string> path)
        {
            yield return path;
            foreach (Command sub in command.Subcommands)
            {
                foreach (List<string> p in Walk(sub, path.Append(sub.Name).ToList()))
                {
                    yield return p;
                }
            }
        }

        private static Command Find(List<string> path)
        {
            Command command = Root;
            foreach (string name in path)
            {
                command = command.Subcommands.Single(c => c.Name == name);
            }

            return command;
        }
    }
}
