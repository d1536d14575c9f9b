using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using SmartBin.Integration.Tests.Fixtures;

namespace SmartBin.Cli.Tests.Fixtures
{
    /// <summary>
    /// Two pseudo-terminals joined by socat (<c>pty,raw,echo=0,link=…</c> twice): the simulated bin opens
    /// <see cref="BinEnd"/>, the tool <see cref="ToolEnd"/>, and every byte crosses a real tty. socat is killed on
    /// dispose, which closes both ends as a pulled cable would. A missing socat fails the test (never a skip).
    /// </summary>
    public sealed class PtyPair : IDisposable
    {
        private const int LinkWaitMs = 10_000;
        private readonly Process _socat;
        private readonly bool _ownsDirectory;

        public PtyPair(string? directory = null)
        {
            string socat = ServerBinaries.Require("socat", "socat");
            _ownsDirectory = directory is null;
            Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("smartbin-pty-").FullName;
            ToolEnd = Path.Combine(Directory, "tool");
            BinEnd = Path.Combine(Directory, "bin");
            var info = new ProcessStartInfo(socat) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={ToolEnd}", $"pty,raw,echo=0,link={BinEnd}" })
            {
                info.ArgumentList.Add(arg);
            }

            _socat = Process.Start(info) ?? throw new InvalidOperationException("socat did not start");
            _socat.ErrorDataReceived += (_, _) => { };
            _socat.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(ToolEnd) && File.Exists(BinEnd)))
            {
                if (_socat.HasExited || clock.ElapsedMilliseconds > LinkWaitMs)
                {
                    Dispose();
                    throw new InvalidOperationException($"socat did not create {ToolEnd} and {BinEnd} within {LinkWaitMs} ms");
                }

                Thread.Sleep(20);
            }
        }

        public string Directory { get; }

        /// <summary>The end the CLI opens (a link to /dev/pts/N).</summary>
        public string ToolEnd { get; }

        /// <summary>The end the simulated bin opens.</summary>
        public string BinEnd { get; }

        /// <summary>The real device behind <see cref="ToolEnd"/>.</summary>
        public string ToolDevice => new FileInfo(ToolEnd).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? ToolEnd;

        public void Dispose()
        {
            try
            {
                if (!_socat.HasExited)
                {
                    _socat.Kill();
                    _socat.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _socat.Dispose();
            if (_ownsDirectory)
            {
                try
                {
                    System.IO.Directory.Delete(Directory, recursive: true);
                }
                catch (IOException)
                {
                    // socat removes its links on exit; a leftover temp folder is harmless.
                }
            }
        }
    }
}
