using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SmartBin.Cli.Terminal
{
    /// <summary>
    /// A small line editor over key presses: insert, Backspace/Delete, Left/Right, Home/End (Ctrl-A/Ctrl-E),
    /// Ctrl-U (clear), Up/Down through the history, Enter. Ctrl-C, or Ctrl-D on an empty line, ends input
    /// (<see cref="ReadLine"/> returns null). Keys come from a function so tests can type; output is ANSI.
    /// </summary>
    internal sealed class LineEditor
    {
        public const int HistoryMax = 200;
        private readonly Func<ConsoleKeyInfo> _readKey;
        private readonly TextWriter _out;
        private readonly List<string> _history = new();
        private readonly StringBuilder _line = new();
        private int _cursor;

        public LineEditor(Func<ConsoleKeyInfo> readKey, TextWriter output, string prompt)
        {
            _readKey = readKey;
            _out = output;
            Prompt = prompt;
        }

        public string Prompt { get; }

        /// <summary>Taken while the editor or anyone printing above it writes.</summary>
        public object Sync { get; } = new();

        public IReadOnlyList<string> History => _history;

        /// <summary>Reads one edited line, or null when the operator leaves.</summary>
        public string? ReadLine()
        {
            _line.Clear();
            _cursor = 0;
            int historyAt = _history.Count;
            Redraw();
            while (true)
            {
                ConsoleKeyInfo key = _readKey();
                bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
                lock (Sync)
                {
                    if ((ctrl && key.Key == ConsoleKey.C) || key.KeyChar == '\u0003' || (_line.Length == 0 && ((ctrl && key.Key == ConsoleKey.D) || key.KeyChar == '\u0004')))
                    {
                        _out.Write("\r\n");
                        _out.Flush();
                        return null;
                    }

                    if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
                    {
                        _out.Write("\r\n");
                        _out.Flush();
                        string text = _line.ToString();
                        Remember(text);
                        _line.Clear();
                        _cursor = 0;
                        return text;
                    }

                    historyAt = Edit(key, ctrl, historyAt);
                    RedrawLocked();
                }
            }
        }

        /// <summary>Prints a line above the one being edited, then redraws the prompt.</summary>
        public void PrintAbove(string text)
        {
            lock (Sync)
            {
                _out.Write("\r\u001b[K" + text + "\r\n");
                RedrawLocked();
            }
        }

        /// <summary>The current text of the line (for tests).</summary>
        public string Current => _line.ToString();

        private int Edit(ConsoleKeyInfo key, bool ctrl, int historyAt)
        {
            switch (key.Key)
            {
                case ConsoleKey.Backspace when _cursor > 0:
                    _line.Remove(--_cursor, 1);
                    break;
                case ConsoleKey.Delete when _cursor < _line.Length:
                    _line.Remove(_cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when _cursor > 0:
                    _cursor--;
                    break;
                case ConsoleKey.RightArrow when _cursor < _line.Length:
                    _cursor++;
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when ctrl:
                    _cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when ctrl:
                    _cursor = _line.Length;
                    break;
                case ConsoleKey.U when ctrl:
                    _line.Clear();
                    _cursor = 0;
                    break;
                case ConsoleKey.UpArrow when historyAt > 0:
                    Replace(_history[--historyAt]);
                    break;
                case ConsoleKey.DownArrow when historyAt < _history.Count:
                    historyAt++;
                    Replace(historyAt == _history.Count ? string.Empty : _history[historyAt]);
                    break;
                default:
                    if (!ctrl && !char.IsControl(key.KeyChar) && key.KeyChar != '\0')
                    {
                        _line.Insert(_cursor++, key.KeyChar);
                    }

                    break;
            }

            return historyAt;
        }

        private void Replace(string text)
        {
            _line.Clear().Append(text);
            _cursor = text.Length;
        }

        private void Remember(string text)
        {
            if (text.Trim().Length == 0 || (_history.Count > 0 && _history[^1] == text))
            {
                return;
            }

            if (_history.Count == HistoryMax)
            {
                _history.RemoveAt(0);
            }

            _history.Add(text);
        }

        private void Redraw()
        {
            lock (Sync)
            {
                RedrawLocked();
            }
        }

        private void RedrawLocked()
        {
            _out.Write("\r\u001b[K" + Prompt + _line);
            int back = _line.Length - _cursor;
            if (back > 0)
            {
                _out.Write($"\u001b[{back}D");
            }

            _out.Flush();
        }
    }
}
