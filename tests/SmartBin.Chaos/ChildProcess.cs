using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace SmartBin.Chaos
{
    /// <summary>
    /// A server the harness starts (gateway, mosquitto, influxd): output kept (the last lines, bounded), killed with
    /// SIGKILL or stopped with SIGTERM on request, and always killed on dispose so no run leaves a server behind.
    /// </summary>
    internal sealed class ChildProcess : IDisposable
    {
        private const int KeptLines = 400;
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private ChildProcess(Process process, string name)
        {
            _process = process;
            Name = name;
        }

        public string Name { get; }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        /// <summary>The exit code once exited, else null.</summary>
        public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

        /// <summary>The last output lines (stdout and stderr), oldest first.</summary>
        public string Tail => string.Join(Environment.NewLine, _lines);

        public IReadOnlyList<string> Lines => _lines.ToArray();

        public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments)
        {
            var info = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var child = new ChildProcess(process, name);
            process.OutputDataReceived += (_, e) => child.Add(e.Data);
            process.ErrorDataReceived += (_, e) => child.Add(e.Data is null ? null : "[stderr] " + e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        /// <summary>SIGKILL, no clean shutdown; returns once the process is gone.</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        /// <summary>SIGTERM (a clean stop, as systemd does it); SIGKILL if it has not exited within <paramref name="timeout"/>.</summary>
        public async Task StopAsync(TimeSpan timeout)
        {
            if (_process.HasExited)
            {
                return;
            }

            using (var kill = Process.Start("kill", new[] { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(timeout)).ConfigureAwait(false) != exited)
            {
                Kill();
            }
        }

        public bool WaitFor(Func<string, bool> line) => _lines.Any(line);

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            _lines.Enqueue(line);
            while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
            {
            }
        }
    }
}
