using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SmartBin.Fuzz.Engine;
using SmartBin.Fuzz.Firmware;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Firmware.Tests.Fuzz
{
    /// <summary>
    /// The short run of the fuzz program (tests/SmartBin.Fuzz) over the bin's parsers: the ack/cmd decoder, the
    /// console line path and the distance sensor's frames. Fixed seeds; each run fails on any exception, any state
    /// change by a rejected input, and any reason outside the documented set (docs/console.md's codes, the
    /// decoders' documented codes). The long run is the program itself, a million inputs per parser.
    /// </summary>
    public sealed class FirmwareFuzzTests
    {
        private const int Seed = 20261123;
        private const int TimeLimitMs = 5_000;
        private readonly ITestOutputHelper _output;

        public FirmwareFuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData("bin-ack-cmd", 5_000, 12)]
        [InlineData("console", 5_000, 10)]
        [InlineData("ultrasonic", 20_000, 3)]
        public void Fuzzed_input_never_crashes_changes_nothing_when_rejected_and_gets_a_documented_reason(string parser, int inputs, int reasonsAtLeast)
        {
            IFuzzTarget target = FirmwareTargets.All().Single(t => t.Name == parser);
            FuzzReport report = FuzzRunner.Run(target, Seed, 0, inputs, TimeLimitMs);
            _output.WriteLine(report.Format());

            Assert.True(report.Passed, report.Format());
            Assert.Equal(inputs, report.Inputs);
            Assert.Subset(new HashSet<string>(target.DocumentedReasons), new HashSet<string>(report.Rejections.Keys));
            // A generator too tame to be rejected for many reasons, or to get anything accepted, proves little.
            Assert.InRange(report.Rejections.Count, reasonsAtLeast, int.MaxValue);
            Assert.InRange(report.Accepted, 1, inputs - 1);
        }

        [Fact]
        public void Console_error_codes_the_fuzzer_accepts_are_those_docs_console_md_names()
        {
            HashSet<string> documented = RepoFiles.ConsoleErrorCodes();
            string[] emittedByTheCore = { "bad-id", "unknown-key", "invalid-value", "out-of-range", "too-short", "conflict", "no-reading", "points-not-distinct", "factor-not-positive", "not-remote" };
            Assert.Subset(documented, new HashSet<string>(emittedByTheCore));
        }

        [Fact]
        public void The_runner_reports_a_crash_and_a_broken_promise_with_their_reproducers()
        {
            var target = new ScriptedTarget(index => index switch
            {
                3 => throw new IndexOutOfRangeException("boom"),
                5 => throw new FuzzViolation("state changed"),
                7 => "undocumented",
                _ => index % 2 == 0 ? null : "known",
            });
            FuzzReport report = FuzzRunner.Run(target, 9, 0, 10, TimeLimitMs);

            Assert.False(report.Passed);
            Assert.Equal(1, report.Crashes);
            Assert.Equal(2, report.Violations);
            Assert.Equal(new long[] { 3, 5, 7 }, report.Failures.Select(f => f.Index).ToArray());
            Assert.Contains("--parser scripted --seed 9 --start 3 --inputs 1", report.Format(), StringComparison.Ordinal);
        }

        [Fact]
        public void The_runner_stops_at_an_input_that_hangs_and_names_it()
        {
            using var release = new ManualResetEventSlim(false);
            var target = new ScriptedTarget(index =>
            {
                if (index == 2)
                {
                    release.Wait();
                }

                return null;
            });
            FuzzReport report = FuzzRunner.Run(target, 1, 0, 5, timeLimitMs: 50);
            release.Set();

            Assert.Equal(1, report.Hangs);
            Assert.Equal(2, report.Failures.Single().Index);
            Assert.Equal("hang", report.Failures.Single().Kind);
        }

        private sealed class ScriptedTarget : IFuzzTarget
        {
            private readonly Func<long, string?> _run;

            public ScriptedTarget(Func<long, string?> run)
            {
                _run = run;
            }

            public string Name => "scripted";

            public int Epoch => 1;

            public IReadOnlySet<string> DocumentedReasons { get; } = new HashSet<string> { "known" };

            public string LastInput => "scripted";

            public void Reset()
            {
            }

            public string? Run(long index, Random random) => _run(index);
        }
    }
}
