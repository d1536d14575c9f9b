using System;
using System.Collections.Generic;
using System.Text;

namespace SmartBin.Cli.Protocol
{
    /// <summary>
    /// Packs <c>set</c> commands into as few <c>backlog</c> lines as the console takes: at most 16 commands and
    /// 256 bytes per line, request id included. A value holding <c>;</c> cannot travel in a backlog (it separates
    /// commands) and goes on a line of its own.
    /// </summary>
    internal static class BacklogPacker
    {
        public const int CommandsMax = 16;
        public const int LineBytesMax = 256;

        // "@" + a 16-character id + " " + "backlog ": the most a request adds around the commands.
        private const int PrefixBytesMax = 1 + 16 + 1 + 8;
        private const string Separator = "; ";

        /// <summary>The console spelling of <c>set key value</c>: empty values, edge spaces and quoted values are quoted.</summary>
        public static string SetCommand(string key, string value)
        {
            bool quote = value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])
                || (value.Length >= 2 && value[0] == '"' && value[^1] == '"');
            return "set " + key + " " + (quote ? "\"" + value + "\"" : value);
        }

        /// <summary>Groups commands into backlog batches; a command that cannot share a line is a batch of one.</summary>
        public static IReadOnlyList<IReadOnlyList<string>> Pack(IReadOnlyList<string> commands)
        {
            var batches = new List<IReadOnlyList<string>>();
            var current = new List<string>();
            int bytes = PrefixBytesMax;
            foreach (string command in commands)
            {
                int size = Encoding.UTF8.GetByteCount(command);
                if (PrefixBytesMax + size > LineBytesMax)
                {
                    throw new ArgumentException($"'{command[..Math.Min(40, command.Length)]}…' is longer than a console line", nameof(commands));
                }

                bool alone = command.Contains(';');
                bool full = current.Count == CommandsMax || bytes + Separator.Length + size > LineBytesMax;
                if (current.Count > 0 && (alone || full))
                {
                    batches.Add(current);
                    current = new List<string>();
                    bytes = PrefixBytesMax;
                }

                current.Add(command);
                bytes += (current.Count > 1 ? Separator.Length : 0) + size;
                if (alone)
                {
                    batches.Add(current);
                    current = new List<string>();
                    bytes = PrefixBytesMax;
                }
            }

            if (current.Count > 0)
            {
                batches.Add(current);
            }

            return batches;
        }
    }
}
