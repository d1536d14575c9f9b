namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>One row of the config key table: name, type, default, bounds, flags and help text.</summary>
    public sealed class ConfigKey
    {
        /// <summary>No extra rule.</summary>
        public const int RuleNone = 0;

        /// <summary>Integer must be odd (median windows).</summary>
        public const int RuleOdd = 1;

        /// <summary>Text only of <c>a-z</c>, <c>0-9</c> and <c>-</c>.</summary>
        public const int RuleIdentifier = 2;

        /// <summary>Pin drives an output, so the ESP32's input-only GPIOs 34..39 are refused.</summary>
        public const int RuleOutputPin = 4;

        /// <summary>Decimal must be zero or more.</summary>
        public const int RuleNonNegative = 8;

        /// <summary>Key name, e.g. <c>mqtt.port</c>.</summary>
        public readonly string Name;

        /// <summary>Value type.</summary>
        public readonly ConfigValueType Type;

        /// <summary>Value when nothing is stored.</summary>
        public readonly string DefaultValue;

        /// <summary>Lower bound: value (integers, pins) or UTF-8 bytes of non-empty text.</summary>
        public readonly long Min;

        /// <summary>Upper bound: value (integers, pins) or UTF-8 bytes of text.</summary>
        public readonly long Max;

        /// <summary>The words a <see cref="ConfigValueType.Choice"/> accepts; empty otherwise.</summary>
        public readonly string[] Choices;

        /// <summary>Combination of the <c>Rule*</c> constants.</summary>
        public readonly int Rules;

        /// <summary>True for passwords and secrets: never shown, only "***" when set.</summary>
        public readonly bool IsSecret;

        /// <summary>One line for the console's help.</summary>
        public readonly string Description;

        /// <summary>Creates a row of the key table.</summary>
        public ConfigKey(string name, ConfigValueType type, string defaultValue, long min, long max, string[] choices,
            int rules, bool isSecret, string description)
        {
            Name = name;
            Type = type;
            DefaultValue = defaultValue;
            Min = min;
            Max = max;
            Choices = choices;
            Rules = rules;
            IsSecret = isSecret;
            Description = description;
        }

        /// <summary>True when <paramref name="rule"/> applies.</summary>
        public bool Has(int rule)
        {
            return (Rules & rule) != 0;
        }

        /// <summary>Most UTF-8 bytes a valid value can take, for sizing the save buffer.</summary>
        public int MaxValueBytes
        {
            get
            {
                switch (Type)
                {
                    case ConfigValueType.Text:
                        return (int)Max;
                    case ConfigValueType.Boolean:
                        return 5;
                    case ConfigValueType.Decimal:
                        return NumberText.DecimalDigitsMax + 2;
                    case ConfigValueType.Choice:
                        return LongestChoice();
                    default:
                        return 11;
                }
            }
        }

        private int LongestChoice()
        {
            int longest = 0;
            for (int i = 0; i < Choices.Length; i++)
            {
                longest = Choices[i].Length > longest ? Choices[i].Length : longest;
            }

            return longest;
        }
    }
}
