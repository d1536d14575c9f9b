using System;
using System.Linq;
using System.Text;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>A config saved by the schema 1 firmware (37 keys) loads under today's table without loss.</summary>
    public sealed class ConfigSchemaUpgradeTests
    {
        private const string Dir = "cfg";
        private static readonly string[] KeysAddedInSchema2 = ["pins.hx711SpiClock", "pins.distanceRx", "pins.distanceTx"];

        /// <summary>Every line schema 1 wrote, in its order, with a provisioned bin's values (not the defaults).</summary>
        private static readonly string[] SchemaOneLines =
        [
            "bin.id=bin-042", "bin.community=Oak Court", "bin.material=PET", "wifi.ssid=town-hall",
            "wifi.password=correct horse battery", "mqtt.host=gw.local", "mqtt.port=8883", "mqtt.tls=true",
            "mqtt.secret=s3cr3t", "scale.maxGrams=60000", "scale.eGrams=20", "scale.sampleRateHz=80",
            "scale.medianWindow=7", "scale.averageWindow=8", "scale.stableMs=1500", "cal.offset=-8123.5",
            "cal.factor=421.75", "cal.version=3", "pins.hx711Sck=32", "pins.hx711Dout=35", "pins.rc522Cs=21",
            "pins.rc522Rst=22", "pins.rc522Sck=18", "pins.rc522Mosi=23", "pins.rc522Miso=19", "pins.consoleTx=4",
            "pins.consoleRx=13", "pins.led=25", "pins.buzzer=27", "telemetry.intervalS=120", "session.timeoutS=90",
            "session.settleTimeoutS=12", "fill.emptyMm=1200", "fill.fullMm=200", "fill.fullPercent=85",
            "fill.persistS=600", "collect.nearZeroGrams=700",
        ];

        private readonly InMemoryFlashFileSystem _fs = new();

        private void PlantSchemaOne(string[] lines, int generation)
        {
            string body = "smartbin-config 1 " + generation + "\n" + string.Join("", lines.Select(l => l + "\n"));
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            byte[] trailer = Encoding.UTF8.GetBytes("crc=" + Crc32.Compute(bytes, 0, bytes.Length).ToString("x8") + "\n");
            _fs.CreateDirectory(Dir);
            _fs.Plant("cfg/config.a", [.. bytes, .. trailer]);
            _fs.Plant("cfg/config.b", [.. bytes, .. trailer]);
        }

        private ConfigStore Loaded()
        {
            var store = new ConfigStore(_fs, Dir);
            store.Load();
            return store;
        }

        [Fact]
        public void The_fixture_is_exactly_the_schema_one_key_set()
        {
            var today = ConfigSchema.Keys.Select(k => k.Name).Except(KeysAddedInSchema2).OrderBy(n => n, StringComparer.Ordinal);
            var fixture = SchemaOneLines.Select(l => l[..l.IndexOf('=')]).OrderBy(n => n, StringComparer.Ordinal);

            Assert.Equal(37, SchemaOneLines.Length);
            Assert.Equal(today, fixture);
        }

        [Fact]
        public void A_schema_one_copy_loads_every_stored_value_and_defaults_the_new_keys()
        {
            PlantSchemaOne(SchemaOneLines, 7);

            var store = Loaded();

            Assert.Equal(ConfigLoadOutcome.Loaded, store.LoadOutcome);
            Assert.Equal(0, store.CorruptCopyCount);
            Assert.Equal(0, store.IgnoredLineCount);
            Assert.Equal(1, store.StoredSchemaVersion);
            Assert.Equal(7, store.Generation);
            foreach (string line in SchemaOneLines)
            {
                int equals = line.IndexOf('=');
                Assert.Equal(line[(equals + 1)..], store.Get(line[..equals]));
            }

            Assert.Equal(14, store.GetInt("pins.hx711SpiClock"));
            Assert.Equal(26, store.GetInt("pins.distanceRx"));
            Assert.Equal(33, store.GetInt("pins.distanceTx"));
            Assert.False(store.IsDirty);
            Assert.True(store.TryValidateTogether(out string code, out string message), code + " " + message);
        }

        [Fact]
        public void Saving_an_upgraded_config_writes_schema_two_with_every_value_and_a_higher_generation()
        {
            PlantSchemaOne(SchemaOneLines, 7);
            var store = Loaded();
            Assert.True(store.TrySet("pins.distanceRx", "36", out string code, out _), code);

            store.Save();

            var restarted = Loaded();
            Assert.Equal(ConfigSchema.SchemaVersion, restarted.StoredSchemaVersion);
            Assert.Equal(8, restarted.Generation);
            Assert.Equal(36, restarted.GetInt("pins.distanceRx"));
            Assert.Equal("s3cr3t", restarted.Get("mqtt.secret"));
            Assert.Equal(-8123.5, restarted.GetNumber("cal.offset"));
            Assert.StartsWith("smartbin-config 2 8\n", Encoding.UTF8.GetString(_fs.ReadAll("cfg/config.b")!));
        }

        [Fact]
        public void An_old_pin_choice_on_a_new_default_gpio_is_kept_and_reported_as_a_conflict()
        {
            string[] lines = SchemaOneLines.Select(l => l == "pins.led=25" ? "pins.led=26" : l).ToArray();
            PlantSchemaOne(lines, 3);

            var store = Loaded();

            Assert.Equal(26, store.GetInt("pins.led"));
            Assert.Equal(26, store.GetInt("pins.distanceRx"));
            Assert.False(store.TryValidateTogether(out string code, out string message));
            Assert.Equal(ConfigError.Conflict, code);
            Assert.Contains("pins.led and pins.distanceRx", message);
            Assert.False(store.TrySave(out code, out _));
            Assert.Equal(3, Loaded().Generation);

            Assert.True(store.TrySet("pins.distanceRx", "36", out code, out _), code);
            Assert.True(store.TrySave(out code, out _), code);
            Assert.Equal(26, Loaded().GetInt("pins.led"));
        }

        [Fact]
        public void The_new_pin_defaults_collide_with_no_other_pin()
        {
            var pins = ConfigSchema.Keys.Where(k => k.Type == ConfigValueType.Pin).Select(k => k.DefaultValue).ToArray();

            Assert.Equal(pins.Length, pins.Distinct().Count());
            Assert.True(ConfigValidator.TryValidateTogether(ConfigSchema.Keys, ConfigSchema.Keys.Select(k => k.DefaultValue).ToArray(), out string code, out _), code);
        }
    }
}
