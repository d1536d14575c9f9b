using System;
using System.Linq;
using System.Text;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    public sealed class ConfigStoreTests
    {
        private const string Dir = "cfg";
        private readonly InMemoryFlashFileSystem _fs = new();

        private ConfigStore Loaded()
        {
            var store = new ConfigStore(_fs, Dir);
            store.Load();
            return store;
        }

        private static void Set(ConfigStore store, string key, string value)
        {
            Assert.True(store.TrySet(key, value, out string code, out string message), $"{key}={value}: {code} {message}");
        }

        [Fact]
        public void A_new_bin_loads_the_documented_defaults()
        {
            var store = Loaded();

            Assert.Equal(ConfigLoadOutcome.NothingStored, store.LoadOutcome);
            Assert.Equal(0, store.Generation);
            Assert.Equal(40, store.KeyCount);
            Assert.Equal(string.Empty, store.Get("bin.id"));
            Assert.Equal("MIXED", store.Get("bin.material"));
            Assert.Equal(1883, store.GetInt("mqtt.port"));
            Assert.False(store.GetBool("mqtt.tls"));
            Assert.Equal(0.0, store.GetNumber("cal.factor"));
            Assert.Equal(30000, store.GetInt("scale.maxGrams"));
            Assert.Equal(5, store.GetInt("scale.medianWindow"));
            Assert.Equal(150, store.GetInt("fill.fullMm"));
            Assert.Equal(500, store.GetInt("collect.nearZeroGrams"));
            Assert.False(store.IsDirty);
        }

        [Fact]
        public void Every_default_is_valid_on_its_own_and_together_and_every_key_has_help()
        {
            var store = Loaded();
            for (int i = 0; i < store.KeyCount; i++)
            {
                string key = store.KeyAt(i);
                string value = store.Get(key);
                Set(store, key, value);
                Assert.Equal(value, store.Get(key));
                Assert.StartsWith(key + ": ", store.Help(key));
                Assert.True(store.Help(key).Length > key.Length + 20, store.Help(key));
            }

            Assert.True(store.TrySave(out string code, out _), code);
        }

        [Theory]
        [InlineData("mqtt.port", "8883", "8883")]
        [InlineData("mqtt.port", "007", "7")]
        [InlineData("mqtt.tls", "ON", "true")]
        [InlineData("mqtt.tls", "0", "false")]
        [InlineData("bin.material", "pet", "PET")]
        [InlineData("bin.id", "bin-042", "bin-042")]
        [InlineData("bin.id", "", "")]
        [InlineData("cal.factor", "421.75", "421.75")]
        [InlineData("cal.offset", "-8388608", "-8388608")]
        [InlineData("scale.medianWindow", "15", "15")]
        [InlineData("pins.hx711Dout", "34", "34")]
        [InlineData("pins.led", "4", "4")]
        [InlineData("pins.distanceRx", "36", "36")]
        [InlineData("pins.distanceTx", "4", "4")]
        [InlineData("pins.hx711SpiClock", "13", "13")]
        [InlineData("wifi.ssid", "Café Wi-Fi ✓", "Café Wi-Fi ✓")]
        [InlineData("bin.community", "a=b", "a=b")]
        public void Valid_values_are_accepted_in_canonical_form(string key, string value, string stored)
        {
            var store = Loaded();
            bool changes = store.Get(key) != stored;

            Set(store, key, value);

            Assert.Equal(stored, store.Get(key));
            Assert.Equal(changes, store.IsDirty);
        }

        [Fact]
        public void Text_with_a_lone_surrogate_is_refused()
        {
            var store = Loaded();

            Assert.False(store.TrySet("wifi.ssid", "lone" + (char)0xD800, out string code, out _));
            Assert.Equal(ConfigError.InvalidValue, code);
            Assert.False(store.TrySet("wifi.ssid", (char)0xDC00 + "x", out code, out _));
            Assert.Equal(ConfigError.InvalidValue, code);
        }

        [Theory]
        [InlineData("no.such.key", "1", ConfigError.UnknownKey)]
        [InlineData("mqtt.port", "0", ConfigError.OutOfRange)]
        [InlineData("mqtt.port", "65536", ConfigError.OutOfRange)]
        [InlineData("mqtt.port", "99999999999", ConfigError.InvalidValue)]
        [InlineData("mqtt.port", "12a", ConfigError.InvalidValue)]
        [InlineData("mqtt.port", " 1883", ConfigError.InvalidValue)]
        [InlineData("mqtt.port", "+1883", ConfigError.InvalidValue)]
        [InlineData("mqtt.port", "", ConfigError.InvalidValue)]
        [InlineData("mqtt.tls", "maybe", ConfigError.InvalidValue)]
        [InlineData("bin.material", "GLASS", ConfigError.InvalidValue)]
        [InlineData("bin.id", "Bin-1", ConfigError.InvalidValue)]
        [InlineData("bin.id", "bin_1", ConfigError.InvalidValue)]
        [InlineData("bin.id", "ab", ConfigError.TooShort)]
        [InlineData("bin.id", "abcdefghijklmnopqrstuvwxyz0123456", ConfigError.TooLong)]
        [InlineData("bin.community", "two\nlines", ConfigError.InvalidValue)]
        [InlineData("wifi.ssid", "tab\there", ConfigError.InvalidValue)]
        [InlineData("wifi.ssid", "nul\0", ConfigError.InvalidValue)]
        [InlineData("wifi.ssid", "del\u007f", ConfigError.InvalidValue)]
        [InlineData("wifi.ssid", "c1\u0085", ConfigError.InvalidValue)]
        [InlineData("wifi.ssid", "ééééééééééééééééé", ConfigError.TooLong)]
        [InlineData("wifi.password", "short", ConfigError.TooShort)]
        [InlineData("mqtt.secret", "00000000001111111111222222222233333333334444444444555555555566666", ConfigError.TooLong)]
        [InlineData("scale.medianWindow", "4", ConfigError.InvalidValue)]
        [InlineData("scale.medianWindow", "17", ConfigError.OutOfRange)]
        [InlineData("scale.maxGrams", "999", ConfigError.OutOfRange)]
        [InlineData("scale.sampleRateHz", "81", ConfigError.OutOfRange)]
        [InlineData("scale.stableMs", "199", ConfigError.OutOfRange)]
        [InlineData("cal.factor", "-1", ConfigError.OutOfRange)]
        [InlineData("cal.factor", "1e3", ConfigError.InvalidValue)]
        [InlineData("cal.offset", "1.", ConfigError.InvalidValue)]
        [InlineData("cal.offset", ".5", ConfigError.InvalidValue)]
        [InlineData("cal.offset", "1,5", ConfigError.InvalidValue)]
        [InlineData("cal.offset", "1234567890.1234567", ConfigError.InvalidValue)]
        [InlineData("cal.version", "-1", ConfigError.OutOfRange)]
        [InlineData("pins.led", "40", ConfigError.OutOfRange)]
        [InlineData("pins.led", "6", ConfigError.InvalidValue)]
        [InlineData("pins.led", "1", ConfigError.InvalidValue)]
        [InlineData("pins.led", "20", ConfigError.InvalidValue)]
        [InlineData("pins.led", "34", ConfigError.InvalidValue)]
        [InlineData("pins.distanceTx", "34", ConfigError.InvalidValue)]
        [InlineData("pins.hx711SpiClock", "39", ConfigError.InvalidValue)]
        [InlineData("pins.distanceRx", "6", ConfigError.InvalidValue)]
        [InlineData("session.timeoutS", "9", ConfigError.OutOfRange)]
        [InlineData("session.settleTimeoutS", "61", ConfigError.OutOfRange)]
        [InlineData("telemetry.intervalS", "3601", ConfigError.OutOfRange)]
        [InlineData("fill.fullPercent", "101", ConfigError.OutOfRange)]
        [InlineData("fill.fullMm", "49", ConfigError.OutOfRange)]
        public void Invalid_values_are_refused_with_a_specific_code_and_change_nothing(string key, string value, string expectedCode)
        {
            var store = Loaded();
            string? before = store.IsKey(key) ? store.Get(key) : null;

            Assert.False(store.TrySet(key, value, out string code, out string message));

            Assert.Equal(expectedCode, code);
            Assert.Contains(expectedCode == ConfigError.UnknownKey ? "no key" : key, message);
            Assert.False(store.IsDirty);
            Assert.Equal(before, store.IsKey(key) ? store.Get(key) : null);
        }

        [Fact]
        public void Full_distance_must_be_below_empty_distance_at_save()
        {
            var store = Loaded();
            Set(store, "fill.fullMm", "1200");

            Assert.False(store.TrySave(out string code, out string message));
            Assert.Equal(ConfigError.Conflict, code);
            Assert.Contains("fill.fullMm", message);
            Assert.Empty(_fs.Paths);
            Assert.True(store.IsDirty);
            Assert.Throws<InvalidOperationException>(store.Save);

            Set(store, "fill.emptyMm", "1500");
            Assert.True(store.TrySave(out code, out _), code);
            Assert.Equal(1200, Loaded().GetInt("fill.fullMm"));
        }

        [Fact]
        public void Two_pins_on_one_gpio_conflict_at_save()
        {
            var store = Loaded();
            Set(store, "pins.buzzer", store.Get("pins.led"));

            Assert.False(store.TrySave(out string code, out string message));

            Assert.Equal(ConfigError.Conflict, code);
            Assert.Contains("pins.led and pins.buzzer", message);
        }

        [Fact]
        public void Secrets_are_never_echoed_back()
        {
            var store = Loaded();
            Assert.True(store.IsSecret("wifi.password"));
            Assert.True(store.IsSecret("mqtt.secret"));
            Assert.False(store.IsSecret("wifi.ssid"));
            Assert.Equal(string.Empty, store.Describe("wifi.password"));

            Set(store, "wifi.password", "correct horse battery");
            Set(store, "mqtt.secret", "s3cr3t");
            Set(store, "wifi.ssid", "town-hall");

            Assert.Equal("***", store.Describe("wifi.password"));
            Assert.Equal("***", store.Describe("mqtt.secret"));
            Assert.Equal("town-hall", store.Describe("wifi.ssid"));
            Assert.Equal("correct horse battery", store.Get("wifi.password"));
            Assert.DoesNotContain("s3cr3t", store.Help("mqtt.secret"));
        }

        [Fact]
        public void Changes_are_staged_until_save_then_survive_a_restart()
        {
            var store = Loaded();
            Set(store, "bin.id", "bin-007");
            Set(store, "cal.factor", "421.75");
            Assert.Equal(ConfigLoadOutcome.NothingStored, Loaded().LoadOutcome);

            store.Save();
            store.Save();

            var restarted = Loaded();
            Assert.Equal(ConfigLoadOutcome.Loaded, restarted.LoadOutcome);
            Assert.Equal(2, restarted.Generation);
            Assert.Equal("bin-007", restarted.Get("bin.id"));
            Assert.Equal(421.75, restarted.GetNumber("cal.factor"));
            Assert.False(store.IsDirty);
        }

        [Fact]
        public void Revert_drops_staged_changes()
        {
            var store = Loaded();
            Set(store, "mqtt.port", "8883");

            store.Revert();

            Assert.Equal("1883", store.Get("mqtt.port"));
            Assert.False(store.IsDirty);
        }

        [Fact]
        public void Factory_reset_restores_defaults_and_leaves_no_old_secret_on_flash()
        {
            var store = Loaded();
            Set(store, "mqtt.secret", "s3cr3t-value");
            Set(store, "bin.id", "bin-001");
            store.Save();

            store.FactoryReset();

            var restarted = Loaded();
            Assert.Equal(string.Empty, restarted.Get("bin.id"));
            Assert.Equal(string.Empty, restarted.Get("mqtt.secret"));
            Assert.Equal(2, restarted.Generation);
            foreach (string path in _fs.Paths)
            {
                Assert.DoesNotContain("s3cr3t", Encoding.UTF8.GetString(_fs.ReadAll(path)!));
            }
        }

        [Fact]
        public void Saving_before_loading_is_a_programming_error()
        {
            var store = new ConfigStore(_fs, Dir);

            Assert.Throws<InvalidOperationException>(() => store.TrySave(out _, out _));
            Assert.Empty(_fs.Paths);
        }

        [Fact]
        public void Unknown_keys_in_code_are_a_programming_error()
        {
            var store = Loaded();

            Assert.Throws<ArgumentException>(() => store.Get("mqtt.prot"));
            Assert.Throws<ArgumentException>(() => store.GetInt("bin.id"));
            Assert.Throws<ArgumentException>(() => store.GetBool("mqtt.port"));
        }

        [Fact]
        public void The_stored_text_is_line_based_with_header_and_crc_trailer()
        {
            var store = Loaded();
            Set(store, "bin.id", "bin-9");
            store.Save();

            string text = Encoding.UTF8.GetString(_fs.ReadAll("cfg/config.a")!);
            string[] lines = text.Split('\n');

            Assert.Equal("smartbin-config 2 1", lines[0]);
            Assert.Contains("bin.id=bin-9", lines);
            Assert.Matches("^crc=[0-9a-f]{8}$", lines[^2]);
            Assert.Equal(string.Empty, lines[^1]);
            Assert.Equal(text, Encoding.UTF8.GetString(_fs.ReadAll("cfg/config.b")!));
        }

        [Fact]
        public void Unknown_or_refused_lines_on_flash_are_ignored_and_counted()
        {
            string body = "smartbin-config 2 5\nbin.id=bin-3\nretired.key=1\nmqtt.port=0\nno equals sign\n";
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            string trailer = "crc=" + Crc32.Compute(bytes, 0, bytes.Length).ToString("x8") + "\n";
            _fs.CreateDirectory(Dir);
            _fs.Plant("cfg/config.a", [.. bytes, .. Encoding.UTF8.GetBytes(trailer)]);

            var store = Loaded();

            Assert.Equal(ConfigLoadOutcome.Loaded, store.LoadOutcome);
            Assert.Equal(5, store.Generation);
            Assert.Equal(2, store.StoredSchemaVersion);
            Assert.Equal("bin-3", store.Get("bin.id"));
            Assert.Equal("1883", store.Get("mqtt.port"));
            Assert.Equal(3, store.IgnoredLineCount);
        }
    }
}
