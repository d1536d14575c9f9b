namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>A command from the gateway on the <c>cmd</c> topic.</summary>
    public sealed class CommandMessage
    {
        /// <summary>Longest command id, echoed in the result.</summary>
        public const int IdLengthMax = 36;

        private static readonly string[] Known = new string[] { "tare", "reader-reset", "reboot", "set", "get", "selftest" };

        /// <summary>Id chosen by the gateway.</summary>
        public string Id = string.Empty;

        /// <summary>Command name: tare, reader-reset, reboot, set, get, selftest.</summary>
        public string Name = string.Empty;

        /// <summary>Setting key (set, get).</summary>
        public string Key = string.Empty;

        /// <summary>New value (set).</summary>
        public string Value = string.Empty;

        /// <summary>Reads a command; null when valid, else <c>bad-version</c>, <c>bad-id</c>, <c>unknown-command</c>, <c>bad-args</c>.</summary>
        public string? ReadFrom(JsonReader r)
        {
            long version;
            if (!r.TryGetLong("v", out version) || version != ProtocolVersion.Current)
            {
                return "bad-version";
            }

            if (!r.TryGetString("id", out Id) || Id.Length == 0 || Id.Length > IdLengthMax)
            {
                return "bad-id";
            }

            if (!r.TryGetString("cmd", out Name) || !IsKnown(Name))
            {
                return "unknown-command";
            }

            string text;
            Key = r.TryGetString("key", out text) ? text : string.Empty;
            Value = r.TryGetString("value", out text) ? text : string.Empty;
            bool needsKey = Name == "set" || Name == "get";
            if (needsKey && Key.Length == 0)
            {
                return "bad-args";
            }

            if (Name == "set" && !r.Has("value"))
            {
                return "bad-args";
            }

            return null;
        }

        private static bool IsKnown(string name)
        {
            for (int i = 0; i < Known.Length; i++)
            {
                if (Known[i] == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
