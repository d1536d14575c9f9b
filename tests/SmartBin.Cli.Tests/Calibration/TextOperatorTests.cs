using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Calibration;
using Xunit;

namespace SmartBin.Cli.Tests.Calibration
{
    public sealed class TextOperatorTests
    {
        // A terminal nobody types into: ReadLine blocks until the test ends.
        private sealed class SilentTerminal : TextReader
        {
            private readonly ManualResetEventSlim _release = new(false);

            public override string? ReadLine()
            {
                _release.Wait(TimeSpan.FromSeconds(30));
                return null;
            }

            public void Release() => _release.Set();
        }

        [Fact]
        public async Task Ctrl_c_at_a_prompt_ends_the_wait_without_an_enter()
        {
            var terminal = new SilentTerminal();
            using var stop = new CancellationTokenSource();
            var output = new StringWriter();
            var op = new TextOperator(terminal, output, yes: false, stop.Token);

            Task waiting = Task.Run(() => op.WaitForEnter("Empty the bin"));
            await Task.Delay(50);
            Assert.False(waiting.IsCompleted);
            stop.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Contains("? Empty the bin, then press Enter", output.ToString(), StringComparison.Ordinal);
            terminal.Release();
        }

        [Fact]
        public void Enter_answers_the_prompt()
        {
            using var stop = new CancellationTokenSource();
            var op = new TextOperator(new StringReader("\ny\n"), new StringWriter(), yes: false, stop.Token);

            op.WaitForEnter("Put the weight on");
            Assert.True(op.Confirm("Go on?"));
        }
    }
}
