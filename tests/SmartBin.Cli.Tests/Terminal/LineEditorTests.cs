using System;
using System.Collections.Generic;
using System.IO;
using SmartBin.Cli.Terminal;
using Xunit;

namespace SmartBin.Cli.Tests.Terminal
{
    /// <summary>The console's line editor: editing keys, history, and leaving with Ctrl-C.</summary>
    public sealed class LineEditorTests
    {
        [Fact]
        public void Typing_with_cursor_moves_and_backspace_edits_the_line()
        {
            var editor = Editor(out _, Text("stats"), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.Backspace), Key(ConsoleKey.Home), Char('x'),
                Key(ConsoleKey.Delete), Key(ConsoleKey.End), Char('s'), Key(ConsoleKey.Enter));
            // "stats" ← ⌫ removes the second t; Home, x, Del removes the first s; End, s.
            Assert.Equal("xtass", editor.ReadLine());
        }

        [Fact]
        public void Up_and_down_walk_the_history_and_duplicates_are_kept_once()
        {
            var editor = Editor(out _, Text("status"), Key(ConsoleKey.Enter), Text("weight"), Key(ConsoleKey.Enter), Text("weight"), Key(ConsoleKey.Enter),
                Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.Enter),
                Key(ConsoleKey.UpArrow), Key(ConsoleKey.DownArrow), Text("card"), Key(ConsoleKey.Enter));
            Assert.Equal("status", editor.ReadLine());
            Assert.Equal("weight", editor.ReadLine());
            Assert.Equal("weight", editor.ReadLine());
            Assert.Equal("status", editor.ReadLine());
            Assert.Equal("card", editor.ReadLine());
            Assert.Equal(new[] { "status", "weight", "status", "card" }, editor.History);
        }

        [Fact]
        public void Ctrl_c_leaves_with_a_clean_new_line_and_ctrl_d_only_on_an_empty_line()
        {
            var editor = Editor(out StringWriter output, Text("sta"), Ctrl(ConsoleKey.D), Ctrl(ConsoleKey.C));
            Assert.Null(editor.ReadLine());
            Assert.EndsWith("\r\n", output.ToString());
            Assert.Null(Editor(out _, Ctrl(ConsoleKey.D)).ReadLine());
        }

        private static LineEditor Editor(out StringWriter output, params IEnumerable<ConsoleKeyInfo>[] keys)
        {
            var queue = new Queue<ConsoleKeyInfo>();
            foreach (IEnumerable<ConsoleKeyInfo> group in keys)
            {
                foreach (ConsoleKeyInfo k in group)
                {
                    queue.Enqueue(k);
                }
            }

            output = new StringWriter();
            return new LineEditor(queue.Dequeue, output, "bin> ");
        }

        private static IEnumerable<ConsoleKeyInfo> Text(string text)
        {
            foreach (char c in text)
            {
                yield return new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false);
            }
        }

        private static IEnumerable<ConsoleKeyInfo> Char(char c) => Text(c.ToString());

        private static IEnumerable<ConsoleKeyInfo> Key(ConsoleKey key) => new[] { new ConsoleKeyInfo(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, false) };

        private static IEnumerable<ConsoleKeyInfo> Ctrl(ConsoleKey key) => new[] { new ConsoleKeyInfo((char)(key - ConsoleKey.A + 1), key, false, false, true) };
    }
}
