namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The config key table. Pin defaults suit an ESP32 DevKit (WROOM-32) and keep off GPIO1/3 (COM1, the
    /// nanoFramework debugger), GPIO6..11 (SPI flash) and the strapping pins 0, 2, 5, 12 and 15:
    /// RC522 on the VSPI pins (SCK 18, MISO 19, MOSI 23) with CS 21 and RST 22; HX711 SCK 32 and DOUT 35
    /// (input-only pin, the HX711 drives it); console on COM2 at the usual UART2 pins TX 17 / RX 16
    /// (WROVER modules use 16/17 for PSRAM: move the console, e.g. to TX 4 / RX 13); LED 25; buzzer 27;
    /// the HX711 bus's unwired SPI clock 14; distance sensor on COM3, RX 26 / TX 33.
    /// </summary>
    public static class ConfigSchema
    {
        /// <summary>
        /// Version of the key table written into every saved copy. 2 added <c>pins.hx711SpiClock</c>,
        /// <c>pins.distanceRx</c> and <c>pins.distanceTx</c>. Any version loads: keys a copy lacks take their
        /// defaults and keys this table lacks are ignored, so a version only records what wrote the copy.
        /// </summary>
        public const int SchemaVersion = 2;

        /// <summary>Materials a bin may collect (<c>bin.material</c>).</summary>
        public static readonly string[] Materials = new string[] { "PET", "HDPE", "PP", "LDPE", "PS", "MIXED" };

        private static readonly string[] NoChoices = new string[0];

        /// <summary>Every key, in the order the console lists them and the store saves them.</summary>
        public static readonly ConfigKey[] Keys = BuildKeys();

        /// <summary>Position of <paramref name="name"/> in <see cref="Keys"/>, or -1.</summary>
        public static int IndexOf(string name)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static ConfigKey[] BuildKeys()
        {
            return new ConfigKey[]
            {
                Text("bin.id", "", 3, 32, ConfigKey.RuleIdentifier, false, "bin identity: a-z 0-9 -, 3..32 chars; empty = unprovisioned"),
                Text("bin.community", "", 0, 32, ConfigKey.RuleNone, false, "community the bin serves"),
                new ConfigKey("bin.material", ConfigValueType.Choice, "MIXED", 0, 0, Materials, ConfigKey.RuleNone, false,
                    "plastic stream collected: PET, HDPE, PP, LDPE, PS or MIXED"),
                Text("wifi.ssid", "", 0, 32, ConfigKey.RuleNone, false, "Wi-Fi network name"),
                Text("wifi.password", "", 8, 64, ConfigKey.RuleNone, true, "Wi-Fi WPA2 passphrase, 8..64 chars; empty = open network"),
                Text("mqtt.host", "", 0, 64, ConfigKey.RuleNone, false, "gateway MQTT broker host name or address"),
                Int("mqtt.port", "1883", 1, 65535, ConfigKey.RuleNone, "gateway MQTT broker TCP port (8883 with TLS)"),
                new ConfigKey("mqtt.tls", ConfigValueType.Boolean, "false", 0, 0, NoChoices, ConfigKey.RuleNone, false,
                    "connect to the broker over TLS"),
                Text("mqtt.secret", "", 0, 64, ConfigKey.RuleNone, true, "per-bin MQTT secret issued at provisioning"),
                Int("scale.maxGrams", "30000", 1000, 300000, ConfigKey.RuleNone, "scale capacity Max, grams"),
                Int("scale.eGrams", "10", 1, 1000, ConfigKey.RuleNone, "verification scale interval e, grams"),
                Int("scale.sampleRateHz", "10", 1, 80, ConfigKey.RuleNone, "HX711 output rate, samples per second (10 or 80)"),
                Int("scale.medianWindow", "5", 1, 15, ConfigKey.RuleOdd, "median filter window, samples (odd)"),
                Int("scale.averageWindow", "4", 1, 32, ConfigKey.RuleNone, "moving average window, samples"),
                Int("scale.stableMs", "1000", 200, 5000, ConfigKey.RuleNone, "time within 1 e before a weight is stable, ms"),
                Number("cal.offset", "0", ConfigKey.RuleNone, "calibration zero offset, ADC counts"),
                Number("cal.factor", "0", ConfigKey.RuleNonNegative, "calibration factor, counts per gram; 0 = uncalibrated"),
                Int("cal.version", "0", 0, int.MaxValue, ConfigKey.RuleNone, "calibration version, raised at every calibration"),
                Pin("pins.hx711Sck", "32", ConfigKey.RuleOutputPin, "HX711 PD_SCK GPIO"),
                Pin("pins.hx711Dout", "35", ConfigKey.RuleNone, "HX711 DOUT GPIO (input-only pins allowed)"),
                Pin("pins.hx711SpiClock", "14", ConfigKey.RuleOutputPin, "HX711 SPI2 clock GPIO: not wired, the SPI bus needs one"),
                Pin("pins.rc522Cs", "21", ConfigKey.RuleOutputPin, "MFRC522 SPI chip select GPIO"),
                Pin("pins.rc522Rst", "22", ConfigKey.RuleOutputPin, "MFRC522 reset GPIO"),
                Pin("pins.rc522Sck", "18", ConfigKey.RuleOutputPin, "MFRC522 SPI clock GPIO (VSPI)"),
                Pin("pins.rc522Mosi", "23", ConfigKey.RuleOutputPin, "MFRC522 SPI MOSI GPIO (VSPI)"),
                Pin("pins.rc522Miso", "19", ConfigKey.RuleNone, "MFRC522 SPI MISO GPIO (VSPI)"),
                Pin("pins.consoleTx", "17", ConfigKey.RuleOutputPin, "operator console (COM2) TX GPIO"),
                Pin("pins.consoleRx", "16", ConfigKey.RuleNone, "operator console (COM2) RX GPIO"),
                Pin("pins.led", "25", ConfigKey.RuleOutputPin, "status LED GPIO"),
                Pin("pins.buzzer", "27", ConfigKey.RuleOutputPin, "buzzer GPIO"),
                Pin("pins.distanceRx", "26", ConfigKey.RuleNone, "distance sensor UART (COM3) RX GPIO, from the sensor's TX"),
                Pin("pins.distanceTx", "33", ConfigKey.RuleOutputPin, "distance sensor UART (COM3) TX GPIO, to the sensor's RX (idles high: processed output mode)"),
                Int("telemetry.intervalS", "60", 10, 3600, ConfigKey.RuleNone, "telemetry period, seconds"),
                Int("session.timeoutS", "60", 10, 600, ConfigKey.RuleNone, "session ends after this long without a drop, seconds"),
                Int("session.settleTimeoutS", "10", 2, 60, ConfigKey.RuleNone, "longest wait for a stable weight after an item, seconds"),
                Int("fill.emptyMm", "1000", 100, 3000, ConfigKey.RuleNone, "distance sensor to floor of an empty bin, mm"),
                Int("fill.fullMm", "150", 50, 3000, ConfigKey.RuleNone, "distance sensor to contents of a full bin, mm (< fill.emptyMm)"),
                Int("fill.fullPercent", "90", 50, 100, ConfigKey.RuleNone, "fill level that counts as full, percent"),
                Int("fill.persistS", "300", 0, 3600, ConfigKey.RuleNone, "fill must stay above full this long before the full event, seconds"),
                Int("collect.nearZeroGrams", "500", 0, 10000, ConfigKey.RuleNone, "net weight below which a sharp fall counts as emptied, grams"),
            };
        }

        private static ConfigKey Text(string name, string defaultValue, int minBytes, int maxBytes, int rules, bool secret, string description)
        {
            return new ConfigKey(name, ConfigValueType.Text, defaultValue, minBytes, maxBytes, NoChoices, rules, secret, description);
        }

        private static ConfigKey Int(string name, string defaultValue, long min, long max, int rules, string description)
        {
            return new ConfigKey(name, ConfigValueType.Integer, defaultValue, min, max, NoChoices, rules, false, description);
        }

        private static ConfigKey Number(string name, string defaultValue, int rules, string description)
        {
            return new ConfigKey(name, ConfigValueType.Decimal, defaultValue, 0, 0, NoChoices, rules, false, description);
        }

        private static ConfigKey Pin(string name, string defaultValue, int rules, string description)
        {
            return new ConfigKey(name, ConfigValueType.Pin, defaultValue, 0, 39, NoChoices, rules, false, description);
        }
    }
}
