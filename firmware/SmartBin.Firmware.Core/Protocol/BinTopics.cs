namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>
    /// The MQTT topics of one bin under <c>smartbin/v1/{binId}/</c>, built once so that publishing allocates
    /// nothing, and the parser the gateway uses to tell which bin and leaf a topic names.
    /// </summary>
    public sealed class BinTopics
    {
        /// <summary>Topic root with the protocol version.</summary>
        public const string Root = "smartbin/v1/";

        /// <summary>Shortest bin id.</summary>
        public const int BinIdLengthMin = 3;

        /// <summary>Longest bin id.</summary>
        public const int BinIdLengthMax = 32;

        /// <summary>Creates the topics of a bin; the id must pass <see cref="IsValidBinId"/>.</summary>
        public BinTopics(string binId)
        {
            if (!IsValidBinId(binId))
            {
                throw new System.ArgumentException("bin id must be 3-32 of a-z, 0-9 and -", "binId");
            }

            BinId = binId;
            string prefix = Root + binId + "/";
            DropOff = prefix + "dropoff";
            Telemetry = prefix + "telemetry";
            Event = prefix + "event";
            Status = prefix + "status";
            Ack = prefix + "ack";
            Command = prefix + "cmd";
            CommandResult = prefix + "cmd/result";
        }

        /// <summary>The bin id.</summary>
        public string BinId { get; }

        /// <summary>bin→gateway, QoS 1.</summary>
        public string DropOff { get; }

        /// <summary>bin→gateway, QoS 0.</summary>
        public string Telemetry { get; }

        /// <summary>bin→gateway, QoS 1.</summary>
        public string Event { get; }

        /// <summary>bin→gateway, QoS 1, retained; birth and will.</summary>
        public string Status { get; }

        /// <summary>gateway→bin, QoS 1.</summary>
        public string Ack { get; }

        /// <summary>gateway→bin, QoS 1.</summary>
        public string Command { get; }

        /// <summary>bin→gateway, QoS 1.</summary>
        public string CommandResult { get; }

        /// <summary>Bin ids are lower-case letters, digits and '-', 3 to 32 long: safe in topics, file names and URLs.</summary>
        public static bool IsValidBinId(string binId)
        {
            bool lengthOk = binId.Length >= BinIdLengthMin && binId.Length <= BinIdLengthMax;
            return lengthOk && Storage.ConfigValidator.IsIdentifier(binId);
        }

        /// <summary>
        /// Splits <c>smartbin/v1/{binId}/{leaf}</c>. False for other roots, invalid bin ids, wildcards, or an
        /// empty leaf. The leaf may contain '/' (<c>cmd/result</c>).
        /// </summary>
        public static bool TryParse(string topic, out string binId, out string leaf)
        {
            binId = string.Empty;
            leaf = string.Empty;
            if (!topic.StartsWith(Root) || topic.IndexOf('+') >= 0 || topic.IndexOf('#') >= 0)
            {
                return false;
            }

            int slash = topic.IndexOf('/', Root.Length);
            if (slash < 0 || slash == topic.Length - 1)
            {
                return false;
            }

            string id = topic.Substring(Root.Length, slash - Root.Length);
            if (!IsValidBinId(id))
            {
                return false;
            }

            binId = id;
            leaf = topic.Substring(slash + 1);
            return true;
        }
    }
}
