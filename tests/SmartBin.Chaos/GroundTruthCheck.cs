using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Storage;
using SmartBin.Simulator.Fleet;

namespace SmartBin.Chaos
{
    /// <summary>What the checks after a run found; empty <see cref="Problems"/> means the run passed.</summary>
    public sealed record CheckResult
    {
        /// <summary>Every failed check, one line each (capped; <see cref="ProblemCount"/> has the total).</summary>
        public List<string> Problems { get; } = new();

        /// <summary>All problems found, also those not listed.</summary>
        public int ProblemCount { get; set; }

        /// <summary>Drop-offs the bins made (first sends), the ground truth.</summary>
        public int DropOffs { get; set; }

        /// <summary>Events the bins made.</summary>
        public int Events { get; set; }

        /// <summary>Drop-offs credited.</summary>
        public int Credited { get; set; }

        /// <summary>Ledger rows no bin's drop-off accounts for, or a drop-off booked twice.</summary>
        public int Duplicates { get; set; }

        /// <summary>Drop-offs or events a bin made that the ledger does not hold.</summary>
        public int Losses { get; set; }

        /// <summary>Rows whose outcome, points or g CO2e differ from the engine's evaluation of the bin's drop-off.</summary>
        public int WrongCredits { get; set; }

        /// <summary>Visits whose drop-off the bin did not send as the resident made it.</summary>
        public int VisitMismatches { get; set; }

        /// <summary>Unattributed drop-offs whose weight the bin's model may take differently from the visit (not failures).</summary>
        public int UnattributedNoise { get; set; }

        /// <summary>Households whose credited grams, points or g CO2e differ from the ground truth.</summary>
        public int HouseholdMismatches { get; set; }

        /// <summary>Households checked.</summary>
        public int Households { get; set; }

        /// <summary>Credited g, points and g CO2e in all (ground truth, equal to the ledger when the run passed).</summary>
        public (long Grams, long Points, long Co2eG) CreditedTotals { get; set; }

        internal void Fail(string problem)
        {
            ProblemCount++;
            if (Problems.Count < 40)
            {
                Problems.Add(problem);
            }
        }
    }

    /// <summary>
    /// Compares the gateway's database with what the bins did: every visit → the drop-off the bin sent (card, and a
    /// weight within 1 e of what the resident put in), every drop-off and event the bin sent → exactly one row with the
    /// same content, each row's outcome, points and g CO2e → the crediting engine's evaluation of the bin's drop-off
    /// under the run's rules, and each household's credited grams, points (ledger balance) and g CO2e → the sum over
    /// its ground-truth drop-offs.
    /// </summary>
    internal static class GroundTruthCheck
    {
        private sealed record Row(string BinId, long Seq, string Card, int NetGrams, int Flags, string Material, string Outcome,
            string Reason, long Points, long Co2eG, string? Household, DateTimeOffset ReceivedUtc);

        public static CheckResult Run(string databasePath, ChaosFleet fleet)
        {
            var result = new CheckResult();
            using var db = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
            db.Open();
            Dictionary<(string, long), Row> rows = ReadDropOffs(db);
            Dictionary<string, HashSet<long>> events = ReadEvents(db);
            var households = new Dictionary<string, (long Grams, long Points, long Co2eG)>(StringComparer.Ordinal);
            var engine = SqliteGatewayStore.CreateEngine(Rules());
            var matched = new HashSet<(string, long)>();
            for (int i = 0; i < fleet.Runners.Count; i++)
            {
                BinRunner runner = fleet.Runners[i];
                DemoBin demo = fleet.Demo[i];
                CheckVisits(runner, result);
                foreach (SentDropOff sent in runner.Transport.DropOffs)
                {
                    result.DropOffs++;
                    if (!rows.TryGetValue((runner.BinId, sent.Seq), out Row? row))
                    {
                        result.Losses++;
                        result.Fail($"lost: {runner.BinId}:{sent.Seq} ({sent.CardUid}, {sent.NetGrams} g) is not in the ledger");
                        continue;
                    }

                    matched.Add((runner.BinId, sent.Seq));
                    if (row.Card != sent.CardUid || row.NetGrams != sent.NetGrams || row.Flags != sent.Flags || row.Material != sent.Material)
                    {
                        result.WrongCredits++;
                        result.Fail($"changed: {runner.BinId}:{sent.Seq} sent {sent.CardUid} {sent.NetGrams} g flags {sent.Flags}, booked {row.Card} {row.NetGrams} g flags {row.Flags}");
                    }

                    Expect(engine, demo, sent, row, households, result);
                }

                CheckEvents(runner, events, result);
                if (runner.Bin.Controller.Outbox.Count != 0)
                {
                    result.Fail($"outbox: {runner.BinId} still holds {runner.Bin.Controller.Outbox.Count} entries");
                }
            }

            foreach (Row extra in rows.Values.Where(r => !matched.Contains((r.BinId, r.Seq))))
            {
                result.Duplicates++;
                result.Fail($"unexpected: {extra.BinId}:{extra.Seq} ({extra.Card}, {extra.NetGrams} g) was booked but no bin made it");
            }

            CheckHouseholds(db, households, result);
            result.CreditedTotals = (households.Values.Sum(h => h.Grams), households.Values.Sum(h => h.Points), households.Values.Sum(h => h.Co2eG));
            return result;
        }

