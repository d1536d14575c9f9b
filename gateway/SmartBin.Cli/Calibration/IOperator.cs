using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Cli.Calibration
{
    /// <summary>The person (or script) at the bin: told what is happening, asked to act, asked to confirm.</summary>
    internal interface IOperator
    {
        /// <summary>A progress line.</summary>
        void Say(string line);

        /// <summary>Asks for a physical action and waits until the operator presses Enter.</summary>
        void WaitForEnter(string instruction);

        /// <summary>A yes/no question; <c>--yes</c> answers yes.</summary>
        bool Confirm(string question);
    }

    /// <summary>
    /// Prompts on a text writer and answers from a text reader: a person at a terminal, or a script piping one line
    /// per prompt (prompt lines start with <c>? </c>, so a script can wait for them).
    /// </summary>
    internal sealed class TextOperator : IOperator
    {
        private readonly TextReader _input;
        private readonly TextWriter _output;
        private readonly bool _yes;
        private readonly CancellationToken _stop;

        /// <param name="stop">Ctrl-C: ends a wait at a prompt at once (the reader itself cannot be interrupted).</param>
        public TextOperator(TextReader input, TextWriter output, bool yes, CancellationToken stop = default)
        {
            _input = input;
            _output = output;
            _yes = yes;
            _stop = stop;
        }

        public void Say(string line)
        {
            _output.WriteLine(line);
            _output.Flush();
        }

        public void WaitForEnter(string instruction)
        {
            _output.WriteLine("? " + instruction + ", then press Enter");
            _output.Flush();
            if (ReadLine() is null)
            {
                throw new CliException(ExitCodes.Usage, "standard input ended while waiting for: " + instruction,
                    "run the command at a terminal, or pipe one line per `? ` prompt (e.g. `yes '' | smartbin calibrate …` only once the weights are placed by the script)");
            }
        }

        public bool Confirm(string question)
        {
            if (_yes)
            {
                _output.WriteLine("? " + question + " [y/N] y (--yes)");
                return true;
            }

            _output.Write("? " + question + " [y/N] ");
            _output.Flush();
            string? answer = ReadLine();
            return answer is not null && answer.Trim().StartsWith("y", StringComparison.OrdinalIgnoreCase);
        }

        // A blocking ReadLine would keep an operator who pressed Ctrl-C at a prompt waiting for Enter; the read runs
        // aside and is abandoned on Ctrl-C (the process is about to exit with "interrupted").
        private string? ReadLine()
        {
            if (!_stop.CanBeCanceled)
            {
                return _input.ReadLine();
            }

            Task<string?> read = Task.Run(_input.ReadLine, CancellationToken.None);
            read.Wait(_stop);
            return read.Result;
        }
    }
}
