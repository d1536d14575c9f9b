using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace SmartBin.Cli.Tests.Fixtures
{
    /// <summary>
    /// Standard input for an in-process run of the CLI that acts like the operator: when the CLI waits for Enter,
    /// it reads the last <c>? </c> prompt the CLI wrote and does what it asks through the simulator's control channel
    /// (puts the named weight on, empties the scale), then presses Enter.
    /// </summary>
    public sealed class ScriptedOperatorInput : TextReader
    {
        private readonly StringWriter _output;
        private readonly Func<string, Task> _control;

        public ScriptedOperatorInput(StringWriter cliOutput, Func<string, Task> control)
        {
            _output = cliOutput;
            _control = control;
        }

        public int PromptsAnswered { get; private set; }

        public override string? ReadLine()
        {
            string prompt = LastPrompt();
            string? action = OperatorActions.For(prompt);
            if (action is not null)
            {
                _control(action).GetAwaiter().GetResult();
            }

            PromptsAnswered++;
            return string.Empty;
        }

        private string LastPrompt()
        {
            string text;
            lock (_output)
            {
                text = _output.ToString();
            }

            int at = text.LastIndexOf("? ", StringComparison.Ordinal);
            return at < 0 ? string.Empty : text[at..];
        }
    }

    /// <summary>What the operator does for each of the CLI's prompts, as a control command for the simulator.</summary>
    public static class OperatorActions
    {
        public static string? For(string prompt)
        {
            if (prompt.Contains("Empty the bin", StringComparison.Ordinal) || prompt.Contains("Take the check weight off", StringComparison.Ordinal))
            {
                return "load 0";
            }

            int grams = GramsIn(prompt);
            return grams > 0 ? "load " + grams : null;
        }

        // "Put the 20000 g reference weight…" / "…put the 10000 g check weight on": the last "<n> g" names what goes on.
        private static int GramsIn(string prompt)
        {
            int found = 0;
            string[] words = prompt.Split(' ');
            for (int i = 0; i + 1 < words.Length; i++)
            {
                if (words[i + 1] == "g" && int.TryParse(words[i], out int grams))
                {
                    found = grams;
                }
            }

            return found;
        }
    }
}
