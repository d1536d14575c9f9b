using System;
using System.Threading.Tasks;
using SmartBin.Chaos;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Chaos
{
    /// <summary>Runs alone: the fault schedule takes both cores and kills the processes it starts.</summary>
    [CollectionDefinition("chaos", DisableParallelization = true)]
    public sealed class ChaosCollection
    {
    }

    /// <summary>
    /// Issue 7, Faults, short run: 100 virtual bins (10 chip-level) make at least 10,000 drop-offs through a TCP proxy
    /// while a compressed, seeded schedule restarts the broker, SIGKILLs the gateway process (once between a commit and
    /// its acks), cuts the bins' network, stops InfluxDB and slows it down. Then every household's credited grams,
    /// points and g CO2e equal the ground truth, nothing is lost or booked twice, every outbox is empty, the offline
    /// alerts are cleared and the time-series outbox is drained (tests/SmartBin.Chaos, docs/reliability.md).
    /// </summary>
    [Collection("chaos")]
    public sealed class FaultScheduleTests
    {
        private readonly ITestOutputHelper _output;

        public FaultScheduleTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData(BrokerMode.External, 1123)]
        [InlineData(BrokerMode.Embedded, 1124)]
        public async Task Ten_thousand_drop_offs_through_a_fault_schedule_are_credited_exactly_once_and_everything_recovers(BrokerMode mode, int seed)
        {
            var options = new ChaosOptions
            {
                Bins = 100, DropOffs = 10_000, Mode = mode, Seed = seed, ChipLevelBins = 10, ScheduleS = 60,
                NetworkCutS = 10, InfluxDownS = 10, InfluxSlowS = 8, BrokerDownS = 3, RunLimitS = 150, DrainLimitS = 60,
            };
            ChaosReport report = await ChaosRun.RunAsync(options, line => _output.WriteLine(line));
            _output.WriteLine(report.Table());
            Assert.True(report.Passed, string.Join('\n', report.Problems) + "\nlast bin log lines:\n" + report.FleetLogTail +
                "\nlast gateway log lines:\n" + report.GatewayLogTail);
            Assert.True(report.Check.DropOffs >= 10_000, $"{report.Check.DropOffs} drop-offs");
            Assert.Equal(0, report.Check.Duplicates);
            Assert.Equal(0, report.Check.Losses);
            foreach (FaultKind kind in Enum.GetValues<FaultKind>())
            {
                Assert.True(report.Injected[kind] >= 1, $"no {kind} injected");
            }

            Assert.True(report.Figures["batches killed between commit and ack"] >= 1, "the kill never fell between a commit and its acks");
            Assert.True(report.Figures["offline alerts opened"] >= 1, "no offline alert was raised for the faults");
        }
    }
}
