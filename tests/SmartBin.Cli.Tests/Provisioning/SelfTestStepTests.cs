using System.IO;
using System.Linq;
using SmartBin.Cli.Calibration;
using SmartBin.Cli.Gateway;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Provisioning;
using SmartBin.Cli.Tests.Fixtures;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Cli.Tests.Provisioning
{
    /// <summary>
    /// Provisioning's self-test asks the bin as soon as it is back from its restart. A part that has not read yet
    /// ("starting") is waited for like the broker login, not reported as broken; one still starting when the wait
    /// ends, or really failed, is named. The bin here is the real console over a virtual bin that only runs when the
    /// test says, so "right after the restart" is exact.
    /// </summary>
    public sealed class SelfTestStepTests
    {
        private static readonly BrokerAddress Broker = new("127.0.0.1", 1883, false, null);

        [Fact]
        public void A_scale_still_starting_when_first_asked_is_waited_for_and_the_bin_passes()
        {
            (VirtualBinLink link, ConsoleClient client) = RebootedBin(msPerLaterAsk: 300);
            var output = new StringWriter();

            SelfTestRecord record = new SelfTestStep(client, Operator(output), pollMs: 10).Run(5000, Broker);

            Assert.True(record.Ok);
            Assert.Equal("ok", record.Scale);
            Assert.True(link.Commands.Count(c => c == "selftest") >= 2, "asked again after the first 'starting'");
            Assert.Contains("[5/5] self-test: scale ok", output.ToString());
        }

        [Fact]
        public void A_scale_that_never_answers_is_named_with_its_fault_once_starting_is_over()
        {
            (VirtualBinLink link, ConsoleClient client) = RebootedBin(msPerLaterAsk: 300, unplugScale: true);

            CliException e = Assert.Throws<CliException>(() => new SelfTestStep(client, Operator(new StringWriter()), pollMs: 10).Run(5000, Broker));

            Assert.Equal(ExitCodes.VerificationFailed, e.ExitCode);
            Assert.Contains("self-test failed: scale fail (scale-no-samples)", e.Message);
            Assert.Contains("HX711 wiring", e.Fix);
        }

        [Fact]
        public void A_part_still_starting_when_the_wait_ends_is_named_as_such()
        {
            (VirtualBinLink link, ConsoleClient client) = RebootedBin(msPerLaterAsk: 0);

            CliException e = Assert.Throws<CliException>(() => new SelfTestStep(client, Operator(new StringWriter()), pollMs: 10).Run(50, Broker));

            Assert.Contains("scale still starting", e.Message);
            Assert.True(link.Commands.Count(c => c == "selftest") >= 2);
        }

        // A provisioned bin, restarted; the first self-test reaches it before any tick, each later one after
        // msPerLaterAsk ms of its time.
        private static (VirtualBinLink Link, ConsoleClient Client) RebootedBin(int msPerLaterAsk, bool unplugScale = false)
        {
            var bin = new VirtualBin(new InMemoryFlashFileSystem(), new InMemoryMqttLink(), seed: 5);
            bin.Boot();
            bin.Provision("baiyun-0042", "baiyun", "PET", "127.0.0.1", 1883);
            bin.Run(3000);
            if (unplugScale)
            {
                bin.LoadCell.Unplug();
            }

            bin.Type("reboot");
            int asks = 0;
            var link = new VirtualBinLink(bin)
            {
                Fault = command =>
                {
                    if (command == "selftest" && asks++ > 0)
                    {
                        bin.Run(msPerLaterAsk);
                    }

                    return command;
                },
            };
            return (link, new ConsoleClient(link, 200, 115200));
        }

        private static TextOperator Operator(TextWriter output) => new(new StringReader(string.Empty), output, yes: true);
    }
}
