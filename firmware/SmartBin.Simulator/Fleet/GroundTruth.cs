using System;
using System.Collections.Generic;

namespace SmartBin.Simulator.Fleet
{
    /// <summary>
    /// A drop-off a visit must leave behind: the card the resident held and the weight they really put in. Optional
    /// when the true net is within 1 e of the bin's change threshold (2 e), where the bin may or may not see it.
    /// </summary>
    public sealed record ExpectedDropOff(VisitKind Kind, string CardUid, int TrueNetGrams, bool Optional);

    /// <summary>
    /// A drop-off the bin sent, first send only: its sequence, card, weighed net and flags, and (for checks that
    /// evaluate it again) its material and session times.
    /// </summary>
    public sealed record SentDropOff(long Seq, string CardUid, int NetGrams, int Flags, string Material = "",
        DateTimeOffset StartUtc = default, DateTimeOffset EndUtc = default);

    /// <summary>Expected and sent drop-offs of one bin, paired in order.</summary>
    /// <param name="Matched">Pairs whose card is the same and whose net is within 1 e of the truth.</param>
    /// <param name="Missing">Expected drop-offs the bin never sent (or sent wrong), with the sent one that did not match.</param>
    /// <param name="Unexpected">Sent drop-offs no visit accounts for.</param>
    /// <param name="Pending">Expected drop-offs after the last one sent: visits still under way.</param>
    public sealed record TruthComparison(
        IReadOnlyList<(ExpectedDropOff Expected, SentDropOff Sent)> Matched,
        IReadOnlyList<(ExpectedDropOff Expected, SentDropOff? Got)> Missing,
        IReadOnlyList<SentDropOff> Unexpected,
        int Pending)
    {
        /// <summary>True when every drop-off sent is one a visit left, with its card and its weight.</summary>
        public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0;

        /// <summary>Pairs a bin's expected drop-offs with the ones it sent, in order; a weight may be off by <paramref name="eGrams"/>.</summary>
        public static TruthComparison Of(IReadOnlyList<ExpectedDropOff> expected, IReadOnlyList<SentDropOff> sent, int eGrams)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eGrams);
            var matched = new List<(ExpectedDropOff, SentDropOff)>();
            var missing = new List<(ExpectedDropOff, SentDropOff?)>();
            var unexpected = new List<SentDropOff>();
            int j = 0;
            int i = 0;
            for (; i < expected.Count && j < sent.Count; i++)
            {
                ExpectedDropOff e = expected[i];
                if (e.Optional && OwnedByNextRequired(expected, i, sent, j, eGrams))
                {
                    // An optional visit the bin may not have seen never takes (nor skips) a drop-off that the next
                    // required visit owns: else a small unsent visit pairs with a later visit of the same card with a
                    // similar weight, and the required visit in between is reported as sent wrongly.
                    continue;
                }

                if (Matches(e, sent[j], eGrams))
                {
                    matched.Add((e, sent[j++]));
                }
                else if (j + 1 < sent.Count && Matches(e, sent[j + 1], eGrams))
                {
                    unexpected.Add(sent[j++]); // one extra drop-off: skip it, so one fault shows once, not for ever after
                    matched.Add((e, sent[j++]));
                }
                else if (!e.Optional)
                {
                    missing.Add((e, sent[j]));
                }
            }

            for (; j < sent.Count; j++)
            {
                unexpected.Add(sent[j]);
            }

            int pending = 0;
            for (; i < expected.Count; i++)
            {
                pending += expected[i].Optional ? 0 : 1;
            }

            return new TruthComparison(matched, missing, unexpected, pending);
        }

        // Whether sent[j] is the drop-off of the first required visit after expected[i]: it matches that visit, and
        // sent[j + 1] does not (when both do, expected[i] may have been sent and that visit's drop-off follows).
        private static bool OwnedByNextRequired(IReadOnlyList<ExpectedDropOff> expected, int i, IReadOnlyList<SentDropOff> sent, int j, int eGrams)
        {
            for (int k = i + 1; k < expected.Count; k++)
            {
                if (!expected[k].Optional)
                {
                    return Matches(expected[k], sent[j], eGrams) && !(j + 1 < sent.Count && Matches(expected[k], sent[j + 1], eGrams));
                }
            }

            return false;
        }

        private static bool Matches(ExpectedDropOff e, SentDropOff s, int eGrams) =>
            string.Equals(e.CardUid, s.CardUid, StringComparison.Ordinal) && Math.Abs(s.NetGrams - e.TrueNetGrams) <= eGrams;
    }
}
