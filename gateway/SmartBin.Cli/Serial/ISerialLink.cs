using System;

namespace SmartBin.Cli.Serial
{
    /// <summary>A byte line to the bin's console: a serial port, or a fake in tests.</summary>
    internal interface ISerialLink : IDisposable
    {
        /// <summary>The device path, for messages.</summary>
        string PortName { get; }

        /// <summary>Writes text as UTF-8.</summary>
        void Write(string text);

        /// <summary>Reads what has arrived, waiting up to <paramref name="timeoutMs"/>; 0 when nothing came.</summary>
        int Read(byte[] buffer, int timeoutMs);
    }
}