        /// <summary>The rules the gateway runs with in the harness (GatewayProcess lifts the caps).</summary>
        public static CreditingRulesOptions Rules()
        {
            var rules = new CreditingRulesOptions { DailyCapGrams = GatewayProcess.NoCapGrams, DailyCapPoints = GatewayProcess.NoCapGrams };
            foreach (string material in new[] { "PET", "HDPE", "PP", "MIXED" })
            {
                rules.MaxGramsPerDrop[material] = GatewayProcess.NoCapGrams;
            }

            return rules;
        }

        // A drop-off without a card credits nobody, and the bin's idle baseline can absorb part of a small unattributed
        // item (BinRunner.Expect): such a mismatch is the weighing model's, not the system's, so it is counted apart.
        // Every mismatch involving a card fails the run.
        private static void CheckVisits(BinRunner runner, CheckResult result)
        {
            TruthComparison truth = runner.CompareWithTruth();
            foreach (var (expected, got) in truth.Missing)
            {
                if (expected.CardUid.Length == 0 && (got is null || got.CardUid.Length == 0))
                {
                    result.UnattributedNoise++;
                    continue;
                }

                result.VisitMismatches++;
                result.Fail($"visit: {runner.BinId} {expected.Kind} {expected.CardUid} {expected.TrueNetGrams} g was sent as {got?.ToString() ?? "nothing"}");
            }

            foreach (SentDropOff extra in truth.Unexpected)
            {
                if (extra.CardUid.Length == 0)
                {
                    result.UnattributedNoise++;
                    continue;
                }

                result.VisitMismatches++;
                result.Fail($"visit: {runner.BinId}:{extra.Seq} ({extra.CardUid}, {extra.NetGrams} g) matches no visit");
            }

            if (truth.Pending != 0)
            {
                result.VisitMismatches += truth.Pending;
                result.Fail($"visit: {runner.BinId} has {truth.Pending} visits whose drop-off was never sent");
            }
        }

        // The engine's verdict on the drop-off as the bin made it, in the context the ledger must have had: the card's
        // household from the demo fleet (unknown cards: none), no caps reached (lifted), the same bin (no travel).
        private static void Expect(CreditingEngine engine, DemoBin demo, SentDropOff sent, Row row,
            Dictionary<string, (long Grams, long Points, long Co2eG)> households, CheckResult result)
        {
            int cardIndex = demo.CardUids.ToList().IndexOf(sent.CardUid);
            string? household = cardIndex >= 0 ? demo.HouseholdId(cardIndex) : null;
            Material material = MaterialNames.TryParse(sent.Material, out Material parsed) ? parsed : default;
            Material? binMaterial = MaterialNames.TryParse(demo.Material, out Material registered) ? registered : null;
            var facts = new DropOffFacts(demo.BinId, material, sent.NetGrams, (DropOffFlags)sent.Flags, sent.StartUtc, sent.EndUtc, sent.CardUid, row.ReceivedUtc);
            CreditDecision decision = engine.Evaluate(facts, new ResidentContext(household, 0, 0, null, null, binMaterial));
            string outcome = decision.Outcome switch
            {
                CreditOutcome.Credited => "credited",
                CreditOutcome.Suspense => "suspense",
                CreditOutcome.Held => "held",
                CreditOutcome.Rejected => "rejected",
                _ => "recorded",
            };
            // A held or suspense row keeps the points it would earn (for the review); only credited ones reach the ledger.
            long points = decision.Points;
            long co2e = decision.GramsCo2e;
            if (row.Outcome != outcome || row.Reason != decision.Reason || row.Points != points || row.Co2eG != co2e || row.Household != household)
            {
                result.WrongCredits++;
                result.Fail($"credit: {row.BinId}:{row.Seq} booked {row.Outcome}/{row.Reason} {row.Points} points {row.Co2eG} g CO2e for {row.Household}; engine: {outcome}/{decision.Reason} {points} points {co2e} g for {household}");
            }

            if (outcome == "credited" && household is not null)
            {
                result.Credited++;
                households.TryGetValue(household, out var sum);
                households[household] = (sum.Grams + sent.NetGrams, sum.Points + points, sum.Co2eG + co2e);
            }
        }

