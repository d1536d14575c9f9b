using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using SmartBin.Gateway.Storage;
using SmartBin.Integration.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// The crediting engine's fraud rules through the whole gateway: bins (MQTTnet clients with their own
    /// credentials) publish valid drop-offs; the acks say <c>held</c>/<c>rejected</c> with the rule's reason, and the
    /// ledger shows nothing credited for them.
    /// </summary>
    [Collection("attacks")]
    public sealed class FraudRulesEndToEndTests
    {
        private readonly ITestOutputHelper _output;

        public FraudRulesEndToEndTests(ITestOutputHelper output)
        {
            _output = output;
        }

        // Guards CreditingEngine rules 10 (daily-cap), 8 (impossible-travel), 7 (implausible-weight), 2 (non-positive-net)
        // and the parser's netG range check, as booked by SqliteGatewayStore.CommitDropOff (only Credited is posted to
        // the household's account).
        [Fact]
        public async Task Daily_cap_cloned_card_and_implausible_weights_are_held_or_rejected_and_never_credited()
        {
            await using var gateway = await InProcessGateway.StartAsync(demoBins: 2);
            var store = gateway.Services.GetRequiredService<IGatewayReadModel>();
            await using var baiyun = await TestBin.ConnectAsync(gateway.MqttPort, "baiyun-0001", "PET");
            await using var xiahang = await TestBin.ConnectAsync(gateway.MqttPort, "xiahang-0001", "HDPE");
            var demo = StorageSeeds.DemoFleet(2, 1);
            string capCard = demo[0].CardUids[10], travelCard = demo[0].CardUids[11], weightCard = demo[0].CardUids[12];

            // Daily cap: 10 kg (and 800 points) a day per household. 4.5 kg twice is 9 kg; a third 4.5 kg would be 13.5 kg.
            var cap = new[] { await baiyun.DropOffAsync(capCard, 4_500), await baiyun.DropOffAsync(capCard, 4_500), await baiyun.DropOffAsync(capCard, 4_500) };

            // Cloned card: used at baiyun-0001, then 60 s later at xiahang-0001, ~3.9 km away (~230 km/h > 60 km/h).
            DateTime first = DateTime.UtcNow.AddSeconds(-120);
            var travel = new[]
            {
                await baiyun.DropOffAsync(travelCard, 500, endUtc: first),
                await xiahang.DropOffAsync(travelCard, 500, endUtc: first.AddSeconds(60)),
            };

            // Implausible weights: over the material's max per drop (PET 5 kg), a zero net, a negative net.
            var heavy = await baiyun.DropOffAsync(weightCard, 5_001);
            var zero = await baiyun.DropOffAsync(weightCard, 0);
            long negativeSeq = baiyun.TakeSeq();
            var negative = await baiyun.PublishAndWaitAsync(negativeSeq,
                TestBin.DropOffJson("baiyun-0001", negativeSeq, weightCard, "PET", -100, DateTime.UtcNow.AddSeconds(-5)));

            var all = cap.Concat(travel).Append(heavy).Append(zero).Append(negative).ToArray();
            _output.WriteLine(string.Join("\n", all.Select(a => $"seq {a.Seq}: {a.Result} {a.Reason} {a.Points}")));
            Assert.Equal(new[] { "credited", "credited", "held/daily-cap" }, cap.Select(Describe));
            Assert.Equal(new[] { "credited", "held/impossible-travel" }, travel.Select(Describe));
            Assert.Equal("held/implausible-weight", Describe(heavy));
            Assert.Equal("rejected/non-positive-net", Describe(zero));
            Assert.Equal("rejected/out-of-range", Describe(negative));
            Assert.All(all.Where(a => a.Result != "credited"), a => Assert.Equal(0, a.Points));

            // The ledger: only the credited drop-offs reached the households' balances.
            Assert.Equal(cap[0].Points + cap[1].Points, store.Balance(demo[0].HouseholdId(10))?.Points);
            Assert.Equal(720, cap[0].Points + cap[1].Points);
            Assert.Equal(travel[0].Points, store.Balance(demo[0].HouseholdId(11))?.Points);
            Assert.Equal(0, store.Balance(demo[0].HouseholdId(12))?.Points ?? 0);
            var rows = store.RecentDropOffs(100, "baiyun-0001").Concat(store.RecentDropOffs(100, "xiahang-0001")).ToArray();
            Assert.Equal(new[] { "daily-cap", "implausible-weight", "impossible-travel" },
                rows.Where(r => r.Outcome == "held").Select(r => r.Reason).OrderBy(r => r, StringComparer.Ordinal).ToArray());
        }

        private static string Describe(Ack ack) => ack.Result == "credited" ? "credited" : ack.Result + "/" + ack.Reason;
    }
}
