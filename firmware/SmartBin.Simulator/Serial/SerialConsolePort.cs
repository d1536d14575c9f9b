using System;
using System.Collections.Concurrent;
using System.IO;
using System.IO.Ports;
using System.Text;
using System.Threading;

namespace SmartBin.Simulator.Serial
{
    /// <summary>
    /// The bin's console UART on a real serial device (a pty in tests): a reader thread queues what arrives, the
    /// control loop writes reply lines. When the device goes away (cable pulled, pty closed) the port is reopened
    /// every <see cref="ReopenDelayMs"/>, as a USB serial device re-enumerates. Line faults for tests are injected
    /// here: echo, replies written in small pieces, lost replies, an unplugged cable.
    /// </summary>
    internal sealed class SerialConsolePort : IDisposable
    {
        public const int ReopenDelayMs = 300;
        private const int ReadTimeoutMs = 200;
        private const int ChunkBytes = 3;
        private const int ReadBufferBytes = 512;
        private readonly string _path;
        private readonly int _baud;
        private readonly Action<string> _log;
        private readonly ConcurrentQueue<byte[]> _received = new();
        private readonly Thread _reader;
        private readonly object _portLock = new();
        private volatile bool _stopping;
        private SerialPort? _port;

        public SerialConsolePort(string path, int baud, Action<string> log)
        {
            _path = path;
            _baud = baud;
            _log = log;
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "serial-console" };
            _reader.Start();
        }

        /// <summary>The bin echoes what it receives (a terminal-style UART).</summary>
        public bool Echo { get; set; }

        /// <summary>Replies are written a few bytes at a time, so the tool reads partial lines.</summary>
        public bool Chunked { get; set; }

        /// <summary>The cable is out: nothing received is kept and nothing is sent.</summary>
        public bool Unplugged { get; set; }

        /// <summary>Reply lines still to be lost on the wire.</summary>
        public int MuteLines { get; set; }

        /// <summary>Takes the next received chunk, if any.</summary>
        public bool TryReceive(out byte[]? chunk) => _received.TryDequeue(out chunk);

        /// <summary>Writes one reply line (CRLF), subject to the injected faults.</summary>
        public void WriteLine(string line)
        {
            if (MuteLines > 0)
            {
                MuteLines--;
                return;
            }

            WriteRaw(Encoding.UTF8.GetBytes(line + "\r\n"), Chunked);
        }

        /// <summary>Writes bytes as they are (noise, echo).</summary>
        public void WriteRaw(byte[] bytes, bool chunked)
        {
            if (Unplugged)
            {
                return;
            }

            lock (_portLock)
            {
                try
                {
                    for (int at = 0; _port is { IsOpen: true } && at < bytes.Length; at += chunked ? ChunkBytes : bytes.Length)
                    {
                        int count = Math.Min(chunked ? ChunkBytes : bytes.Length, bytes.Length - at);
                        _port.Write(bytes, at, count);
                        if (chunked)
                        {
                            _port.BaseStream.Flush();
                            Thread.Sleep(1);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
                {
                    // The other end went away; the reader notices and reopens.
                }
            }
        }

        public void Dispose()
        {
            _stopping = true;
            _reader.Join(ReadTimeoutMs * 5);
            lock (_portLock)
            {
                _port?.Dispose();
                _port = null;
            }
        }

        private void ReadLoop()
        {
            var buffer = new byte[ReadBufferBytes];
            bool announced = false;
            while (!_stopping)
            {
                SerialPort? port = _port;
                if (port is null || !port.IsOpen)
                {
                    announced = TryOpen(announced);
                    continue;
                }

                try
                {
                    int read = port.Read(buffer, 0, buffer.Length);
                    if (read > 0 && !Unplugged)
                    {
                        _received.Enqueue(buffer[..read]);
                    }
                }
                catch (TimeoutException)
                {
                    // Nothing arrived: go round.
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    _log($"serial: {_path} lost ({e.Message}); reopening");
                    Close();
                    announced = false;
                }
            }
        }

        private bool TryOpen(bool announced)
        {
            try
            {
                var port = new SerialPort(_path, _baud, Parity.None, 8, StopBits.One) { ReadTimeout = ReadTimeoutMs, WriteTimeout = 2000, Handshake = Handshake.None };
                port.Open();
                lock (_portLock)
                {
                    _port = port;
                }

                _log($"serial: console on {_path} at {_baud} baud");
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                if (!announced)
                {
                    _log($"serial: cannot open {_path} ({e.Message}); retrying");
                }

                Thread.Sleep(ReopenDelayMs);
                return true;
            }
        }

        private void Close()
        {
            lock (_portLock)
            {
                try
                {
                    _port?.Dispose();
                }
                catch (IOException)
                {
                    // Closing a vanished device may fail; it is gone either way.
                }

                _port = null;
            }
        }
    }
}
