using System;
using System.Collections.Generic;
using System.Text;
using SmartBin.Cli.Serial;
using SmartBin.Firmware.Virtual;

namespace SmartBin.Cli.Tests.Fixtures
{
    /// <summary>
    /// A serial link straight into an in-process <see cref="VirtualBin"/> (the real console, no pty, no timing): each
    /// line written runs at once and its replies are read back. <see cref="Fault"/> sees every command before the bin
    /// does and may restart the bin instead (it then answers with the boot line, as the device would) or change the line.
    /// </summary>
    internal sealed class VirtualBinLink : ISerialLink
    {
        private readonly Queue<byte> _pending = new();

        public VirtualBinLink(VirtualBin bin)
        {
            Bin = bin;
        }

        public VirtualBin Bin { get; }

        /// <summary>Commands received, without request ids, in order.</summary>
        public List<string> Commands { get; } = new();

        /// <summary>Given a command, returns the line the bin receives, or null to restart the bin instead.</summary>
        public Func<string, string?> Fault { get; set; } = command => command;

        public string PortName => "/dev/virtual";

        public void Write(string text)
        {
            string line = text.TrimEnd('\n');
            int space = line.IndexOf(' ');
            string command = line.StartsWith('@') && space > 0 ? line[(space + 1)..] : line;
            Commands.Add(command);
            string? delivered = Fault(command);
            if (delivered is null)
            {
                Bin.Boot();
                Enqueue("{\"boot\":\"smartbin\",\"fw\":\"" + VirtualBin.FirmwareVersion + "\",\"hw\":\"esp32-virtual\",\"bin\":\"\"}");
                return;
            }

            string prefix = space > 0 && line.StartsWith('@') ? line[..(space + 1)] : string.Empty;
            foreach (string reply in Bin.Type(prefix + delivered))
            {
                Enqueue(reply);
            }
        }

        public int Read(byte[] buffer, int timeoutMs)
        {
            int n = 0;
            while (n < buffer.Length && _pending.Count > 0)
            {
                buffer[n++] = _pending.Dequeue();
            }

            return n;
        }

        public void Dispose()
        {
        }

        private void Enqueue(string line)
        {
            foreach (byte b in Encoding.UTF8.GetBytes(line + "\r\n"))
            {
                _pending.Enqueue(b);
            }
        }
    }
}
