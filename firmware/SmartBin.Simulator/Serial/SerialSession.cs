using System;
using System.Threading.Tasks;

namespace SmartBin.Simulator.Serial
{
    /// <summary>
    /// Moves bytes between the serial port and the bin once per tick, applying the faults a test asked for:
    /// echo of what arrives, and a reboot that swallows the next command line (the bin restarts instead of replying).
    /// </summary>
    internal sealed class SerialSession
    {
        private const int ChunksPerTickMax = 64;
        private readonly ConsoleBin _bin;

        public SerialSession(SerialConsolePort port, ConsoleBin bin)
        {
            Port = port;
            _bin = bin;
        }

        public SerialConsolePort Port { get; }

        /// <summary>
        /// When 0 or more: that many complete command lines still reach the bin, then the next one is lost in a
        /// reboot (with whatever followed it in the UART's buffer). -1: no reboot pending.
        /// </summary>
        public int LinesBeforeReboot { get; set; } = -1;

        public async Task PumpAsync()
        {
            for (int n = 0; n < ChunksPerTickMax && Port.TryReceive(out byte[]? chunk) && chunk is not null; n++)
            {
                if (Port.Echo)
                {
                    Port.WriteRaw(chunk, chunked: false);
                }

                if (LinesBeforeReboot >= 0)
                {
                    await PumpTowardsRebootAsync(chunk);
                    continue;
                }

                await _bin.FeedAsync(chunk, chunk.Length);
            }
        }

        /// <summary>
        /// Feeds the lines that still pass (counted by their newlines), then reboots at the end of the doomed line.
        /// Bytes after the last passing line are never fed: they are the doomed line's start, which dies with the
        /// controller either way.
        /// </summary>
        private async Task PumpTowardsRebootAsync(byte[] chunk)
        {
            int passedEnd = 0;
            for (int i = 0; i < chunk.Length; i++)
            {
                if (chunk[i] is not ((byte)'\n' or (byte)'\r'))
                {
                    continue;
                }

                if (LinesBeforeReboot > 0)
                {
                    if (chunk[i] == (byte)'\n')
                    {
                        LinesBeforeReboot--;
                    }

                    passedEnd = i + 1;
                    continue;
                }

                if (passedEnd > 0)
                {
                    await _bin.FeedAsync(chunk, passedEnd);
                }

                LinesBeforeReboot = -1;
                await _bin.RebootAsync();
                return;
            }

            // Still passing lines to come: the rest is the start of one of them. Otherwise it starts the doomed line.
            int feed = LinesBeforeReboot > 0 ? chunk.Length : passedEnd;
            if (feed > 0)
            {
                await _bin.FeedAsync(chunk, feed);
            }
        }
    }
}
