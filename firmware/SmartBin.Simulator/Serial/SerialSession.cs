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

        /// <summary>The next complete command line is lost in a reboot.</summary>
        public bool RebootOnNextLine { get; set; }

        public async Task PumpAsync()
        {
            for (int n = 0; n < ChunksPerTickMax && Port.TryReceive(out byte[]? chunk) && chunk is not null; n++)
            {
                if (Port.Echo)
                {
                    Port.WriteRaw(chunk, chunked: false);
                }

                if (RebootOnNextLine)
                {
                    int end = Array.FindIndex(chunk, b => b is (byte)'\n' or (byte)'\r');
                    if (end < 0)
                    {
                        continue;
                    }

                    // The line and whatever followed it in the UART's buffer die with the controller.
                    RebootOnNextLine = false;
                    await _bin.RebootAsync();
                    continue;
                }

                await _bin.FeedAsync(chunk, chunk.Length);
            }
        }
    }
}
