using System.IO.Ports;
using SmartBin.Firmware.Core.Drivers;

namespace SmartBin.Firmware.Adapters
{
    /// <summary>
    /// The A02YYUW-class ultrasonic sensor on COM3 (9600 8N1): whatever bytes arrived are handed to the core's
    /// <see cref="UltrasonicFrameParser"/>, which is the controller's distance sensor.
    /// </summary>
    public sealed class UltrasonicUart
    {
        /// <summary>Sensor speed, baud.</summary>
        public const int BaudRate = 9600;

        /// <summary>Bytes taken per pump: at 9600 baud a 10 ms loop sees about 10, a stalled loop catches up over a few.</summary>
        public const int ReadChunkBytes = 32;

        private const int DataBits = 8;

        private readonly SerialPort _port;
        private readonly UltrasonicFrameParser _parser;
        private readonly byte[] _buffer = new byte[ReadChunkBytes];

        /// <summary>Opens COM3 (pins routed by <see cref="PinSetup"/>) feeding <paramref name="parser"/>.</summary>
        public UltrasonicUart(UltrasonicFrameParser parser)
        {
            _parser = parser;
            _port = new SerialPort(PinSetup.DistancePort, BaudRate, Parity.None, DataBits, StopBits.One);
            _port.Open();
        }

        /// <summary>Moves received bytes (one chunk at most) into the parser.</summary>
        public void Pump()
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return;
            }

            int count = _port.Read(_buffer, 0, available < _buffer.Length ? available : _buffer.Length);
            _parser.Feed(_buffer, count);
        }
    }
}