        private static void CheckEvents(BinRunner runner, Dictionary<string, HashSet<long>> events, CheckResult result)
        {
            events.TryGetValue(runner.BinId, out HashSet<long>? booked);
            booked ??= new HashSet<long>();
            foreach (long seq in runner.Transport.EventSeqs)
            {
                result.Events++;
                if (!booked.Remove(seq))
                {
                    result.Losses++;
                    result.Fail($"lost: event {runner.BinId}:{seq} is not in the database");
                }
            }

            foreach (long seq in booked)
            {
                result.Duplicates++;
                result.Fail($"unexpected: event {runner.BinId}:{seq} was booked but the bin never sent it");
            }
        }

        private static void CheckHouseholds(SqliteConnection db, Dictionary<string, (long Grams, long Points, long Co2eG)> expected, CheckResult result)
        {
            var actual = new Dictionary<string, (long Grams, long Points, long Co2eG)>(StringComparer.Ordinal);
            using (SqliteCommand grams = db.CreateCommand())
            {
                grams.CommandText = "SELECT household_id, SUM(net_grams) FROM dropoffs WHERE outcome = 'credited' AND household_id IS NOT NULL GROUP BY household_id";
                using SqliteDataReader r = grams.ExecuteReader();
                while (r.Read())
                {
                    actual[r.GetString(0)] = (r.GetInt64(1), 0, 0);
                }
            }

            using (SqliteCommand balances = db.CreateCommand())
            {
                balances.CommandText = "SELECT substr(account, length('household:') + 1), unit, balance FROM balances WHERE account LIKE 'household:%'";
                using SqliteDataReader r = balances.ExecuteReader();
                while (r.Read())
                {
                    actual.TryGetValue(r.GetString(0), out var a);
                    actual[r.GetString(0)] = r.GetString(1) == "points" ? (a.Grams, r.GetInt64(2), a.Co2eG) : (a.Grams, a.Points, r.GetInt64(2));
                }
            }

            foreach (string household in expected.Keys.Union(actual.Keys).Distinct())
            {
                result.Households++;
                expected.TryGetValue(household, out var e);
                actual.TryGetValue(household, out var a);
                if (e != a)
                {
                    result.HouseholdMismatches++;
                    result.Fail($"household {household}: ground truth {e.Grams} g, {e.Points} points, {e.Co2eG} g CO2e; ledger {a.Grams} g, {a.Points} points, {a.Co2eG} g CO2e");
                }
            }
        }

        private static Dictionary<(string, long), Row> ReadDropOffs(SqliteConnection db)
        {
            var rows = new Dictionary<(string, long), Row>();
            using SqliteCommand select = db.CreateCommand();
            select.CommandText = "SELECT bin_id, seq, card_uid, net_grams, flags, material, outcome, reason, points, gco2e, household_id, received_utc FROM dropoffs";
            using SqliteDataReader r = select.ExecuteReader();
            while (r.Read())
            {
                var row = new Row(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5), r.GetString(6),
                    r.GetString(7), r.GetInt64(8), r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10),
                    DateTimeOffset.Parse(r.GetString(11), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
                rows.Add((row.BinId, row.Seq), row);
            }

            return rows;
        }

        private static Dictionary<string, HashSet<long>> ReadEvents(SqliteConnection db)
        {
            var events = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
            using SqliteCommand select = db.CreateCommand();
            select.CommandText = "SELECT bin_id, seq FROM events";
            using SqliteDataReader r = select.ExecuteReader();
            while (r.Read())
            {
                string bin = r.GetString(0);
                if (!events.TryGetValue(bin, out HashSet<long>? seqs))
                {
                    events[bin] = seqs = new HashSet<long>();
                }

                seqs.Add(r.GetInt64(1));
            }

            return events;
        }
    }
}
