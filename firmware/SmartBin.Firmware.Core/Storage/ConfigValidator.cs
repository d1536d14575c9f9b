using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// Checks one value against its key and gives its canonical text (what is stored and echoed back).
    /// Pure: no state, no I/O.
    /// </summary>
    public static class ConfigValidator
    {
        /// <summary>
        /// Validates <paramref name="value"/> for <paramref name="key"/>. On success <paramref name="canonical"/> is
        /// the text to store; on failure <paramref name="errorCode"/> is one of <see cref="ConfigError"/>.
        /// </summary>
        public static bool TryValidate(ConfigKey key, string value, out string canonical, out string errorCode, out string errorMessage)
        {
            canonical = value;
            errorCode = string.Empty;
            errorMessage = string.Empty;
            if (!IsPrintable(value))
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": control characters and broken text are not allowed", out errorCode, out errorMessage);
            }

            switch (key.Type)
            {
                case ConfigValueType.Text:
                    return CheckText(key, value, out errorCode, out errorMessage);
                case ConfigValueType.Integer:
                    return CheckInteger(key, value, out canonical, out errorCode, out errorMessage);
                case ConfigValueType.Boolean:
                    return CheckBoolean(key, value, out canonical, out errorCode, out errorMessage);
                case ConfigValueType.Decimal:
                    return CheckDecimal(key, value, out errorCode, out errorMessage);
                case ConfigValueType.Choice:
                    return CheckChoice(key, value, out canonical, out errorCode, out errorMessage);
                default:
                    return CheckPin(key, value, out canonical, out errorCode, out errorMessage);
            }
        }

        /// <summary>
        /// Rules across keys, checked before a save: <c>fill.fullMm</c> below <c>fill.emptyMm</c> (the sensor looks
        /// down, so a full bin is the shorter distance), and no GPIO given to two pins.
        /// </summary>
        public static bool TryValidateTogether(ConfigKey[] keys, string[] values, out string errorCode, out string errorMessage)
        {
            int fullMm;
            int emptyMm;
            NumberText.TryParseInt(values[ConfigSchema.IndexOf("fill.fullMm")], out fullMm);
            NumberText.TryParseInt(values[ConfigSchema.IndexOf("fill.emptyMm")], out emptyMm);
            if (fullMm >= emptyMm)
            {
                return Fail(ConfigError.Conflict, "fill.fullMm must be less than fill.emptyMm", out errorCode, out errorMessage);
            }

            for (int i = 0; i < keys.Length; i++)
            {
                for (int j = i + 1; j < keys.Length; j++)
                {
                    bool bothPins = keys[i].Type == ConfigValueType.Pin && keys[j].Type == ConfigValueType.Pin;
                    if (bothPins && values[i] == values[j])
                    {
                        string message = keys[i].Name + " and " + keys[j].Name + " both use GPIO" + values[i];
                        return Fail(ConfigError.Conflict, message, out errorCode, out errorMessage);
                    }
                }
            }

            return Pass(out errorCode, out errorMessage);
        }

        /// <summary>True when no character is a control character (C0, DEL, C1) and every surrogate is paired.</summary>
        public static bool IsPrintable(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                {
                    return false;
                }
            }

            return Utf8.IsWellFormed(value);
        }

        /// <summary>True when <paramref name="gpio"/> exists on the ESP32 and is free for application use.</summary>
        public static bool IsUsablePin(int gpio)
        {
            bool debugger = gpio == 1 || gpio == 3;
            bool flash = gpio >= 6 && gpio <= 11;
            bool missing = gpio == 20 || gpio == 24 || (gpio >= 28 && gpio <= 31);
            return gpio >= 0 && gpio <= 39 && !debugger && !flash && !missing;
        }

        private static bool CheckText(ConfigKey key, string value, out string errorCode, out string errorMessage)
        {
            int bytes = Utf8.EncodedLength(value);
            if (bytes > key.Max)
            {
                return Fail(ConfigError.TooLong, key.Name + ": at most " + NumberText.FormatLong(key.Max) + " bytes", out errorCode, out errorMessage);
            }

            if (bytes > 0 && bytes < key.Min)
            {
                return Fail(ConfigError.TooShort, key.Name + ": at least " + NumberText.FormatLong(key.Min) + " bytes when set", out errorCode, out errorMessage);
            }

            if (key.Has(ConfigKey.RuleIdentifier) && !IsIdentifier(value))
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": only a-z, 0-9 and -", out errorCode, out errorMessage);
            }

            return Pass(out errorCode, out errorMessage);
        }

        private static bool CheckInteger(ConfigKey key, string value, out string canonical, out string errorCode, out string errorMessage)
        {
            canonical = value;
            int number;
            if (!NumberText.TryParseInt(value, out number))
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": not an integer", out errorCode, out errorMessage);
            }

            if (number < key.Min || number > key.Max)
            {
                string range = NumberText.FormatLong(key.Min) + ".." + NumberText.FormatLong(key.Max);
                return Fail(ConfigError.OutOfRange, key.Name + ": must be in " + range, out errorCode, out errorMessage);
            }

            if (key.Has(ConfigKey.RuleOdd) && number % 2 == 0)
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": must be odd", out errorCode, out errorMessage);
            }

            canonical = NumberText.FormatLong(number);
            return Pass(out errorCode, out errorMessage);
        }

        private static bool CheckBoolean(ConfigKey key, string value, out string canonical, out string errorCode, out string errorMessage)
        {
            string lower = AsciiLower(value);
            bool isTrue = lower == "true" || lower == "1" || lower == "on" || lower == "yes";
            bool isFalse = lower == "false" || lower == "0" || lower == "off" || lower == "no";
            canonical = isTrue ? "true" : "false";
            if (!isTrue && !isFalse)
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": true or false", out errorCode, out errorMessage);
            }

            return Pass(out errorCode, out errorMessage);
        }

        private static bool CheckDecimal(ConfigKey key, string value, out string errorCode, out string errorMessage)
        {
            if (!NumberText.IsDecimal(value))
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": a decimal number like -12.5 (at most 15 digits)", out errorCode, out errorMessage);
            }

            if (key.Has(ConfigKey.RuleNonNegative) && value[0] == '-' && NumberText.ParseDecimal(value) < 0)
            {
                return Fail(ConfigError.OutOfRange, key.Name + ": must be 0 or more", out errorCode, out errorMessage);
            }

            return Pass(out errorCode, out errorMessage);
        }

        private static bool CheckChoice(ConfigKey key, string value, out string canonical, out string errorCode, out string errorMessage)
        {
            canonical = value;
            string upper = AsciiUpper(value);
            for (int i = 0; i < key.Choices.Length; i++)
            {
                if (AsciiUpper(key.Choices[i]) == upper)
                {
                    canonical = key.Choices[i];
                    return Pass(out errorCode, out errorMessage);
                }
            }

            string choices = string.Empty;
            for (int i = 0; i < key.Choices.Length; i++)
            {
                choices += (i == 0 ? string.Empty : ", ") + key.Choices[i];
            }

            return Fail(ConfigError.InvalidValue, key.Name + ": one of " + choices, out errorCode, out errorMessage);
        }

        private static bool CheckPin(ConfigKey key, string value, out string canonical, out string errorCode, out string errorMessage)
        {
            if (!CheckInteger(key, value, out canonical, out errorCode, out errorMessage))
            {
                return false;
            }

            int gpio;
            NumberText.TryParseInt(canonical, out gpio);
            if (!IsUsablePin(gpio))
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": GPIO" + canonical + " is missing, flash or debugger (COM1)", out errorCode, out errorMessage);
            }

            if (key.Has(ConfigKey.RuleOutputPin) && gpio >= 34)
            {
                return Fail(ConfigError.InvalidValue, key.Name + ": GPIO34..39 are input-only", out errorCode, out errorMessage);
            }

            return Pass(out errorCode, out errorMessage);
        }

        /// <summary>True when <paramref name="value"/> holds only a-z, 0-9 and '-' (bin ids: safe in topics, file names, URLs).</summary>
        internal static bool IsIdentifier(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                if (!allowed)
                {
                    return false;
                }
            }

            return true;
        }

        private static string AsciiLower(string value)
        {
            char[] chars = value.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = chars[i] >= 'A' && chars[i] <= 'Z' ? (char)(chars[i] + 32) : chars[i];
            }

            return new string(chars);
        }

        private static string AsciiUpper(string value)
        {
            char[] chars = value.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = chars[i] >= 'a' && chars[i] <= 'z' ? (char)(chars[i] - 32) : chars[i];
            }

            return new string(chars);
        }

        private static bool Fail(string code, string message, out string errorCode, out string errorMessage)
        {
            errorCode = code;
            errorMessage = message;
            return false;
        }

        private static bool Pass(out string errorCode, out string errorMessage)
        {
            errorCode = string.Empty;
            errorMessage = string.Empty;
            return true;
        }
    }
}
