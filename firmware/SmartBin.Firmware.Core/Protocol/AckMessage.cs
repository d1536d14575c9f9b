namespace SmartBin.Firmware.Core.Protocol
{
    /// <summary>The gateway's answer to one drop-off or event, naming its sequence.</summary>
    public sealed class AckMessage
    {
        /// <summary>Credited: points and CO2e booked to a resident.</summary>
        public const string Credited = "credited";

        /// <summary>Already received earlier (a resend): nothing booked again.</summary>
        public const string Duplicate = "duplicate";

        /// <summary>Recorded, but held for review (cap, plausibility, unknown card).</summary>
        public const string Held = "held";

        /// <summary>Refused for a reason; the bin drops it from its outbox (resending cannot help).</summary>
        public const string Rejected = "rejected";

        /// <summary>Accepted, with nothing to credit: an event, or a drop-off without a card.</summary>
        public const string Recorded = "recorded";

        /// <summary>Sequence acknowledged.</summary>
        public long Sequence;

        /// <summary>One of the five results.</summary>
        public string Result = string.Empty;

        /// <summary>Reason code for held and rejected.</summary>
        public string Reason = string.Empty;

        /// <summary>Points credited (0 unless credited).</summary>
        public long Points;

        /// <summary>Grams CO2e avoided credited.</summary>
        public long Co2eGrams;

        /// <summary>
        /// Reads an ack from a parsed object. Returns null when valid, else the error code:
        /// <c>bad-version</c>, <c>bad-seq</c>, <c>bad-result</c>, <c>bad-amount</c>.
        /// </summary>
        public string? ReadFrom(JsonReader r)
        {
            long version;
            if (!r.TryGetLong("v", out version) || version != ProtocolVersion.Current)
            {
                return "bad-version";
            }

            if (!r.TryGetLong("seq", out Sequence) || Sequence < 1)
            {
                return "bad-seq";
            }

            if (!r.TryGetString("result", out Result)
                || (Result != Credited && Result != Duplicate && Result != Held && Result != Rejected && Result != Recorded))
            {
                return "bad-result";
            }

            string reason;
            Reason = r.TryGetString("reason", out reason) ? reason : string.Empty;
            bool pointsOk = !r.Has("points") || (r.TryGetLong("points", out Points) && Points >= 0);
            bool co2Ok = !r.Has("co2eG") || (r.TryGetLong("co2eG", out Co2eGrams) && Co2eGrams >= 0);
            if (!r.Has("points"))
            {
                Points = 0;
            }

            if (!r.Has("co2eG"))
            {
                Co2eGrams = 0;
            }

            return pointsOk && co2Ok ? null : "bad-amount";
        }
    }
}
