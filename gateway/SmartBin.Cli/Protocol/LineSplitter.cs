using System.Collections.Generic;
using System.Text;

namespace SmartBin.Cli.Protocol
{
    /// <summary>
    /// Cuts received bytes into lines at CR or LF, keeping a partial line until its end arrives. Empty lines are
    /// dropped; invalid UTF-8 (line noise) becomes U+FFFD and the line is judged later. A line that grows past
    /// <see cref="LineBytesMax"/> without an end is noise and is dropped.
    /// </summary>
    internal sealed class LineSplitter
    {
        public const int LineBytesMax = 4096;
        private readonly List<byte> _partial = new();

        /// <summary>Feeds bytes; returns the lines they completed.</summary>
        public IReadOnlyList<string> Push(byte[] data, int length)
        {
            var lines = new List<string>();
            for (int i = 0; i < length; i++)
            {
                byte b = data[i];
                if (b is (byte)'\n' or (byte)'\r')
                {
                    if (_partial.Count > 0)
                    {
                        lines.Add(Encoding.UTF8.GetString(_partial.ToArray()));
                        _partial.Clear();
                    }

                    continue;
                }

                if (_partial.Count >= LineBytesMax)
                {
                    _partial.Clear();
                }

                _partial.Add(b);
            }

            return lines;
        }

        /// <summary>Forgets a partial line (after a reboot it will never be completed).</summary>
        public void Reset() => _partial.Clear();
    }
}
