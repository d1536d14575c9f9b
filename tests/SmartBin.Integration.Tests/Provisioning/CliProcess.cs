using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Tests.Fixtures;

namespace SmartBin.Integration.Tests.Provisioning
{
    /// <summary>
    /// <c>smartbin</c> as the operator runs it: its own process, prompts on standard output answered on standard input
    /// after doing what they ask through the simulator's control channel. <see cref="OnLine"/> lets a test interrupt
    /// the run at a chosen line (kill the CLI, stop the gateway, close the pty).
    /// </summary>
    public sealed class CliProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _arrived = new(0);

        private CliProcess(Process process)
        {
            _process = process;
        }

        public IReadOnlyList<string> Lines => _lines.ToArray();

        public string Output => string.Join(Environment.NewLine, Lines);

        public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smartbin.dll"));
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            foreach ((string key, string value) in environment)
            {
                info.Environment[key] = value;
            }

            var cli = new CliProcess(new Process { StartInfo = info });
            cli._process.OutputDataReceived += (_, e) => cli.Add(e.Data);
            cli._process.ErrorDataReceived += (_, e) => cli.Add(e.Data is null ? null : "[stderr] " + e.Data);
            cli._process.Start();
            cli._process.BeginOutputReadLine();
            cli._process.BeginErrorReadLine();
            return cli;
        }

        /// <summary>
        /// Answers prompts until the CLI exits. <paramref name="onLine"/> sees every line first and returns true to stop
        /// answering (the test interrupted the run); the exit code is null when the process was killed.
        /// </summary>
        public async Task<int?> DriveAsync(SimulatedBinProcess bin, Func<string, Task<bool>> onLine, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            int seen = 0;
            while (!deadline.IsCancellationRequested)
            {
                string[] lines = Lines.ToArray();
                for (; seen < lines.Length; seen++)
                {
                    if (await onLine(lines[seen]))
                    {
                        return await ExitAsync(deadline.Token);
                    }

                    if (lines[seen].StartsWith("? ", StringComparison.Ordinal) && !_process.HasExited)
                    {
                        if (OperatorActions.For(lines[seen]) is { } action)
                        {
                            await bin.DoAsync(action);
                        }

                        await _process.StandardInput.WriteLineAsync();
                        await _process.StandardInput.FlushAsync();
                    }
                }

                if (_process.HasExited && Lines.Count == seen)
                {
                    // Exited: wait for the pipes to close (the last lines may still be in flight), then look again.
                    try
                    {
                        await _process.WaitForExitAsync(deadline.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    if (Lines.Count == seen)
                    {
                        return _process.ExitCode;
                    }

                    continue;
                }

                await _arrived.WaitAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }

            throw new TimeoutException("smartbin did not finish:\n" + Output);
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
            _arrived.Dispose();
        }

        private async Task<int?> ExitAsync(CancellationToken ct)
        {
            try
            {
                await _process.WaitForExitAsync(ct);
                _process.WaitForExit();
                return _process.ExitCode;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
                _arrived.Release();
            }
        }
    }
}
