using System;
using System.IO;
using System.IO.Ports;
using System.Text;

namespace SmartBin.Cli.Serial
{
    /// <summary>The bin's console over System.IO.Ports: 8N1, no handshake, at the given baud rate.</summary>
    internal sealed class SerialPortLink : ISerialLink
    {
        private readonly SerialPort _port;

        private SerialPortLink(SerialPort port)
        {
            _port = port;
        }

        public string PortName => _port.PortName;

        /// <summary>Opens <paramref name="path"/>; failures become <see cref="CliException"/>s naming the fix.</summary>
        public static SerialPortLink Open(string path, int baud)
        {
            if (!File.Exists(path))
            {
                throw SerialErrors.NoSuchDevice(path);
            }

            var port = new SerialPort(path, baud, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                WriteTimeout = 2000,
                Encoding = new UTF8Encoding(false),
            };
            try
            {
                port.Open();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                port.Dispose();
                throw SerialErrors.ForOpen(path, e);
            }

            return new SerialPortLink(port);
        }

        public void Write(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            try
            {
                _port.Write(bytes, 0, bytes.Length);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
            {
                throw SerialErrors.Lost(_port.PortName, e);
            }
        }

        public int Read(byte[] buffer, int timeoutMs)
        {
            try
            {
                _port.ReadTimeout = Math.Max(1, timeoutMs);
                return _port.Read(buffer, 0, buffer.Length);
            }
            catch (TimeoutException)
            {
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                throw SerialErrors.Lost(_port.PortName, e);
            }
        }

        public void Dispose() => _port.Dispose();
    }
}
