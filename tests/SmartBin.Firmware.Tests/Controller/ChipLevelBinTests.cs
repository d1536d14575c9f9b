using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Controller
{
    /// <summary>
    /// A virtual bin at chip level: the controller over the real HX711, MFRC522 and ultrasonic drivers, which talk to
    /// simulated chips driven by the same load-cell and bin-contents physics the test sets.
    /// </summary>
    public sealed class ChipLevelBinTests
    {
        private const int EGrams = 10;
        private readonly ProvisionedBin _rig = new(seed: 11, chipLevel: true);

        private VirtualBin Bin => _rig.Bin;

        private SimulatedBinChips Chips => Bin.Chips!;

        [Theory]
        [InlineData("0B000003", 1234)]
        [InlineData("04112233445566", 2468)]
        [InlineData("04102030405060708090", 987)]
        public void A_drop_off_is_credited_with_the_true_net_to_e_and_the_uid_read_through_the_cascade_levels(string card, int grams)
        {
            _rig.DropOff(card, grams);

            JsonElement drop = Assert.Single(_rig.Published("dropoff"));
            Assert.Equal(card, drop.GetProperty("card").GetString());
            Assert.Equal(ToE(grams), ToE(drop.GetProperty("netG").GetInt32()));
            Assert.Equal(0, drop.GetProperty("flags").GetInt32());

            // The weight and the UID came over the chips' wires, and the drivers kept to the protocols.
            Assert.True(Chips.Hx711Chip.ConversionCount > 0);
            Assert.Equal(0, Chips.Hx711Chip.ProtocolErrors);
            Assert.True(Chips.Mfrc522Chip.FramesSent > 0);
            Assert.IsType<SimulatedRfidField>(Bin.Cards);
        }

        [Fact]
        public void Drop_offs_in_a_row_each_get_their_own_net_and_card()
        {
            (string Card, int Grams)[] visits = { ("0B000001", 412), ("04A1B2C3D4E5F6", 1876), ("0B000002", 3333) };
            foreach ((string card, int grams) in visits)
            {
                _rig.DropOff(card, grams);
            }

            var drops = Distinct(_rig.Published("dropoff")).ToList();
            Assert.Equal(visits.Select(v => v.Card), drops.Select(d => d.GetProperty("card").GetString()));
            Assert.Equal(visits.Select(v => ToE(v.Grams)), drops.Select(d => ToE(d.GetProperty("netG").GetInt32())));
        }

        [Fact]
        public void A_corrupted_ultrasonic_stream_still_yields_the_full_event()
        {
            UltrasonicLineFaults faults = Chips.Ultrasonic.Faults;
            faults.CorruptByteProbability = 0.05;
            faults.DropByteProbability = 0.03;
            faults.PartialFrameProbability = 0.05;
            faults.OutOfRangeProbability = 0.05;
            int fullMm = Bin.Controller.Config.GetInt("fill.fullMm");
            int persistMs = Bin.Controller.Config.GetInt("fill.persistS") * 1000;
            Bin.Distance.DistanceMm = fullMm - 50;

            Bin.Run(persistMs + (4 * BinController.DistancePollMs));

            Assert.Contains(_rig.Published("event"), e => e.GetProperty("kind").GetString() == "full");
            Assert.True(Bin.Controller.Fill!.IsFull);
            Assert.True(Chips.Distance.ChecksumErrors > 0, "no corrupted frame reached the parser");
            Assert.True(Chips.Distance.OutOfRangeFrames > 0, "no out-of-range frame reached the parser");
            Assert.True(Chips.Distance.FramesOk > 0);
        }

        [Fact]
        public void An_hx711_unplugged_mid_session_raises_the_scale_fault_and_its_record_is_flagged_for_review()
        {
            Bin.Cards.Present("04112233445566");
            Bin.Run(300);
            Bin.Cards.Remove();
            Bin.Run(1500);
            Bin.LoadCell.AddLoadGrams(1500);
            Bin.Run(3000);
            Assert.True(Bin.Controller.Session.IsActive);
            Assert.True(Bin.Controller.Session.RunningNetGrams > 0);

            Chips.Hx711Chip.Fault = Hx711LineFault.DoutStuckHigh;
            Bin.Run(2000);

            Assert.False(Bin.Controller.Session.IsActive);
            Assert.Equal(IndicatorPattern.Fault, Bin.Indicator.Current);
            Assert.Contains(_rig.Published("event"), e =>
                e.GetProperty("kind").GetString() == "fault" && e.GetProperty("code").GetString() == FaultCodes.ScaleNoSamples);

            // What was weighed before the fault is recorded, flagged unsettled: the gateway holds it for review
            // (weighing-uncertain) instead of crediting it, since the bin saw nothing after the cable went.
            JsonElement drop = Assert.Single(Distinct(_rig.Published("dropoff")));
            Assert.Equal(DropOffFlags.Unsettled, drop.GetProperty("flags").GetInt32() & DropOffFlags.Unsettled);

            // The resident taps again: the bin refuses sessions while the scale is gone.
            Bin.Cards.Present("04112233445566");
            Bin.Run(1000);
            Assert.False(Bin.Controller.Session.IsActive);
            Assert.Single(Distinct(_rig.Published("dropoff")));
        }

        [Fact]
        public void A_pulled_load_cell_cable_reaches_the_chip_as_dout_stuck_high_and_plugging_in_recovers()
        {
            Bin.LoadCell.Unplug();
            Bin.Run(2000);
            Assert.Equal(Hx711LineFault.DoutStuckHigh, Chips.Hx711Chip.Fault);
            Assert.Equal(IndicatorPattern.Fault, Bin.Indicator.Current);

            Bin.LoadCell.PlugIn();
            Bin.Run(3000);
            Assert.Equal(Hx711LineFault.None, Chips.Hx711Chip.Fault);
            Assert.Contains(_rig.Published("event"), e =>
                e.GetProperty("kind").GetString() == "recovered" && e.GetProperty("code").GetString() == FaultCodes.ScaleNoSamples);
            _rig.DropOff("0B000004", 640);
            Assert.Equal(ToE(640), ToE(Assert.Single(_rig.Published("dropoff")).GetProperty("netG").GetInt32()));
        }

        [Fact]
        public void A_reboot_rebuilds_the_drivers_over_the_same_chips_and_the_bin_still_weighs()
        {
            var scaleBefore = Chips.Scale;
            Bin.Type("reboot");
            Assert.NotSame(scaleBefore, Chips.Scale);
            Assert.Same(Chips.Scale, Bin.Controller.Hardware.Scale);
            Assert.Same(Chips.Reader, Bin.Controller.Hardware.Reader);

            Bin.Run(3000);
            _rig.DropOff("0B000005", 1500);
            Assert.Equal(ToE(1500), ToE(Assert.Single(_rig.Published("dropoff")).GetProperty("netG").GetInt32()));
        }

        [Fact]
        public void The_behavioural_reader_is_not_there_at_chip_level()
        {
            Assert.True(Bin.IsChipLevel);
            Assert.Throws<InvalidOperationException>(() => Bin.Reader);
        }

        // The outbox sends again until acked, so the same seq can be published more than once.
        private static IEnumerable<JsonElement> Distinct(IEnumerable<JsonElement> published) =>
            published.DistinctBy(d => d.GetProperty("seq").GetInt64());

        private static int ToE(int grams) => (int)Math.Round(grams / (double)EGrams, MidpointRounding.AwayFromZero) * EGrams;
    }
}
