using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The bin's settings: typed keys from <see cref="ConfigSchema"/>, validated on every set, staged in RAM and
    /// written atomically by <see cref="Save"/> as a <see cref="MirroredFile"/> (<c>config.a</c>/<c>config.b</c>,
    /// each a complete <see cref="ConfigCodec"/> copy with generation and CRC). A cut at any write leaves the old
    /// or the new config whole, never a mix. Secrets are stored (in plain text: the flash is not encrypted) but
    /// never echoed back: <see cref="Describe"/> shows them as <c>***</c>.
    /// </summary>
    public sealed class ConfigStore
    {
        private readonly IFlashFileSystem _fs;
        private readonly string _directory;
        private readonly MirroredFile _file;
        private readonly ConfigKey[] _keys;
        private readonly string[] _values;
        private readonly string[] _saved;
        private readonly byte[] _buffer;
        private bool _directoryReady;

        /// <summary>Creates a store holding defaults; <see cref="Load"/> reads what is on flash.</summary>
        public ConfigStore(IFlashFileSystem fs, string directory)
        {
            _fs = fs;
            _directory = directory;
            _file = new MirroredFile(fs, directory, "config");
            _keys = ConfigSchema.Keys;
            _values = new string[_keys.Length];
            _saved = new string[_keys.Length];
            _buffer = new byte[ConfigCodec.BufferBytes(_keys)];
            SetDefaults(_values);
            SetDefaults(_saved);
        }

        /// <summary>Generation of the config in force: raised by every save, 0 when nothing was ever saved.</summary>
        public int Generation { get; private set; }

        /// <summary>What the last <see cref="Load"/> found.</summary>
        public ConfigLoadOutcome LoadOutcome { get; private set; }

        /// <summary>Copies found corrupt by the last <see cref="Load"/>.</summary>
        public int CorruptCopyCount { get; private set; }

        /// <summary>Lines of the loaded copy ignored: unknown key, no <c>=</c>, or a value today's rules refuse.</summary>
        public int IgnoredLineCount { get; private set; }

        /// <summary>Schema version of the loaded copy (0 when defaults).</summary>
        public int StoredSchemaVersion { get; private set; }

        /// <summary>Number of keys.</summary>
        public int KeyCount
        {
            get { return _keys.Length; }
        }

        /// <summary>True when a set value has not been saved yet.</summary>
        public bool IsDirty
        {
            get
            {
                for (int i = 0; i < _values.Length; i++)
                {
                    if (_values[i] != _saved[i])
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Name of key <paramref name="index"/> (table order).</summary>
        public string KeyAt(int index)
        {
            return _keys[index].Name;
        }

        /// <summary>True when <paramref name="key"/> exists.</summary>
        public bool IsKey(string key)
        {
            return ConfigSchema.IndexOf(key) >= 0;
        }

        /// <summary>
        /// Reads the newest valid copy; unknown keys are ignored and missing ones take their defaults. Falls back to
        /// defaults when nothing is stored or every copy is corrupt (see <see cref="LoadOutcome"/>).
        /// </summary>
        public void Load()
        {
            SetDefaults(_values);
            Generation = 0;
            CorruptCopyCount = 0;
            IgnoredLineCount = 0;
            StoredSchemaVersion = 0;
            int present = 0;
            string[]? best = null;
            for (int copy = 0; copy < MirroredFile.CopyCount; copy++)
            {
                byte[]? data = _file.Read(copy);
                if (data == null)
                {
                    continue;
                }

                present++;
                int generation;
                int schemaVersion;
                string[]? lines = ConfigCodec.TryDecode(data, out generation, out schemaVersion);
                if (lines == null)
                {
                    CorruptCopyCount++;
                }
                else if (generation > Generation)
                {
                    best = lines;
                    Generation = generation;
                    StoredSchemaVersion = schemaVersion;
                }
            }

            if (best != null)
            {
                Apply(best);
            }

            LoadOutcome = Outcome(present, best != null, CorruptCopyCount);
            System.Array.Copy(_values, _saved, _values.Length);
        }

        /// <summary>Current value of <paramref name="key"/>, saved or not; includes secrets (internal use only).</summary>
        public string Get(string key)
        {
            return _values[Require(key)];
        }

        /// <summary>Value of an integer or pin key.</summary>
        public int GetInt(string key)
        {
            int value;
            if (!NumberText.TryParseInt(Get(key), out value))
            {
                throw new System.ArgumentException("not an integer key: " + key, "key");
            }

            return value;
        }

        /// <summary>Value of a boolean key.</summary>
        public bool GetBool(string key)
        {
            int at = Require(key);
            if (_keys[at].Type != ConfigValueType.Boolean)
            {
                throw new System.ArgumentException("not a boolean key: " + key, "key");
            }

            return _values[at] == "true";
        }

        /// <summary>Value of a decimal or integer key.</summary>
        public double GetNumber(string key)
        {
            return NumberText.ParseDecimal(Get(key));
        }

        /// <summary>True for keys whose value is never shown.</summary>
        public bool IsSecret(string key)
        {
            return _keys[Require(key)].IsSecret;
        }

        /// <summary>Value for display: a secret shows as <c>***</c> when set and empty when not.</summary>
        public string Describe(string key)
        {
            int at = Require(key);
            if (!_keys[at].IsSecret)
            {
                return _values[at];
            }

            return _values[at].Length > 0 ? "***" : string.Empty;
        }

        /// <summary>One help line: type and bounds, default, and what the key is for.</summary>
        public string Help(string key)
        {
            ConfigKey k = _keys[Require(key)];
            string shown = k.IsSecret ? "secret " : string.Empty;
            string fallback = k.DefaultValue.Length == 0 ? "empty" : k.DefaultValue;
            return k.Name + ": " + shown + TypeText(k) + ", default " + fallback + "; " + k.Description;
        }

        /// <summary>
        /// Stages a new value in RAM (persisted by <see cref="Save"/>). On failure nothing changes and
        /// <paramref name="errorCode"/> is one of <see cref="ConfigError"/>.
        /// </summary>
        public bool TrySet(string key, string value, out string errorCode, out string errorMessage)
        {
            int at = ConfigSchema.IndexOf(key);
            if (at < 0)
            {
                errorCode = ConfigError.UnknownKey;
                errorMessage = "no key named " + (ConfigValidator.IsPrintable(key) ? key : "(unprintable)");
                return false;
            }

            string canonical;
            if (!ConfigValidator.TryValidate(_keys[at], value, out canonical, out errorCode, out errorMessage))
            {
                return false;
            }

            _values[at] = canonical;
            return true;
        }

        /// <summary>
        /// Checks the rules across keys, then writes both copies; false (nothing written) on a conflict.
        /// <see cref="Load"/> must have run.
        /// </summary>
        public bool TrySave(out string errorCode, out string errorMessage)
        {
            if (LoadOutcome == ConfigLoadOutcome.NotLoaded)
            {
                // Saving blind would write generation 1 and could hide a newer stored config behind it.
                throw new System.InvalidOperationException("config: Load before Save");
            }

            if (!ConfigValidator.TryValidateTogether(_keys, _values, out errorCode, out errorMessage))
            {
                return false;
            }

            if (!_directoryReady)
            {
                _fs.CreateDirectory(_directory);
                _directoryReady = true;
            }

            int generation = Generation + 1;
            int length = ConfigCodec.Encode(_keys, _values, generation, _buffer);
            _file.Write(_buffer, length);
            Generation = generation;
            System.Array.Copy(_values, _saved, _values.Length);
            return true;
        }

        /// <summary>
        /// Checks the rules across keys (the ones <see cref="TrySave"/> enforces) on the values in force, without
        /// saving. A copy saved by an older schema can load into a conflict: a GPIO the operator chose may be a new
        /// key's default. Its values are kept as stored (no data loss); the device checks this at boot before it
        /// claims any pin, and <c>save</c> refuses until the operator moves one of the two.
        /// </summary>
        public bool TryValidateTogether(out string errorCode, out string errorMessage)
        {
            return ConfigValidator.TryValidateTogether(_keys, _values, out errorCode, out errorMessage);
        }

        /// <summary>Like <see cref="TrySave"/>, but a conflict throws.</summary>
        public void Save()
        {
            string errorCode;
            string errorMessage;
            if (!TrySave(out errorCode, out errorMessage))
            {
                throw new System.InvalidOperationException(errorCode + ": " + errorMessage);
            }
        }

        /// <summary>Drops staged changes, back to the last loaded or saved values.</summary>
        public void Revert()
        {
            System.Array.Copy(_saved, _values, _values.Length);
        }

        /// <summary>Every key back to its default, saved over both copies so no old secret stays on flash.</summary>
        public void FactoryReset()
        {
            SetDefaults(_values);
            Save();
        }

        private void Apply(string[] lines)
        {
            for (int i = 0; i < lines.Length; i++)
            {
                int equals = lines[i].IndexOf('=');
                int at = equals > 0 ? ConfigSchema.IndexOf(lines[i].Substring(0, equals)) : -1;
                string canonical;
                string errorCode;
                string errorMessage;
                if (at >= 0 && ConfigValidator.TryValidate(_keys[at], lines[i].Substring(equals + 1), out canonical, out errorCode, out errorMessage))
                {
                    _values[at] = canonical;
                }
                else
                {
                    IgnoredLineCount++;
                }
            }
        }

        private static ConfigLoadOutcome Outcome(int present, bool loaded, int corrupt)
        {
            if (present == 0)
            {
                return ConfigLoadOutcome.NothingStored;
            }

            if (!loaded)
            {
                return ConfigLoadOutcome.AllCopiesCorrupt;
            }

            return corrupt > 0 ? ConfigLoadOutcome.LoadedOtherCopyCorrupt : ConfigLoadOutcome.Loaded;
        }

        private void SetDefaults(string[] values)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                values[i] = _keys[i].DefaultValue;
            }
        }

        private int Require(string key)
        {
            int at = ConfigSchema.IndexOf(key);
            if (at < 0)
            {
                throw new System.ArgumentException("unknown config key: " + key, "key");
            }

            return at;
        }

        private static string TypeText(ConfigKey key)
        {
            string range = NumberText.FormatLong(key.Min) + ".." + NumberText.FormatLong(key.Max);
            switch (key.Type)
            {
                case ConfigValueType.Text:
                    return "text up to " + NumberText.FormatLong(key.Max) + " bytes";
                case ConfigValueType.Integer:
                    return "integer " + range;
                case ConfigValueType.Boolean:
                    return "true/false";
                case ConfigValueType.Decimal:
                    return "decimal number";
                case ConfigValueType.Choice:
                    string choices = key.Choices[0];
                    for (int i = 1; i < key.Choices.Length; i++)
                    {
                        choices += "|" + key.Choices[i];
                    }

                    return "one of " + choices;
                default:
                    return "ESP32 GPIO " + range;
            }
        }
    }
}
