using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace SmartBin.Gateway.Storage.Internal;

/// <summary>
/// The database schema as an ordered list of migrations. Each runs once, in its own transaction, and records its
/// number in <c>schema_version</c>; a database already at the latest version is left untouched. Never edit a
/// released migration: append a new one.
/// </summary>
internal static class Schema
{
    private static readonly string[] Migrations =
    [
        // 1: registry, ingest audit, ledger.
        """
        CREATE TABLE communities (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, households INTEGER NOT NULL CHECK (households >= 0),
            population INTEGER NOT NULL CHECK (population >= 0), target_grams INTEGER NOT NULL CHECK (target_grams >= 0),
            time_zone TEXT NOT NULL);
        CREATE TABLE bins (
            id TEXT PRIMARY KEY, community_id TEXT NOT NULL REFERENCES communities(id), material TEXT NOT NULL,
            location TEXT NOT NULL, lat REAL, lon REAL, capacity_grams INTEGER NOT NULL CHECK (capacity_grams > 0),
            fill_alert_pct INTEGER NOT NULL CHECK (fill_alert_pct BETWEEN 1 AND 100), active INTEGER NOT NULL,
            secret_hash TEXT NOT NULL DEFAULT '');
        CREATE TABLE households (
            id TEXT PRIMARY KEY, community_id TEXT NOT NULL REFERENCES communities(id), label TEXT NOT NULL);
        CREATE TABLE residents (
            id TEXT PRIMARY KEY, household_id TEXT NOT NULL REFERENCES households(id), name TEXT NOT NULL);
        CREATE TABLE cards (
            uid TEXT PRIMARY KEY CHECK (uid = upper(uid) AND length(uid) BETWEEN 2 AND 32),
            household_id TEXT NOT NULL REFERENCES households(id), active INTEGER NOT NULL, registered_utc TEXT NOT NULL);

        -- (bin, seq) is claimed once by either a drop-off or an event: they share one sequence space per bin.
        CREATE TABLE seq_claims (
            bin_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (bin_id, seq)) WITHOUT ROWID;
        CREATE TABLE dropoffs (
            bin_id TEXT NOT NULL REFERENCES bins(id), seq INTEGER NOT NULL CHECK (seq >= 1),
            received_utc TEXT NOT NULL, occurred_utc TEXT NOT NULL, session_start_utc TEXT NOT NULL, session_end_utc TEXT NOT NULL,
            community_id TEXT NOT NULL, bin_location TEXT NOT NULL, lat REAL, lon REAL,
            card_uid TEXT NOT NULL, household_id TEXT REFERENCES households(id), material TEXT NOT NULL,
            gross_before_grams INTEGER NOT NULL, gross_after_grams INTEGER NOT NULL,
            net_grams INTEGER NOT NULL CHECK (net_grams = gross_after_grams - gross_before_grams),
            items INTEGER NOT NULL CHECK (items >= 0), flags INTEGER NOT NULL CHECK (flags >= 0),
            calibration_version INTEGER NOT NULL, firmware TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('credited','recorded','held','rejected','suspense','reversed')),
            reason TEXT NOT NULL, points INTEGER NOT NULL CHECK (points >= 0), gco2e INTEGER NOT NULL CHECK (gco2e >= 0),
            price_version TEXT NOT NULL, factor_version TEXT NOT NULL, rule_set_version TEXT NOT NULL, notes TEXT NOT NULL,
            idempotency_key TEXT NOT NULL, local_day TEXT NOT NULL,
            resolution TEXT NOT NULL DEFAULT '', resolved_by TEXT NOT NULL DEFAULT '', resolved_utc TEXT NOT NULL DEFAULT '',
            resolution_reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (bin_id, seq));
        CREATE INDEX dropoffs_suspense ON dropoffs(card_uid) WHERE outcome = 'suspense';
        CREATE INDEX dropoffs_received ON dropoffs(received_utc);
        CREATE TABLE events (
            bin_id TEXT NOT NULL REFERENCES bins(id), seq INTEGER NOT NULL CHECK (seq >= 1), received_utc TEXT NOT NULL,
            kind TEXT NOT NULL, code TEXT NOT NULL, at_utc TEXT NOT NULL, grams INTEGER NOT NULL, card_uid TEXT NOT NULL,
            clock_unset INTEGER NOT NULL, PRIMARY KEY (bin_id, seq));
        CREATE TABLE rejected_messages (
            id INTEGER PRIMARY KEY, bin_id TEXT NOT NULL, leaf TEXT NOT NULL, seq INTEGER NOT NULL, reason TEXT NOT NULL,
            detail TEXT NOT NULL, received_utc TEXT NOT NULL, payload BLOB NOT NULL CHECK (length(payload) <= 1024));
        -- Credited grams and points per household per local day, for the daily caps.
        CREATE TABLE household_day (
            household_id TEXT NOT NULL, day TEXT NOT NULL, grams INTEGER NOT NULL, points INTEGER NOT NULL,
            PRIMARY KEY (household_id, day)) WITHOUT ROWID;
        -- Each card's latest drop-off, for the impossible-travel check.
        CREATE TABLE card_last (
            card_uid TEXT PRIMARY KEY, bin_id TEXT NOT NULL, occurred_utc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE community_totals (
            community_id TEXT PRIMARY KEY, committed_grams INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE transfers (
            id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE,
            unit TEXT NOT NULL CHECK (unit IN ('points','gco2e')), amount INTEGER NOT NULL CHECK (amount > 0),
            debit_account TEXT NOT NULL, credit_account TEXT NOT NULL CHECK (credit_account <> debit_account),
            kind TEXT NOT NULL, reference TEXT NOT NULL, reverses_transfer_id INTEGER REFERENCES transfers(id),
            memo TEXT NOT NULL, created_utc TEXT NOT NULL);
        CREATE UNIQUE INDEX transfers_reversed_once ON transfers(reverses_transfer_id) WHERE reverses_transfer_id IS NOT NULL;
        CREATE TABLE entries (
            transfer_id INTEGER NOT NULL REFERENCES transfers(id), account TEXT NOT NULL, unit TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount <> 0), PRIMARY KEY (transfer_id, account)) WITHOUT ROWID;
        CREATE INDEX entries_account ON entries(account, transfer_id);
        CREATE TABLE balances (
            account TEXT NOT NULL, unit TEXT NOT NULL,
            balance INTEGER NOT NULL CHECK (account = 'issuance' OR balance >= 0),
            PRIMARY KEY (account, unit)) WITHOUT ROWID;
        -- Every transfer is exactly two entries, written by the database itself in the same statement.
        CREATE TRIGGER transfers_entries AFTER INSERT ON transfers BEGIN
            INSERT INTO entries (transfer_id, account, unit, amount) VALUES
                (new.id, new.debit_account, new.unit, -new.amount), (new.id, new.credit_account, new.unit, new.amount);
        END;
        -- Append-only: the ledger is corrected by reversing transfers, never by editing.
        CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers BEGIN SELECT RAISE(ABORT, 'transfers are append-only'); END;
        CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers BEGIN SELECT RAISE(ABORT, 'transfers are append-only'); END;
        CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;
        CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;
        """,
        // 2: rejected messages are kept for a retention period; pruning finds old rows by receive time.
        """
        CREATE INDEX rejected_messages_received ON rejected_messages(received_utc);
        """,
        // 3: the admin API (issue 5): operators with API keys (only SHA-256 of the key's secret is kept), when a bin's
        // secret was issued and why it was disabled, and provisioning records (idempotent by the client's record id).
        """
        CREATE TABLE operators (
            name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('admin','staff')),
            key_id TEXT NOT NULL UNIQUE, key_hash BLOB NOT NULL CHECK (length(key_hash) = 32),
            created_utc TEXT NOT NULL, disabled_utc TEXT);
        ALTER TABLE bins ADD COLUMN secret_issued_utc TEXT;
        ALTER TABLE bins ADD COLUMN disabled_utc TEXT;
        ALTER TABLE bins ADD COLUMN disabled_reason TEXT NOT NULL DEFAULT '';
        CREATE TABLE provisionings (
            record_id TEXT PRIMARY KEY, bin_id TEXT NOT NULL REFERENCES bins(id), operator TEXT NOT NULL,
            request_json TEXT NOT NULL, recorded_utc TEXT NOT NULL);
        CREATE INDEX provisionings_bin ON provisionings(bin_id, recorded_utc);
        """,
        // 4: redemption partners (shops, the online mall, the citizen service card), their redemptions and the
        // remembered answers that make every partner POST idempotent. State changes and ledger transfers of a
        // redemption are written in one transaction (Redemption/README.md).
        """
        CREATE TABLE partners (
            partner_id TEXT PRIMARY KEY CHECK (length(partner_id) BETWEEN 2 AND 32),
            kind TEXT NOT NULL CHECK (kind IN ('shop','mall','citizen-card')),
            name TEXT NOT NULL, community_id TEXT REFERENCES communities(id),
            key_id TEXT NOT NULL UNIQUE CHECK (length(key_id) = 12), key_hash TEXT NOT NULL CHECK (length(key_hash) = 64),
            created_utc TEXT NOT NULL, disabled_utc TEXT);
        CREATE TABLE redemptions (
            id TEXT PRIMARY KEY, partner_id TEXT NOT NULL REFERENCES partners(partner_id),
            kind TEXT NOT NULL CHECK (kind IN ('payment','order','bill-deduction')),
            household_id TEXT NOT NULL REFERENCES households(id), card_uid TEXT,
            points INTEGER NOT NULL CHECK (points > 0),
            state TEXT NOT NULL CHECK (state IN ('reserved','captured','released','expired','refunded','deducted','reversed')),
            captured_points INTEGER NOT NULL DEFAULT 0 CHECK (captured_points BETWEEN 0 AND points),
            refunded_points INTEGER NOT NULL DEFAULT 0 CHECK (refunded_points BETWEEN 0 AND captured_points),
            bill_type TEXT, partner_reference TEXT NOT NULL, client_key TEXT NOT NULL,
            expires_utc TEXT, created_utc TEXT NOT NULL, updated_utc TEXT NOT NULL,
            UNIQUE (partner_id, client_key));
        CREATE INDEX redemptions_due ON redemptions(expires_utc) WHERE state = 'reserved';
        -- One live redemption per partner reference (a receipt, an order, a bill): a second one is a double charge.
        CREATE UNIQUE INDEX redemptions_live_reference ON redemptions(partner_id, partner_reference)
            WHERE state IN ('reserved','captured','deducted');
        CREATE TABLE partner_requests (
            partner_id TEXT NOT NULL, client_key TEXT NOT NULL, operation TEXT NOT NULL, fingerprint TEXT NOT NULL,
            status_code INTEGER NOT NULL, response TEXT NOT NULL, created_utc TEXT NOT NULL,
            PRIMARY KEY (partner_id, client_key)) WITHOUT ROWID;
        """,
        // 5: staff accounts of the dashboard (issue 6): PBKDF2 password hashes (the algorithm and iteration count are
        // part of the stored text), a role, and the community the account is limited to (NULL = every community).
        """
        CREATE TABLE staff_users (
            username TEXT PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 64),
            display_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('staff','admin')),
            community_id TEXT REFERENCES communities(id), password_hash TEXT NOT NULL,
            created_utc TEXT NOT NULL, disabled_utc TEXT);
        """,
        // 6: programme reporting (Reporting/README.md). dropoff_day_totals keeps count and sums of drop-offs per local
        // day, community, material, factor version and outcome, kept exact by triggers on every insert, outcome change
        // (release, reject, reversal, hold) and delete, so statistics over a year read a few thousand rows instead of
        // millions. dropoffs_outcome_day answers participation and the weekly campaign from the index alone (outcome
        // leads, not a partial index: SQLite 3.40 reads the table to re-check a partial index's WHERE, so it would not
        // cover); the day index serves the drop-off export; residents are looked up by household for the campaign.
        """
        CREATE TABLE dropoff_day_totals (
            local_day TEXT NOT NULL, community_id TEXT NOT NULL, material TEXT NOT NULL, factor_version TEXT NOT NULL,
            outcome TEXT NOT NULL, dropoffs INTEGER NOT NULL, net_grams INTEGER NOT NULL, points INTEGER NOT NULL,
            gco2e INTEGER NOT NULL,
            PRIMARY KEY (local_day, community_id, material, factor_version, outcome)) WITHOUT ROWID;
        INSERT INTO dropoff_day_totals (local_day, community_id, material, factor_version, outcome, dropoffs, net_grams, points, gco2e)
            SELECT local_day, community_id, material, factor_version, outcome, COUNT(*), SUM(net_grams), SUM(points), SUM(gco2e)
            FROM dropoffs GROUP BY local_day, community_id, material, factor_version, outcome;
        CREATE TRIGGER dropoffs_day_totals_insert AFTER INSERT ON dropoffs BEGIN
            INSERT INTO dropoff_day_totals (local_day, community_id, material, factor_version, outcome, dropoffs, net_grams, points, gco2e)
                VALUES (new.local_day, new.community_id, new.material, new.factor_version, new.outcome, 1, new.net_grams, new.points, new.gco2e)
                ON CONFLICT (local_day, community_id, material, factor_version, outcome) DO UPDATE SET
                    dropoffs = dropoffs + 1, net_grams = net_grams + excluded.net_grams,
                    points = points + excluded.points, gco2e = gco2e + excluded.gco2e;
        END;
        CREATE TRIGGER dropoffs_day_totals_update
            AFTER UPDATE OF local_day, community_id, material, factor_version, outcome, net_grams, points, gco2e ON dropoffs BEGIN
            UPDATE dropoff_day_totals SET dropoffs = dropoffs - 1, net_grams = net_grams - old.net_grams,
                    points = points - old.points, gco2e = gco2e - old.gco2e
                WHERE local_day = old.local_day AND community_id = old.community_id AND material = old.material
                    AND factor_version = old.factor_version AND outcome = old.outcome;
            INSERT INTO dropoff_day_totals (local_day, community_id, material, factor_version, outcome, dropoffs, net_grams, points, gco2e)
                VALUES (new.local_day, new.community_id, new.material, new.factor_version, new.outcome, 1, new.net_grams, new.points, new.gco2e)
                ON CONFLICT (local_day, community_id, material, factor_version, outcome) DO UPDATE SET
                    dropoffs = dropoffs + 1, net_grams = net_grams + excluded.net_grams,
                    points = points + excluded.points, gco2e = gco2e + excluded.gco2e;
        END;
        CREATE TRIGGER dropoffs_day_totals_delete AFTER DELETE ON dropoffs BEGIN
            UPDATE dropoff_day_totals SET dropoffs = dropoffs - 1, net_grams = net_grams - old.net_grams,
                    points = points - old.points, gco2e = gco2e - old.gco2e
                WHERE local_day = old.local_day AND community_id = old.community_id AND material = old.material
                    AND factor_version = old.factor_version AND outcome = old.outcome;
        END;
        CREATE INDEX dropoffs_outcome_day ON dropoffs(outcome, local_day, household_id, card_uid, net_grams, occurred_utc);
        CREATE INDEX dropoffs_day ON dropoffs(local_day, community_id);
        CREATE INDEX residents_household ON residents(household_id, id);
        """,
        // 7: staff review decisions (issue 6, the dashboard's review queue, docs/staff.md). One row per decision on a held
        // drop-off: who, when, the note, the reason it was held and the outcome it led to, written in the same
        // transaction as the decision's ledger transfers. The dropoffs row's resolution columns only say the latest
        // state (a later reversal or card registration overwrites them); these rows are never changed. No foreign key
        // to dropoffs: the audit of a decision must not stop anything else the store does with the drop-off.
        """
        CREATE TABLE review_decisions (
            id INTEGER PRIMARY KEY, bin_id TEXT NOT NULL, seq INTEGER NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('approved','rejected')),
            staff TEXT NOT NULL CHECK (length(staff) > 0), note TEXT NOT NULL,
            held_reason TEXT NOT NULL, outcome TEXT NOT NULL, points INTEGER NOT NULL, decided_utc TEXT NOT NULL);
        CREATE INDEX review_decisions_dropoff ON review_decisions(bin_id, seq, id);
        CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;
        CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;
        """,
        // 8: the resident portal (issue 6, Residents/README.md). A card's PIN and the one-time codes staff issue for it,
        // each only as a PBKDF2 hash text (Staff/StaffPasswords.cs). A code ends once: used, or replaced by a newer one.
        // The portal pages a household's drop-offs and redemptions, newest first: one index each.
        """
        CREATE TABLE resident_pins (
            card_uid TEXT PRIMARY KEY REFERENCES cards(uid), pin_hash TEXT NOT NULL, set_utc TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE resident_codes (
            id INTEGER PRIMARY KEY, card_uid TEXT NOT NULL REFERENCES cards(uid), code_hash TEXT NOT NULL,
            issued_by TEXT NOT NULL, issued_utc TEXT NOT NULL, expires_utc TEXT NOT NULL,
            ended_utc TEXT, ended_how TEXT CHECK (ended_how IN ('used','replaced')),
            CHECK ((ended_utc IS NULL) = (ended_how IS NULL)));
        CREATE INDEX resident_codes_open ON resident_codes(card_uid) WHERE ended_utc IS NULL;
        CREATE INDEX dropoffs_household ON dropoffs(household_id, occurred_utc);
        CREATE INDEX redemptions_household ON redemptions(household_id, created_utc);
        """,
        // 9: resident sessions end when their card's PIN is set (Residents/README.md). Each setting of a card's PIN
        // adds one to its generation; a portal cookie carries the generation it was issued under and is refused once
        // they differ. A counter, not a time, so a gateway clock that jumps (no RTC until NTP answers) can neither
        // keep an old session alive nor end the new one. A card without a row is generation 0; rows set before this
        // migration are generation 1 (cookies from before carry no generation and are signed out anyway).
        """
        ALTER TABLE resident_pins ADD COLUMN generation INTEGER NOT NULL DEFAULT 1 CHECK (generation >= 1);
        """,
        // 10: lost, stolen and cloned cards (admin API POST /cards/{uid}/deactivate, docs/admin-api.md). One row per
        // deactivation: which registration it ended (the household), who, when and why; never changed, so a card
        // registered again (to any household) keeps its history. A deactivation also forgets the card's PIN (an empty
        // pin_hash means none; the generation moves on so no earlier session comes back) and ends its open codes,
        // so a card handed to another household opens nothing of the old one's: resident_codes is rebuilt (SQLite
        // cannot alter a CHECK) to allow ended_how 'deactivated'. Nothing references resident_codes.
        """
        CREATE TABLE card_deactivations (
            id INTEGER PRIMARY KEY, card_uid TEXT NOT NULL REFERENCES cards(uid), household_id TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('', 'lost', 'stolen', 'cloned', 'other')),
            operator TEXT NOT NULL CHECK (length(operator) > 0), deactivated_utc TEXT NOT NULL);
        CREATE INDEX card_deactivations_card ON card_deactivations(card_uid, id);
        CREATE TRIGGER card_deactivations_no_update BEFORE UPDATE ON card_deactivations BEGIN SELECT RAISE(ABORT, 'card deactivations are append-only'); END;
        CREATE TRIGGER card_deactivations_no_delete BEFORE DELETE ON card_deactivations BEGIN SELECT RAISE(ABORT, 'card deactivations are append-only'); END;
        CREATE TABLE resident_codes_10 (
            id INTEGER PRIMARY KEY, card_uid TEXT NOT NULL REFERENCES cards(uid), code_hash TEXT NOT NULL,
            issued_by TEXT NOT NULL, issued_utc TEXT NOT NULL, expires_utc TEXT NOT NULL,
            ended_utc TEXT, ended_how TEXT CHECK (ended_how IN ('used','replaced','deactivated')),
            CHECK ((ended_utc IS NULL) = (ended_how IS NULL)));
        INSERT INTO resident_codes_10 (id, card_uid, code_hash, issued_by, issued_utc, expires_utc, ended_utc, ended_how)
            SELECT id, card_uid, code_hash, issued_by, issued_utc, expires_utc, ended_utc, ended_how FROM resident_codes;
        DROP TABLE resident_codes;
        ALTER TABLE resident_codes_10 RENAME TO resident_codes;
        CREATE INDEX resident_codes_open ON resident_codes(card_uid) WHERE ended_utc IS NULL;
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>
    /// Applies the migrations the database lacks, up to <paramref name="stopAfterVersion"/> when given (tests build an
    /// older database with it to check an upgrade); returns the versions applied.
    /// </summary>
    public static IReadOnlyList<int> Migrate(SqliteConnection connection, int? stopAfterVersion = null)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }
        var current = CurrentVersion(connection);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"database schema version {current} is newer than this gateway ({Migrations.Length})");
        }
        var applied = new List<int>();
        var last = Math.Min(stopAfterVersion ?? Migrations.Length, Migrations.Length);
        for (var version = current + 1; version <= last; version++)
        {
            using var tx = connection.BeginTransaction();
            using (var migrate = connection.CreateCommand())
            {
                migrate.Transaction = tx;
                migrate.CommandText = Migrations[version - 1];
                migrate.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_version (version, applied_utc) VALUES ($v, $at)";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
                record.ExecuteNonQuery();
            }
            tx.Commit();
            applied.Add(version);
        }
        return applied;
    }

    /// <summary>Highest applied migration, 0 for an empty database.</summary>
    public static int CurrentVersion(SqliteConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
