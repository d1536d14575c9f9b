using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Hal;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Controller
{
    /// <summary>The whole controller on simulated hardware: provision, drop off, publish, ack, outage, reboot.</summary>
    public sealed class BinControllerTests
    {
        private const string BinId = ProvisionedBin.BinId;
        private readonly ProvisionedBin _rig = new(seed: 7);
        private readonly InMemoryMqttLink _mqtt;
        private readonly VirtualBin _bin;

        public BinControllerTests()
        {
            _mqtt = _rig.Mqtt;
            _bin = _rig.Bin;
        }

        [Fact]
        public void A_provisioned_bin_is_ready_calibrated_and_idle()
        {
            Assert.True(_bin.Controller.IsReady);
            Assert.True(_bin.Controller.Weighing.Calibration.Version >= 1);
            Assert.InRange(_bin.Controller.Weighing.GrossGrams, -10, 10);
            Assert.Equal(IndicatorPattern.Ready, _bin.Indicator.Current);
        }

        [Fact]
        public void A_card_drop_off_is_published_with_the_weighed_net_and_leaves_the_outbox_on_ack()
        {
            DropOff("04A1B2C3", 1234);

            JsonElement drop = Published("dropoff").Single();
            Assert.Equal("04A1B2C3", drop.GetProperty("card").GetString());
            Assert.InRange(drop.GetProperty("netG").GetInt32(), 1224, 1244);
            Assert.Equal("PET", drop.GetProperty("material").GetString());
            long seq = drop.GetProperty("seq").GetInt64();
            Assert.Equal($"{BinId}:{seq}", drop.GetProperty("id").GetString());
            Assert.Equal(1, _bin.Controller.Outbox.Count);

            Ack(seq, "credited", 86);
            Assert.Equal(0, _bin.Controller.Outbox.Count);
            Assert.Equal(86, _bin.Indicator.PointsShown);
        }

        [Fact]
        public void A_drop_off_onto_an_empty_bin_reading_just_below_zero_reports_gross_weights_from_zero()
        {
            _bin.LoadCell.SetLoadGrams(-8);
            _bin.Run(3000);
            Assert.True(_bin.Controller.Weighing.GrossGrams < 0);

            DropOff("04A1B2C3", 700);

            JsonElement drop = Published("dropoff").First();
            Assert.Equal(0, drop.GetProperty("grossBeforeG").GetInt32());
            Assert.Equal(drop.GetProperty("grossAfterG").GetInt32(), drop.GetProperty("netG").GetInt32());
            Assert.InRange(drop.GetProperty("netG").GetInt32(), 690, 700);
        }

        [Fact]
        public void Without_an_ack_the_drop_off_is_sent_again_and_a_duplicate_ack_clears_it()
        {
            DropOff("04A1B2C3", 800);
            int sends = Published("dropoff").Count();
            _bin.Run(11_000);
            Assert.True(Published("dropoff").Count() > sends);
            long seq = Published("dropoff").First().GetProperty("seq").GetInt64();
            Ack(seq, "duplicate", 0);
            Assert.Equal(0, _bin.Controller.Outbox.Count);
        }

        [Fact]
        public void Drop_offs_made_offline_survive_a_reboot_and_are_sent_when_the_link_returns()
        {
            _mqtt.IsConnected = false;
            DropOff("04A1B2C3", 500);
            DropOff("04D4E5F6", 700);
            Assert.Equal(2, _bin.Controller.Outbox.Count);
            Assert.Equal(IndicatorPattern.Offline, _bin.Indicator.Current);

            _bin.Type("reboot");
            Assert.Equal(2, _bin.Controller.Outbox.Count);
            _mqtt.IsConnected = true;
            _bin.Run(1000);
            var sent = Published("dropoff").ToList();
            Assert.Equal(new[] { "04A1B2C3", "04D4E5F6" }, sent.Select(d => d.GetProperty("card").GetString()));
            Assert.True(sent[0].GetProperty("seq").GetInt64() < sent[1].GetProperty("seq").GetInt64());
        }

        [Fact]
        public void Malformed_acks_are_counted_and_change_nothing()
        {
            DropOff("04A1B2C3", 600);
            _bin.Deliver($"smartbin/v1/{BinId}/ack", Encoding.UTF8.GetBytes("{\"v\":1,\"seq\":\"x\"}"));
            _bin.Deliver($"smartbin/v1/{BinId}/ack", new byte[] { 0xFF, 0x00, 0x7B });
            Assert.Equal(2, _bin.Controller.RejectedMessageCount);
            Assert.Equal(1, _bin.Controller.Outbox.Count);
        }

        [Fact]
        public void Emptying_the_bin_raises_an_emptied_event()
        {
            DropOff("04A1B2C3", 6000);
            _bin.LoadCell.SetLoadGrams(0);
            _bin.Run(5000);
            JsonElement emptied = Published("event").Single(e => e.GetProperty("kind").GetString() == "emptied");
            Assert.InRange(emptied.GetProperty("grams").GetInt32(), 5980, 6020);
        }

        [Fact]
        public void A_lost_scale_raises_a_fault_refuses_cards_and_recovers()
        {
            _bin.LoadCell.Unplug();
            _bin.Run(2000);
            Assert.Equal(IndicatorPattern.Fault, _bin.Indicator.Current);
            _bin.Reader.Present("04A1B2C3");
            _bin.Run(1000);
            _bin.Reader.Remove();
            Assert.False(_bin.Controller.Session.IsActive);
            _bin.LoadCell.PlugIn();
            _bin.Run(3000);
            var kinds = Published("event").Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("code").GetString())).ToList();
            Assert.Contains(("fault", "scale-no-samples"), kinds);
            Assert.Contains(("recovered", "scale-no-samples"), kinds);
        }

        [Fact]
        public void Telemetry_reports_weight_and_outbox()
        {
            _bin.Run(61_000);
            JsonElement t = Published("telemetry").Last();
            Assert.Equal(200, t.GetProperty("outboxCap").GetInt32());
            Assert.Equal("1.0.0-sim", t.GetProperty("fw").GetString());
            Assert.True(t.GetProperty("readerOk").GetBoolean());
        }

        [Fact]
        public void A_gateway_command_changes_an_operational_setting_saves_it_and_reports_the_result()
        {
            Command("{\"v\":1,\"id\":\"c-1\",\"cmd\":\"set\",\"key\":\"telemetry.intervalS\",\"value\":\"120\"}");
            JsonElement result = Published("cmd/result").Single();
            Assert.Equal("c-1", result.GetProperty("id").GetString());
            Assert.True(result.GetProperty("ok").GetBoolean());
            Assert.Equal("120", result.GetProperty("value").GetString());
            Assert.False(_bin.Controller.Config.IsDirty);
            _bin.Type("reboot");
            Assert.Equal(120, _bin.Controller.Config.GetInt("telemetry.intervalS"));
        }

        [Fact]
        public void A_gateway_command_cannot_change_identity_or_credentials_nor_read_secrets()
        {
            Command("{\"v\":1,\"id\":\"c-2\",\"cmd\":\"set\",\"key\":\"bin.id\",\"value\":\"evil-bin\"}");
            Command("{\"v\":1,\"id\":\"c-3\",\"cmd\":\"get\",\"key\":\"mqtt.secret\"}");
            Command("{\"v\":1,\"id\":\"c-4\",\"cmd\":\"format\"}");
            var results = Published("cmd/result").ToList();
            Assert.Equal("not-remote", results[0].GetProperty("error").GetString());
            Assert.Equal(BinId, _bin.Controller.Config.Get("bin.id"));
            Assert.Equal("***", results[1].GetProperty("value").GetString());
            Assert.Equal("unknown-command", results[2].GetProperty("error").GetString());
            Assert.Equal(2, _bin.Controller.RejectedMessageCount);
        }

        [Fact]
        public void A_gateway_set_is_refused_while_the_operator_has_unsaved_changes_which_stay_unsaved()
        {
            _bin.Type("set bin.id stolen-bin");
            Command("{\"v\":1,\"id\":\"c-7\",\"cmd\":\"set\",\"key\":\"telemetry.intervalS\",\"value\":\"90\"}");
            Assert.Equal("busy", Published("cmd/result").Single().GetProperty("error").GetString());
            _bin.Type("reboot");
            Assert.Equal(BinId, _bin.Controller.Config.Get("bin.id"));
        }

        [Fact]
        public void Calibration_is_refused_while_a_session_is_open()
        {
            _bin.Reader.Present("04A1B2C3");
            _bin.Run(300);
            Assert.True(_bin.Controller.Session.IsActive);
            Assert.StartsWith("error busy", Assert.Single(_bin.Type("calibrate 1000")));
        }

        [Fact]
        public void A_gateway_tare_and_reader_reset_are_carried_out()
        {
            _bin.Reader.IsHealthy = false;
            _bin.Reader.HungUntilReset = true;
            Command("{\"v\":1,\"id\":\"c-5\",\"cmd\":\"reader-reset\"}");
            Command("{\"v\":1,\"id\":\"c-6\",\"cmd\":\"tare\"}");
            var results = Published("cmd/result").ToList();
            Assert.True(results[0].GetProperty("ok").GetBoolean());
            Assert.True(_bin.Reader.IsHealthy);
            Assert.True(results[1].GetProperty("ok").GetBoolean(), results[1].ToString());
        }

        [Fact]
        public void A_queued_drop_off_shows_done_and_then_the_state_again()
        {
            int before = _bin.Indicator.History.Count;

            DropOff("04A1B2C3", 900);

            var shown = _bin.Indicator.History.Skip(before).ToList();
            int done = shown.IndexOf(IndicatorPattern.Done);
            Assert.True(done > 0, string.Join(",", shown));
            Assert.Equal(IndicatorPattern.Ready, shown[done + 1]);
            Assert.Equal(IndicatorPattern.Ready, _bin.Indicator.Current);
        }

        [Fact]
        public void A_card_tapped_on_a_faulted_bin_shows_the_fault_again_once()
        {
            _bin.LoadCell.Unplug();
            _bin.Run(2000);
            int faults = _bin.Indicator.History.Count(p => p == IndicatorPattern.Fault);

            _bin.Reader.Present("04A1B2C3");
            _bin.Run(1000);
            _bin.Reader.Remove();
            _bin.Run(500);

            Assert.Equal(faults + 1, _bin.Indicator.History.Count(p => p == IndicatorPattern.Fault));
            Assert.False(_bin.Controller.Session.IsActive);
        }

        [Fact]
        public void Points_are_shown_only_for_the_latest_drop_off()
        {
            _mqtt.IsConnected = false;
            DropOff("04A1B2C3", 500);
            DropOff("04D4E5F6", 700);
            _mqtt.IsConnected = true;
            _bin.Run(1000);
            long[] seqs = Published("dropoff").Select(d => d.GetProperty("seq").GetInt64()).Distinct().ToArray();
            Assert.Equal(2, seqs.Length);

            Ack(seqs[0], "credited", 50);
            Assert.Null(_bin.Indicator.PointsShown);

            Ack(seqs[1], "credited", 70);
            Assert.Equal(70, _bin.Indicator.PointsShown);
        }

        private void Command(string json)
        {
            _bin.Deliver($"smartbin/v1/{BinId}/cmd", Encoding.UTF8.GetBytes(json));
            _bin.Run(100);
        }

        private void DropOff(string card, int grams) => _rig.DropOff(card, grams);

        private void Ack(long seq, string result, long points) => _rig.Ack(seq, result, points);

        private System.Collections.Generic.IEnumerable<JsonElement> Published(string leaf) => _rig.Published(leaf);
    }
}
