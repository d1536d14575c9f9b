using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Storage;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.EndToEnd
{
    /// <summary>
    /// What ./run.sh starts, end to end: the simulator's fleet (its own process, the real controller logic) publishes
    /// to the gateway's embedded broker, and the gateway credits registered residents' households.
    /// </summary>
    public sealed class SimulatedFleetTests
    {
        private const int Bins = 2;
        private const int CreditedWanted = 3;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
        private readonly ITestOutputHelper _output;

        public SimulatedFleetTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Simulated_bins_drop_offs_are_credited_to_households()
        {
            await using var gateway = await InProcessGateway.StartAsync(demoBins: Bins);
            string simulator = Path.Combine(AppContext.BaseDirectory, "smartbin-sim.dll");
            using var fleet = ExternalProcess.Start("dotnet", new[]
            {
                simulator, "fleet", "--broker", $"127.0.0.1:{gateway.MqttPort}", "--bins", Bins.ToString(), "--speed", "100",
                "--seed", "1", "--duration", "85",
            });
            var store = gateway.Services.GetRequiredService<IGatewayReadModel>();
            bool credited = await fleet.WaitForAsync(
                _ => store.RecentDropOffs(100).Count(d => d.Outcome == "credited") >= CreditedWanted, Timeout);
            _output.WriteLine(fleet.Output);
            Assert.True(credited, "too few credited drop-offs; the fleet said:\n" + fleet.Output);

            var creditedRows = store.RecentDropOffs(100).Where(d => d.Outcome == "credited").ToList();
            Assert.All(creditedRows, d => Assert.True(d.Points > 0 && d.NetGrams > 0 && d.HouseholdId is not null));
            Assert.Contains(fleet.Lines, l => l.Contains("\"result\":\"credited\"", StringComparison.Ordinal));
            long pointsBooked = creditedRows.Sum(d => d.Points);
            long pointsInBalances = store.TopBalances(500).Sum(b => b.Points);
            Assert.True(pointsInBalances >= pointsBooked, $"balances {pointsInBalances} < credited {pointsBooked}");
        }
    }
}
