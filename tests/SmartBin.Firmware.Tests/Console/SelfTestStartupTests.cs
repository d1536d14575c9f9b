using System.Linq;
using System.Text.Json;
using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Console
{
    /// <summary>
    /// The self-test right after a restart: a part that has not had its chance since boot is "starting", not "fail",
    /// so `smartbin provision` (which asks as soon as the bin is back) waits instead of reporting a healthy bin as
    /// broken; and "starting" ends on its own, so a part that is really gone still fails within a bounded time.
    /// </summary>
    public sealed class SelfTestStartupTests
    {
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Right_after_a_reboot_the_scale_is_starting_then_ok_once_it_has_read(bool chipLevel)
        {
            VirtualBin bin = ProvisionedBin(chipLevel);

            bin.Type("reboot");
            JsonElement early = SelfTest(bin);
            Assert.Equal("starting", early.GetProperty("scale").GetString());
            Assert.False(early.GetProperty("ok").GetBoolean());
            Assert.False(early.TryGetProperty("scaleFault", out _));

            bin.Run(1000);
            JsonElement settled = SelfTest(bin);
            Assert.Equal("ok", settled.GetProperty("scale").GetString());
            Assert.True(settled.GetProperty("ok").GetBoolean());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_scale_that_never_answers_after_the_reboot_fails_with_its_fault_within_the_sensor_lost_time(bool chipLevel)
        {
            VirtualBin bin = ProvisionedBin(chipLevel);
            bin.LoadCell.Unplug();

            bin.Type("reboot");
            Assert.Equal("starting", SelfTest(bin).GetProperty("scale").GetString());

            bin.Run(1000); // the sensor-lost time is 500 ms
            JsonElement failed = SelfTest(bin);
            Assert.Equal("fail", failed.GetProperty("scale").GetString());
            Assert.Equal(FaultCodes.ScaleNoSamples, failed.GetProperty("scaleFault").GetString());
            Assert.False(failed.GetProperty("ok").GetBoolean());
        }

        [Fact]
        public void Right_after_a_reboot_the_distance_sensor_is_starting_until_its_first_frame()
        {
            VirtualBin bin = ProvisionedBin(chipLevel: true); // the real frame parser, rebuilt empty at boot

            bin.Type("reboot");
            Assert.Equal("starting", SelfTest(bin).GetProperty("distance").GetString());

            bin.Run(500);
            Assert.Equal("ok", SelfTest(bin).GetProperty("distance").GetString());
        }

        [Fact]
        public void A_distance_sensor_silent_since_the_reboot_fails_once_the_start_allowance_is_over()
        {
            VirtualBin bin = ProvisionedBin(chipLevel: true);
            bin.Distance.IsConnected = false;

            bin.Type("reboot");
            Assert.Equal("starting", SelfTest(bin).GetProperty("distance").GetString());

            bin.Run(BinController.DistanceStartMs + 100);
            JsonElement failed = SelfTest(bin);
            Assert.Equal("fail", failed.GetProperty("distance").GetString());
            Assert.False(failed.GetProperty("ok").GetBoolean());
        }

        [Fact]
        public void A_frame_just_taken_by_another_reader_is_not_a_missing_sensor_but_one_silent_past_the_poll_interval_is()
        {
            VirtualBin bin = ProvisionedBin(chipLevel: true);

            // The first self-test takes the fresh frame; the second, with no time between, finds none fresh, as a
            // self-test just after the controller's own fill poll would.
            Assert.Equal("ok", SelfTest(bin).GetProperty("distance").GetString());
            Assert.Equal("ok", SelfTest(bin).GetProperty("distance").GetString());

            bin.Distance.IsConnected = false;
            bin.Run(BinController.DistancePollMs + BinController.DistanceStartMs + 200);
            Assert.Equal("fail", SelfTest(bin).GetProperty("distance").GetString());
        }

        private static VirtualBin ProvisionedBin(bool chipLevel)
        {
            VirtualBin bin = new Controller.ProvisionedBin(seed: 11, chipLevel).Bin;
            JsonElement before = SelfTest(bin);
            Assert.True(before.GetProperty("ok").GetBoolean(), before.ToString());
            return bin;
        }

        private static JsonElement SelfTest(VirtualBin bin)
        {
            string reply = bin.Type("selftest").Single();
            using JsonDocument doc = JsonDocument.Parse(reply);
            return doc.RootElement.Clone();
        }
    }
}
