using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using SmartBin.Cli.Commands;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Serial;
using SmartBin.Cli.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Cli.Tests.Pty
{
    /// <summary>
    /// Acceptance: `smartbin calibrate` on a simulated bin whose load cell has a known factor and noise, over a pty,
    /// lands within ±1 e at 10 % and 90 % of Max.
    /// </summary>
    public sealed class CalibrationOnSimulatorTests
    {
        private const int MaxGrams = 30_000;
        private const int EGrams = 10;
        private readonly ITestOutputHelper _log;

        public CalibrationOnSimulatorTests(ITestOutputHelper log)
        {
            _log = log;
        }

        [Theory]
        [InlineData("87.3", "3")]
        [InlineData("212.5", "5")]
        public async Task Calibrate_lands_within_one_e_at_10_and_90_percent_of_max(string countsPerGram, string noiseGrams)
        {
            using var pty = new PtyPair();
            using var bin = await SimulatedBinProcess.StartAsync(pty.BinEnd, "--counts-per-gram", countsPerGram, "--noise-grams", noiseGrams, "--seed", "7");
            var output = new StringWriter();
            var input = new ScriptedOperatorInput(output, bin.DoAsync);
            var io = new CliIo(input, output, output, InteractiveTerminal: false);

            int exit = await CliApp.RunAsync(new[] { "calibrate", "--port", pty.ToolEnd, "--reference-grams", "20000", "--check-grams", "10000", "--timeout", "2" }, io, CancellationToken.None);
            _log.WriteLine(output.ToString());
            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Equal(4, input.PromptsAnswered); // empty, reference, check, empty again
            Assert.Contains("calibration version 1 saved", output.ToString());

            using var client = new ConsoleClient(SerialPortLink.Open(pty.ToolEnd, 115200), 2000, 115200);
            foreach (int percent in new[] { 10, 90 })
            {
                int trueGrams = MaxGrams * percent / 100;
                await bin.DoAsync("load " + trueGrams.ToString(CultureInfo.InvariantCulture));
                int readGrams = StableGrams(client);
                _log.WriteLine($"{percent} % of Max: {trueGrams} g on the scale reads {readGrams} g");
                Assert.InRange(readGrams, trueGrams - EGrams, trueGrams + EGrams);
            }
        }

        private static int StableGrams(ConsoleClient client)
        {
            Thread.Sleep(1500);
            for (int poll = 0; poll < 40; poll++)
            {
                IReadOnlyDictionary<string, string> weight = client.Request("weight").Fields();
                if (weight["stable"] == "true")
                {
                    return int.Parse(weight["weightG"], CultureInfo.InvariantCulture);
                }

                Thread.Sleep(250);
            }

            throw new TimeoutException("the scale never settled");
        }
    }
}
