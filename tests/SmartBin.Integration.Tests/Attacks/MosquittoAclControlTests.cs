using System;
using System.Linq;
using System.Threading.Tasks;
using SmartBin.Integration.Tests.Mqtt;
using Xunit;
using Xunit.Abstractions;
using static SmartBin.Integration.Tests.Attacks.MosquittoGateway;

namespace SmartBin.Integration.Tests.Attacks
{
    /// <summary>
    /// The control of <see cref="MosquittoAttackTests"/>: the same set-up with the gateway-written ACL loosened by one
    /// line per bin (<c>topic readwrite smartbin/v1/#</c>, what a hand-written "bins may use the root" ACL would say).
    /// The forged drop-off is then credited to the victim and a wildcard spy reads the honest bin's acks: exactly what
    /// the attack tests assert does not happen, so they would fail if the ACL stopped being the gateway's.
    /// </summary>
    [Collection("attacks")]
    public sealed class MosquittoAclControlTests
    {
        private readonly ITestOutputHelper _output;

        public MosquittoAclControlTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task With_a_loosened_acl_the_forged_drop_off_is_credited_and_the_spy_reads_other_bins_acks()
        {
            await using var g = await MosquittoGateway.StartWithAclAsync(acl => acl.Replace(
                "\nuser " + Attacker + "\n", "\nuser " + Attacker + "\ntopic readwrite smartbin/v1/#\n", StringComparison.Ordinal));
            Assert.Contains("topic readwrite smartbin/v1/#", MosquittoAttackTests.AclSection(g.AclText, Attacker));
            using var spy = await g.SubscribeAsync(Attacker, AttackerSecret, "spy-1", "smartbin/v1/+/ack");
            using var victimAcks = await g.WatchAcksAsync(Victim);

            string forged = TestBin.DropOffJson(Victim, 1, SmartBin.Integration.Tests.Fixtures.InProcessGateway.DemoCard(1, 2), "HDPE", 900, DateTime.UtcNow.AddSeconds(-5));
            using var pub = await MosquittoClients.PublishAsync(g.Port, Attacker, AttackerSecret, AttackGateway.Topic(Victim, "dropoff"), forged);
            var ack = await AttackGateway.AckAsync(victimAcks, 1);
            Assert.Equal(0, pub.ExitCode);
            Assert.Equal("credited", ack?.GetProperty("result").GetString());
            Assert.Single(g.Store.RecentDropOffs(10, Victim));

            Assert.Equal("credited", (await g.Honest.DropOffAsync(g.HonestCards[0], TestBin.HonestGrams)).Result);
            Assert.True(await spy.WaitForAsync(ls => ls.Any(l => l.StartsWith(AttackGateway.Topic(HonestId, "ack") + " ", StringComparison.Ordinal)), MosquittoClients.Timeout),
                spy.Output);
            _output.WriteLine(spy.Output);
        }
    }
}
