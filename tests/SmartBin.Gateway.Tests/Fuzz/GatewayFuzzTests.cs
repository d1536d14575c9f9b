using System.Collections.Generic;
using System.Linq;
using SmartBin.Fuzz.Engine;
using SmartBin.Fuzz.Gateway;
using SmartBin.Gateway.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Gateway.Tests.Fuzz;

/// <summary>
/// The short run of the fuzz program (tests/SmartBin.Fuzz) over the gateway's parsers: each bin message leaf as
/// MQTT delivers it, and InfluxDB's answers to writes and queries. Fixed seeds; each run fails on any exception,
/// an impure parse, an accepted message System.Text.Json reads otherwise, and any reason outside the documented
/// set (docs/protocol.md's Rejections table; TimeSeries/README.md's retry reasons). The long run is the program.
/// </summary>
public sealed class GatewayFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261123;
    private const int TimeLimitMs = 5_000;

    [Theory]
    [InlineData("dropoff", 20_000, 8)]
    [InlineData("event", 20_000, 8)]
    [InlineData("telemetry", 20_000, 5)]
    [InlineData("status", 20_000, 5)]
    [InlineData("cmdresult", 20_000, 5)]
    [InlineData("influx-write", 2_000, 5)]
    [InlineData("influx-query", 5_000, 2)]
    public void Fuzzed_input_never_crashes_and_gets_a_documented_reason(string parser, int inputs, int reasonsAtLeast)
    {
        var target = GatewayTargets.All().Single(t => t.Name == parser);
        var report = FuzzRunner.Run(target, Seed, 0, inputs, TimeLimitMs);
        output.WriteLine(report.Format());

        Assert.True(report.Passed, report.Format());
        Assert.Equal(inputs, report.Inputs);
        Assert.Subset(new HashSet<string>(target.DocumentedReasons), new HashSet<string>(report.Rejections.Keys));
        // A generator too tame to be rejected for many reasons, or to get anything accepted, proves little.
        Assert.InRange(report.Rejections.Count, reasonsAtLeast, int.MaxValue);
        Assert.InRange(report.Accepted, 1, inputs - 1);
    }

    [Fact]
    public void The_fuzzer_judges_by_the_docs_table_which_is_the_parser_s_reason_list()
    {
        Assert.Equal(RejectionReasons.InPrecedenceOrder.ToHashSet(), RepoFiles.ProtocolRejectionReasons());
    }
}
