using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using SmartBin.Integration.Tests.Fixtures;

namespace SmartBin.Cli.Tests.Fixtures
{
    /// <summary>
    /// <c>smartbin-sim bin --serial … --control …</c> as its own process: a fresh (unprovisioned) bin on one end of a
    /// pty pair, with its control channel for the operator's hands (weights, cards, reboots, line faults).
    /// </summary>
    public sealed class SimulatedBinProcess : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private readonly ExternalProcess _process;
        private TcpClient? _control;
        private StreamReader? _reader;
        private StreamWriter? _writer;

        private SimulatedBinProcess(ExternalProcess process, int controlPort)
        {
            _process = process;
            ControlPort = controlPort;
        }

        public int ControlPort { get; }

        public string Output => _process.Output;

        /// <summary>Starts the bin on <paramref name="serialDevice"/>; <paramref name="extra"/> adds simulator options.</summary>
        public static async Task<SimulatedBinProcess> StartAsync(string serialDevice, params string[] extra)
        {
            int controlPort = FreeTcpPort.Next();
            string simulator = Path.Combine(AppContext.BaseDirectory, "smartbin-sim.dll");
            var args = new List<string> { simulator, "bin", "--serial", serialDevice, "--control", controlPort.ToString(), "--unprovisioned" };
            args.AddRange(extra);
            var bin = new SimulatedBinProcess(ExternalProcess.Start("dotnet", args), controlPort);
            bool up = await bin._process.WaitForAsync(lines => lines.Any(l => l.Contains("serial: console on")) && lines.Any(l => l.Contains("control: listening")), StartTimeout);
            if (!up)
            {
                string output = bin.Output;
                bin.Dispose();
                throw new InvalidOperationException("the simulated bin did not start:\n" + output);
            }

            return bin;
        }

        /// <summary>Sends one control command and returns its one-line answer.</summary>
        public async Task<string> ControlAsync(string command)
        {
            if (_control is null)
            {
                _control = new TcpClient();
                await _control.ConnectAsync("127.0.0.1", ControlPort);
                NetworkStream stream = _control.GetStream();
                _reader = new StreamReader(stream);
                _writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
            }

            await _writer!.WriteLineAsync(command);
            return await _reader!.ReadLineAsync() ?? throw new IOException("control channel closed");
        }

        /// <summary>Sends a control command that must answer ok.</summary>
        public async Task DoAsync(string command)
        {
            string reply = await ControlAsync(command);
            if (reply != "ok")
            {
                throw new InvalidOperationException($"control '{command}' answered '{reply}'");
            }
        }

        public void Dispose()
        {
            _control?.Dispose();
            _process.Dispose();
        }
    }
}
