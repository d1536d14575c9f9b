using System;
using System.Collections.Generic;

namespace SmartBin.Simulator.Fleet
{
    /// <summary>
    /// Generates resident visits for one bin: who comes (a fixed set of registered cards plus the odd unknown
    /// one), when (busier in the morning and evening), what they bring (item weights by material stream) and
    /// the mistakes people make (no card, changing their mind, taking an item back). Seeded, so a demo or a
    /// load run can be repeated exactly.
    /// </summary>
    public sealed class ResidentModel
    {
        private const int ItemsPerVisitMax = 6;

        /// <summary>Largest seed whose cards still fit 4 bytes (seed / 64 takes two of them); bins use seed + index.</summary>
        public const int SeedMax = 4_000_000;
        private readonly Random _random;
        private readonly string _material;
        private readonly string[] _cards;

        private readonly long _meanGapMs;

        /// <summary>
        /// Creates the model for a bin with <paramref name="residentCount"/> card holders, the first
        /// <paramref name="longUidPercent"/> % of them with 7-byte cards; <paramref name="meanGapMs"/> fixes the mean gap
        /// between visits (0: it follows the hour of day).
        /// </summary>
        public ResidentModel(int seed, string material, int residentCount, int longUidPercent = 0, long meanGapMs = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(longUidPercent);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(longUidPercent, 100);
            ArgumentOutOfRangeException.ThrowIfNegative(meanGapMs);
            _random = new Random(seed);
            _material = material;
            _meanGapMs = meanGapMs;
            _cards = new string[residentCount];
            for (int i = 0; i < residentCount; i++)
            {
                _cards[i] = i * 100 < longUidPercent * residentCount ? LongCardUid(seed, i) : CardUid(seed, i);
            }
        }

        /// <summary>The cards of this bin's residents (UIDs as hex: 4 bytes, or 7 for the long-UID share).</summary>
        public IReadOnlyList<string> Cards => _cards;

        /// <summary>
        /// The 7-byte card UID of resident <paramref name="index"/> when the fleet issues long UIDs: manufacturer byte
        /// 0x04 (NXP, as on MIFARE Ultralight and DESFire cards), the resident's 4-byte <see cref="CardUid"/>, then
        /// 0x07 0x00. The gateway's demo seed registers only the 4-byte cards; these need registering.
        /// </summary>
        public static string LongCardUid(int seed, int index) => "04" + CardUid(seed, index) + "0700";

        /// <summary>
        /// The 4-byte card UID of resident <paramref name="index"/> (0..255) of the bin simulated with
        /// <paramref name="seed"/>: first byte 0x0A + seed mod 64, then seed / 64 and the index, so every seed has its
        /// own cards (the gateway's demo seed, StorageSeeds.DemoFleet, registers exactly these).
        /// </summary>
        public static string CardUid(int seed, int index) => $"{0x0A + (seed % 0x40):X2}{((seed / 0x40) << 8) | index:X6}";

        /// <summary>Mean gap between visits at the given hour of day, milliseconds.</summary>
        public static long MeanGapMs(int hourOfDay)
        {
            bool peak = hourOfDay is >= 7 and < 9 or >= 18 and < 21;
            bool night = hourOfDay is >= 23 or < 6;
            return peak ? 60_000 : night ? 900_000 : 240_000;
        }

        /// <summary>Time until the next visit, drawn from an exponential distribution around the hour's mean.</summary>
        public long NextGapMs(int hourOfDay)
        {
            double u = 1.0 - _random.NextDouble();
            return Math.Max(5_000, (long)(-Math.Log(u) * (_meanGapMs > 0 ? _meanGapMs : MeanGapMs(hourOfDay))));
        }

        /// <summary>Draws the next visit.</summary>
        public Visit NextVisit()
        {
            double roll = _random.NextDouble();
            string card = _cards[_random.Next(_cards.Length)];
            if (roll < 0.03)
            {
                return NoCardVisit();
            }

            if (roll < 0.05)
            {
                return CardVisit(VisitKind.UnknownCard, "EE" + _random.Next(0, 0xFFFFFF).ToString("X6"));
            }

            if (roll < 0.07)
            {
                var steps = new List<VisitStep> { new(0, StepKind.TapCard, card), new(800, StepKind.RemoveCard) };
                return new Visit(VisitKind.ChangedMind, card, steps, 0);
            }

            if (roll < 0.09)
            {
                return TookItemBackVisit(card);
            }

            return CardVisit(VisitKind.Normal, card);
        }

        /// <summary>Weight of one item of this bin's material, grams.</summary>
        public int ItemGrams()
        {
            // Mostly single bottles and tubs; sometimes a bag of them collected over the week.
            bool bag = _random.NextDouble() < 0.25;
            (int low, int high) = _material switch
            {
                "PET" => bag ? (300, 2500) : (18, 45),
                "HDPE" => bag ? (400, 3000) : (40, 160),
                "PP" => bag ? (300, 2000) : (15, 90),
                _ => bag ? (300, 3500) : (15, 200),
            };
            return _random.Next(low, high + 1);
        }

        private Visit CardVisit(VisitKind kind, string card)
        {
            var steps = new List<VisitStep> { new(0, StepKind.TapCard, card), new(700, StepKind.RemoveCard) };
            int total = 0;
            int items = _random.Next(1, ItemsPerVisitMax + 1);
            for (int i = 0; i < items; i++)
            {
                int grams = ItemGrams();
                total += grams;
                steps.Add(new VisitStep(_random.Next(1_500, 4_000), StepKind.DropItem, Grams: grams));
            }

            return new Visit(kind, card, steps, total);
        }

        private Visit NoCardVisit()
        {
            int grams = ItemGrams();
            var steps = new List<VisitStep> { new(0, StepKind.DropItem, Grams: grams) };
            return new Visit(VisitKind.NoCard, string.Empty, steps, grams);
        }

        private Visit TookItemBackVisit(string card)
        {
            int kept = ItemGrams();
            int takenBack = ItemGrams();
            var steps = new List<VisitStep>
            {
                new(0, StepKind.TapCard, card),
                new(700, StepKind.RemoveCard),
                new(2_000, StepKind.DropItem, Grams: kept),
                new(3_000, StepKind.DropItem, Grams: takenBack),
                new(3_000, StepKind.TakeOut, Grams: takenBack),
            };
            return new Visit(VisitKind.TookItemBack, card, steps, kept);
        }
    }
}
