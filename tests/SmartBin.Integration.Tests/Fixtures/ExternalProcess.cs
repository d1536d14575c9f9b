using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// A child process whose output lines are collected as they arrive, killed (with its children) on dispose so
    /// that no test leaves a server running.
    /// </summary>
    public sealed class ExternalProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _lineArrived = new(0);

        private ExternalProcess(Process process)
        {
            _process = process;
        }

        public IReadOnlyList<string> Lines => _lines.ToArray();

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        /// <summary>The operating system's process id (to send it a signal).</summary>
        public int Id => _process.Id;

        public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
        {
            var info = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var wrapper = new ExternalProcess(process);
            process.OutputDataReceived += (_, e) => wrapper.Add(e.Data);
            process.ErrorDataReceived += (_, e) => wrapper.Add(e.Data is null ? null : "[stderr] " + e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return wrapper;
        }

        /// <summary>Writes <paramref name="text"/> to the process's stdin and closes it (a password read from stdin).</summary>
        public void WriteInputAndClose(string text)
        {
            _process.StandardInput.Write(text);
            _process.StandardInput.Close();
        }

        /// <summary>Waits until <paramref name="predicate"/> holds over the lines so far, or the timeout passes.</summary>
        public async Task<bool> WaitForAsync(Func<IReadOnlyList<string>, bool> predicate, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (!predicate(Lines))
            {
                if (_process.HasExited)
                {
                    // HasExited turns true before the last output lines are delivered: drain the pipes first, or
                    // a process that printed what we wait for and then exited reads as a failure.
                    await DrainAsync(deadline.Token).ConfigureAwait(false);
                    return predicate(Lines);
                }

                try
                {
                    await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return predicate(Lines);
                }
            }

            return true;
        }

        /// <summary>Waits until the process has exited and all its output has been collected; false on timeout.</summary>
        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        private async Task DrainAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false); // returns after output EOF
            }
            catch (OperationCanceledException)
            {
                // Timed out: judge on what arrived.
            }
        }

        public string Output => string.Join(Environment.NewLine, Lines);

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
            _lineArrived.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            _lines.Enqueue(line);
            _lineArrived.Release();
        }
    }
}
