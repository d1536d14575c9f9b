using System;
using System.IO;
using System.Threading;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Serial;

namespace SmartBin.Cli.Terminal
{
    /// <summary>
    /// <c>smartbin console</c>: what the operator types goes to the bin, what the bin says is printed as it arrives.
    /// At a terminal the line editor gives editing and history and Ctrl-C leaves with the terminal restored; with
    /// standard input redirected, each input line is sent and its replies are awaited before the next.
    /// </summary>
    internal static class InteractiveConsole
    {
        private const int ReadSliceMs = 100;

        public static int Run(ISerialLink link, TextReader input, TextWriter output, bool interactive, int timeoutMs)
        {
            using var stop = new CancellationTokenSource();
            LineEditor? editor = interactive ? new LineEditor(() => Console.ReadKey(intercept: true), output, "bin> ") : null;
            Action<string> print = editor is null ? line => { lock (output) { output.WriteLine(line); output.Flush(); } } : editor.PrintAbove;
            int received = 0;
            Exception? readerFailure = null;
            var reader = new Thread(() =>
            {
                var splitter = new LineSplitter();
                var buffer = new byte[1024];
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        foreach (string line in splitter.Push(buffer, link.Read(buffer, ReadSliceMs)))
                        {
                            print(line);
                            Interlocked.Increment(ref received);
                        }
                    }
                }
                catch (CliException e)
                {
                    readerFailure = e;
                    print("error: " + e.Message);
                }
            }) { IsBackground = true, Name = "console-reader" };
            reader.Start();
            bool ctrlC = interactive && Console.TreatControlCAsInput;
            try
            {
                if (interactive)
                {
                    Console.TreatControlCAsInput = true;
                    output.WriteLine($"connected to {link.PortName}; type console commands (help), Ctrl-C or Ctrl-D leaves");
                }

                string? line;
                while (readerFailure is null && (line = editor is null ? input.ReadLine() : editor.ReadLine()) is not null)
                {
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }

                    int before = Volatile.Read(ref received);
                    link.Write(line + "\n");
                    if (editor is null)
                    {
                        WaitForOutput(() => Volatile.Read(ref received) > before, timeoutMs);
                    }
                }
            }
            finally
            {
                if (interactive)
                {
                    Console.TreatControlCAsInput = ctrlC;
                }

                stop.Cancel();
                reader.Join(ReadSliceMs * 5);
            }

            return readerFailure is CliException failure ? failure.ExitCode : ExitCodes.Ok;
        }

        // Scripted input: give the bin time to answer, and a little more for lines that trail (a backlog's replies).
        private static void WaitForOutput(Func<bool> arrived, int timeoutMs)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!arrived() && clock.ElapsedMilliseconds < timeoutMs)
            {
                Thread.Sleep(10);
            }

            Thread.Sleep(ReadSliceMs * 2);
        }
    }
}
