using System;
using System.IO;

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

        public TextOperator(TextReader input, TextWriter output, bool yes)
        {
            _input = input;
            _output = output;
            _yes = yes;
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
            if (_input.ReadLine() is null)
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
            string? answer = _input.ReadLine();
            return answer is not null && answer.Trim().StartsWith("y", StringComparison.OrdinalIgnoreCase);
        }
    }
}
