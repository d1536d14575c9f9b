using System.IO.Ports;
using SmartBin.Firmware.Core.Console;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// The operator console on COM2 (115200 8N1, docs/console.md): received bytes go to the core's
    /// <see cref="CommandConsole"/>, replies come back through <see cref="IConsoleOutput"/>. Polled from the
    /// control loop, so console commands run on the controller's thread like everything else.
    /// </summary>
    public sealed class SerialConsole : IConsoleOutput
    {
        /// <summary>Console speed, baud.</summary>
        public const int BaudRate = 115200;

        /// <summary>Bytes taken from the UART per read.</summary>
        public const int ReadChunkBytes = 64;

        /// <summary>
        /// Reads per loop iteration: 4 × 64 bytes every 10 ms outpaces 115200 baud (11.5 kB/s), so a pasted
        /// provisioning backlog never overruns the UART's receive buffer.
        /// </summary>
        public const int ReadChunksPerPumpMax = 4;

        private const int DataBits = 8;
        private static readonly byte[] LineEnd = new byte[] { 13, 10 };

        private readonly SerialPort _port;
        private readonly byte[] _buffer = new byte[ReadChunkBytes];

        /// <summary>Opens COM2; its pins were routed by <see cref="PinSetup"/>.</summary>
        public SerialConsole()
        {
            _port = new SerialPort(PinSetup.ConsolePort, BaudRate, Parity.None, DataBits, StopBits.One);
            _port.Open();
        }

        /// <summary>Feeds what the UART received to <paramref name="console"/>, at most <see cref="ReadChunksPerPumpMax"/> chunks.</summary>
        public void Pump(CommandConsole console)
        {
            for (int chunk = 0; chunk < ReadChunksPerPumpMax; chunk++)
            {
                int available = _port.BytesToRead;
                if (available <= 0)
                {
                    return;
                }

                int count = _port.Read(_buffer, 0, available < _buffer.Length ? available : _buffer.Length);
                console.Feed(_buffer, 0, count);
            }
        }

        /// <inheritdoc />
        public void WriteLine(byte[] data, int length)
        {
            _port.Write(data, 0, length);
            _port.Write(LineEnd, 0, LineEnd.Length);
        }
    }
}
