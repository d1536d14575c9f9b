using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Console;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Console
{
    /// <summary>Every command in docs/console.md, through the real console over a virtual bin.</summary>
    public sealed class ConsoleCommandTests
    {
        private readonly InMemoryFlashFileSystem _flash = new();
        private readonly InMemoryMqttLink _mqtt = new();
        private readonly VirtualBin _bin;

        public ConsoleCommandTests()
        {
            _bin = new VirtualBin(_flash, _mqtt, seed: 3);
            _bin.Boot();
            _bin.Provision("xiahang-0002", "xiahang", "HDPE", "127.0.0.1", 1883);
            _bin.Run(3000);
        }

        [Fact]
        public void Help_lists_every_command_of_the_doc()
        {
            JsonElement help = Json("help");
            string doc = System.IO.File.ReadAllText(RepoPaths.File("docs/console.md"));
            foreach (JsonElement command in help.GetProperty("commands").EnumerateArray())
            {
                Assert.Contains("`" + command.GetString(), doc);
            }

            Assert.Equal(14, help.GetProperty("commands").GetArrayLength());
        }

        [Fact]
        public void Status_reports_identity_readiness_and_state()
        {
            JsonElement status = Json("status");
            Assert.Equal("xiahang-0002", status.GetProperty("bin").GetString());
            Assert.True(status.GetProperty("ready").GetBoolean());
            Assert.Equal("idle", status.GetProperty("session").GetString());
            Assert.Equal(200, status.GetProperty("outboxCap").GetInt32());
        }

        [Fact]
        public void Weight_reports_the_load_and_tare_zeroes_a_small_one_but_refuses_a_large_one()
        {
            _bin.LoadCell.SetLoadGrams(500);
            _bin.Run(3000);
            JsonElement weight = Json("weight");
            Assert.InRange(weight.GetProperty("weightG").GetInt32(), 490, 510);
            Assert.True(weight.GetProperty("stable").GetBoolean());

            Assert.Equal("ok", One("tare"));
            _bin.Run(500);
            Assert.InRange(Json("weight").GetProperty("weightG").GetInt32(), -10, 10);

            _bin.LoadCell.SetLoadGrams(5000);
            _bin.Run(3000);
            Assert.StartsWith("error out-of-zero-range", One("tare"));
        }

        [Fact]
        public void Tare_is_refused_while_the_weight_moves()
        {
            _bin.LoadCell.SetLoadGrams(300);
            _bin.Run(500);
            Assert.False(Json("weight").GetProperty("stable").GetBoolean());
            Assert.StartsWith("error unstable", One("tare"));
        }

        [Fact]
        public void A_point_whose_fit_fails_is_dropped_so_the_next_right_weight_still_fits()
        {
            Assert.Equal("ok", One("calibrate clear"));
            _bin.LoadCell.SetLoadGrams(0);
            _bin.Run(2000);
            Json("calibrate 0");

            // The operator announces 20 kg but forgot to put it on: the fit fails and the point must not stay.
            Assert.StartsWith("error factor-", One("calibrate 20000"));

            _bin.LoadCell.SetLoadGrams(20_000);
            _bin.Run(3000);
            JsonElement fitted = Json("calibrate 20000");
            Assert.True(fitted.GetProperty("fitted").GetBoolean());
            Assert.Equal(2, fitted.GetProperty("points").GetInt32());
            Assert.InRange(fitted.GetProperty("countsPerKg").GetInt32(), 115_000, 115_800);
            Assert.Equal("ok", One("calibrate done"));
        }

        [Fact]
        public void Calibrate_reports_collects_points_fits_and_stages_the_result()
        {
            JsonElement current = Json("calibrate");
            int version = current.GetProperty("version").GetInt32();
            Assert.True(version >= 1);

            Assert.Equal("ok", One("calibrate clear"));
            _bin.LoadCell.SetLoadGrams(0);
            _bin.Run(2000);
            Assert.False(Json("calibrate 0").GetProperty("fitted").GetBoolean());
            _bin.LoadCell.SetLoadGrams(20_000);
            _bin.Run(3000);
            JsonElement fitted = Json("calibrate 20000");
            Assert.True(fitted.GetProperty("fitted").GetBoolean());
            Assert.Equal(version + 1, fitted.GetProperty("version").GetInt32());
            Assert.InRange(fitted.GetProperty("countsPerKg").GetInt32(), 115_000, 115_800);
            Assert.Equal((version + 1).ToString(), Json("set cal.version").GetProperty("cal.version").GetString());
            Assert.StartsWith("error bad-args", One("calibrate ten"));

            // Service mode: taking the reference off is no collection, and cards wait until done.
            _bin.LoadCell.SetLoadGrams(0);
            _bin.Run(3000);
            _bin.Reader.Present("04A1B2C3");
            _bin.Run(300);
            Assert.False(_bin.Controller.Session.IsActive);
            _bin.Reader.Remove();
            Assert.Equal("ok", One("calibrate done"));
            _bin.Run(1500);
            _bin.Reader.Present("04A1B2C3");
            _bin.Run(300);
            Assert.True(_bin.Controller.Session.IsActive);
            Assert.Equal(0, _bin.Controller.Outbox.Count);
        }

        [Fact]
        public void Card_reports_the_last_card_read()
        {
            Assert.Equal(string.Empty, Json("card").GetProperty("card").GetString());
            _bin.Reader.Present("04A1B2C3");
            _bin.Run(300);
            Assert.Equal("04A1B2C3", Json("card").GetProperty("card").GetString());
        }

        [Fact]
        public void Outbox_reports_depth_capacity_and_sequences()
        {
            JsonElement outbox = Json("outbox");
            Assert.Equal(200, outbox.GetProperty("capacity").GetInt32());
            Assert.True(outbox.GetProperty("nextSeq").GetInt64() >= 1);
        }

        [Fact]
        public void Selftest_reports_each_part_and_fails_when_the_scale_is_gone()
        {
            JsonElement ok = Json("selftest");
            Assert.True(ok.GetProperty("ok").GetBoolean());
            Assert.Equal("connected", ok.GetProperty("mqtt").GetString());

            _bin.LoadCell.Unplug();
            _bin.Run(1000);
            JsonElement failed = Json("selftest");
            Assert.False(failed.GetProperty("ok").GetBoolean());
            Assert.Equal("fail", failed.GetProperty("scale").GetString());
        }

        [Fact]
        public void Set_reports_all_one_or_stages_a_value_and_never_echoes_secrets()
        {
            JsonElement all = Json("set");
            Assert.Equal("***", all.GetProperty("mqtt.secret").GetString());
            Assert.Equal("HDPE", all.GetProperty("bin.material").GetString());
            Assert.Equal("ok", One("set wifi.password hunter2-very-secret"));
            Assert.Equal("***", Json("set wifi.password").GetProperty("wifi.password").GetString());
            Assert.DoesNotContain("hunter2", string.Join("\n", _bin.Type("set")));

            Assert.Equal("ok", One("set wifi.ssid \" Baiyun Guest \""));
            Assert.Equal(" Baiyun Guest ", Json("set wifi.ssid").GetProperty("wifi.ssid").GetString());
            Assert.Equal("ok", One("set bin.community \"\""));
            Assert.Equal(string.Empty, Json("set bin.community").GetProperty("bin.community").GetString());
            Assert.StartsWith("error unknown-key", One("set no.such.key 1"));
            Assert.StartsWith("error out-of-range", One("set mqtt.port 70000"));
        }

        [Fact]
        public void Save_keeps_staged_values_across_a_reboot_and_unsaved_ones_are_lost()
        {
            Assert.Equal("ok", One("set telemetry.intervalS 120"));
            Assert.Equal("ok", One("save"));
            Assert.Equal("ok", One("set session.timeoutS 30"));
            Assert.Equal("ok", One("reboot"));
            Assert.Equal("120", Json("set telemetry.intervalS").GetProperty("telemetry.intervalS").GetString());
            Assert.NotEqual("30", Json("set session.timeoutS").GetProperty("session.timeoutS").GetString());
        }

        [Fact]
        public void Reboot_restarts_the_controller_over_the_same_flash()
        {
            int boots = _bin.BootCount;
            Assert.Equal("ok", One("reboot"));
            Assert.Equal(boots + 1, _bin.BootCount);
            Assert.Equal("xiahang-0002", Json("status").GetProperty("bin").GetString());
        }

        [Fact]
        public void Factory_reset_needs_confirmation_then_erases_settings_but_never_reuses_sequences()
        {
            long nextSeq = Json("outbox").GetProperty("nextSeq").GetInt64();
            Assert.StartsWith("error confirm-required", One("factory-reset"));
            Assert.Equal("xiahang-0002", Json("status").GetProperty("bin").GetString());

            Assert.Equal("ok", One("factory-reset yes"));
            Assert.Equal(string.Empty, Json("status").GetProperty("bin").GetString());
            Assert.False(Json("status").GetProperty("ready").GetBoolean());
            Assert.True(Json("outbox").GetProperty("nextSeq").GetInt64() >= nextSeq);
            Assert.Equal(0, Json("outbox").GetProperty("depth").GetInt32());
        }

        [Fact]
        public void Backlog_runs_commands_in_order_and_stops_at_the_first_error()
        {
            var replies = _bin.Type("backlog set fill.persistS 60; set fill.fullPercent 85; save");
            Assert.Equal(new[] { "ok", "ok", "ok" }, replies);

            replies = _bin.Type("backlog set fill.persistS 30; set fill.fullPercent 999; set telemetry.intervalS 90; save");
            Assert.Equal(3, replies.Count);
            Assert.Equal("ok", replies[0]);
            Assert.StartsWith("error out-of-range", replies[1]);
            Assert.Equal("error backlog-aborted 2 not run", replies[2]);
            Assert.Equal("60", Json("set telemetry.intervalS").GetProperty("telemetry.intervalS").GetString());
            Assert.StartsWith("error bad-args", One("backlog backlog status"));
        }

        [Fact]
        public void A_request_id_prefixes_every_reply_line()
        {
            var replies = _bin.Type("@p17 backlog status; weight");
            Assert.Equal(2, replies.Count);
            Assert.All(replies, r => Assert.StartsWith("@p17 {", r));
            Assert.StartsWith("error bad-id", One("@bad!id status"));
        }

        [Fact]
        public void Bad_lines_get_a_specific_error_and_are_counted()
        {
            Assert.StartsWith("error unknown-command", One("format-disk"));
            Assert.StartsWith("error too-long", One(new string('x', 300)));
            Assert.StartsWith("error bad-char", One("sta\u0001tus"));
            byte[] badUtf8 = { (byte)'s', 0xC0, 0xAF, (byte)'\n' };
            var replies = FeedRaw(badUtf8);
            Assert.StartsWith("error bad-utf8", Assert.Single(replies));
            Assert.Equal(3, Json("status").GetProperty("rejectedLines").GetInt32());
        }

        private string[] FeedRaw(byte[] bytes)
        {
            var output = new System.Collections.Generic.List<string>();
            void Capture(string line) => output.Add(line);
            _bin.ConsoleReply += Capture;
            _bin.Console.Feed(bytes, 0, bytes.Length);
            _bin.ConsoleReply -= Capture;
            return output.ToArray();
        }

        private string One(string line) => Assert.Single(_bin.Type(line));

        private JsonElement Json(string line)
        {
            string reply = One(line);
            Assert.StartsWith("{", reply);
            return JsonDocument.Parse(reply).RootElement;
        }
    }
}
