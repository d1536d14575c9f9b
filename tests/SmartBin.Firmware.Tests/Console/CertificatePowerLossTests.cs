using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Tests.Controller;
using SmartBin.Firmware.Tests.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Firmware.Tests.Console
{
    /// <summary>
    /// Power lost at every flash write of <c>cert end</c>, each way a write can tear: after the restart the bin holds
    /// the old CA or the new one, byte for byte, never a torn file; and the gateway cannot run <c>cert</c> at all.
    /// </summary>
    public sealed class CertificatePowerLossTests(ITestOutputHelper output)
    {
        private const string StorageDirectory = "smartbin";
        private static readonly byte[] OldPem = Encoding.ASCII.GetBytes(TestCertificates.CaPem("Old CA"));
        private static readonly byte[] NewPem = Encoding.ASCII.GetBytes(TestCertificates.ChainPem());

        [Theory]
        [MemberData(nameof(TearSeeds.All), MemberType = typeof(TearSeeds))]
        public void A_cut_at_any_write_of_cert_end_leaves_the_old_or_the_new_cert_whole(int tearSeed)
        {
            foreach (bool hadOld in new[] { false, true })
            {
                int writePoints = WritePointsOfEnd(hadOld);
                Assert.True(writePoints >= 2, "two copies are written");
                for (int cut = 1; cut <= writePoints; cut++)
                {
                    var flash = new InMemoryFlashFileSystem();
                    VirtualBin bin = BinReadyToEnd(flash, hadOld);
                    flash.ArmPowerLoss(flash.WritePointCount + cut, tearSeed);
                    Assert.Throws<PowerLossException>(() => bin.Type("cert end"));
                    flash.Reboot();
                    bin.Boot();
                    output.WriteLine($"{(hadOld ? "replace" : "first install")}, {flash.LastCut}: {Verify(flash, bin, hadOld)}");
                }
            }
        }

        [Fact]
        public void The_gateway_cannot_run_cert()
        {
            var rig = new ProvisionedBin(seed: 9);
            rig.Bin.Deliver($"smartbin/v1/{ProvisionedBin.BinId}/cmd", Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"c-9\",\"cmd\":\"cert\"}"));
            JsonElement result = rig.Published("cmd/result").Single();
            Assert.False(result.GetProperty("ok").GetBoolean());
            Assert.Equal("unknown-command", result.GetProperty("error").GetString());
            Assert.False(SmartBin.Firmware.Core.Console.ConsoleCommands.IsRemotelyRunnable("cert"));
            Assert.True(SmartBin.Firmware.Core.Console.ConsoleCommands.IsRemotelyRunnable("selftest"));
            Assert.Equal(0, rig.Bin.Controller.CaCertificate.PemLength);
        }

        private static string Verify(InMemoryFlashFileSystem flash, VirtualBin bin, bool hadOld)
        {
            byte[]? stored = CaCertificateStore.ReadPem(flash, StorageDirectory);
            bool isNew = stored is not null && stored.SequenceEqual(NewPem);
            bool isOld = hadOld ? stored is not null && stored.SequenceEqual(OldPem) : stored is null;
            Assert.True(isOld || isNew, "the stored CA is neither the old nor the new one");

            JsonElement summary = JsonDocument.Parse(bin.Type("cert").Single()).RootElement;
            byte[] expected = isNew ? NewPem : hadOld ? OldPem : [];
            Assert.Equal(expected.Length, summary.GetProperty("bytes").GetInt32());
            Assert.Equal(TestCertificates.Crc(expected).ToString("x8"), summary.GetProperty("crc32").GetString());

            // The bin takes the next upload normally after the cut.
            Assert.Equal("ok", Send(bin, NewPem).Last());
            Assert.Equal(NewPem, CaCertificateStore.ReadPem(flash, StorageDirectory));
            return isNew ? "new cert" : hadOld ? "old cert" : "no cert";
        }

        private static int WritePointsOfEnd(bool hadOld)
        {
            var flash = new InMemoryFlashFileSystem();
            VirtualBin bin = BinReadyToEnd(flash, hadOld);
            int before = flash.WritePointCount;
            Assert.Equal("ok", bin.Type("cert end").Single());
            return flash.WritePointCount - before;
        }

        private static VirtualBin BinReadyToEnd(InMemoryFlashFileSystem flash, bool hadOld)
        {
            var bin = new VirtualBin(flash, new InMemoryMqttLink(), seed: 11);
            bin.Boot();
            if (hadOld)
            {
                Assert.Equal("ok", Send(bin, OldPem).Last());
            }

            List<string> replies = Send(bin, NewPem, end: false);
            Assert.All(replies, r => Assert.DoesNotContain("error", r));
            return bin;
        }

        private static List<string> Send(VirtualBin bin, byte[] pem, bool end = true)
        {
            var replies = new List<string>();
            replies.AddRange(bin.Type($"cert begin {pem.Length} {TestCertificates.Crc(pem):x8}"));
            foreach (string chunk in ConsoleCertificateTests.Chunks(pem, 150))
            {
                replies.AddRange(bin.Type("cert add " + chunk));
            }

            if (end)
            {
                replies.AddRange(bin.Type("cert end"));
            }

            return replies;
        }
    }
}
