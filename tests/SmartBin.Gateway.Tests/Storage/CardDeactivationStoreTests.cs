using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Residents;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Storage.Internal;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>The store's side of a lost, stolen or cloned card: the record, idempotency, the portal's PIN and codes, migration 10.</summary>
public sealed class CardDeactivationStoreTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public void A_deactivation_is_recorded_once_with_household_operator_reason_and_time_and_the_record_cannot_be_changed()
    {
        var card = Card(0, 3);
        f.Time.Advance(TimeSpan.FromMinutes(7));
        var (outcome, state) = f.Store.DeactivateCard(card.ToLowerInvariant(), "desk1", CardDeactivationReasons.Cloned);
        Assert.Equal(CardDeactivationOutcome.Deactivated, outcome);
        Assert.False(state!.Active);
        Assert.Equal(new CardDeactivation(Household(Bin, 3), "cloned", "desk1", Morning.AddMinutes(7)), state.Current);

        f.Time.Advance(TimeSpan.FromMinutes(1));
        var (again, same) = f.Store.DeactivateCard(card, "desk2", CardDeactivationReasons.Lost);
        Assert.Equal(CardDeactivationOutcome.AlreadyInactive, again);
        Assert.Equal(state.Current, same!.Current);
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM card_deactivations"));

        Assert.Equal(CardDeactivationOutcome.UnknownCard, f.Store.DeactivateCard("0A0B0C0D", "desk1", "").Outcome);
        Assert.Equal(CardDeactivationOutcome.Invalid, f.Store.DeactivateCard(card, "desk1", "misplaced").Outcome);
        Assert.Equal(CardDeactivationOutcome.Invalid, f.Store.DeactivateCard(card, " ", "").Outcome);
        Assert.Equal(CardDeactivationOutcome.Invalid, f.Store.DeactivateCard("0A0B0C0G", "desk1", "").Outcome);
        Assert.Throws<SqliteException>(() => f.Scalar("UPDATE card_deactivations SET reason = 'lost'"));
        Assert.Throws<SqliteException>(() => f.Scalar("DELETE FROM card_deactivations"));
    }

    [Fact]
    public void A_deactivation_forgets_the_cards_PIN_moves_its_generation_on_and_ends_its_open_codes()
    {
        var card = Card(0, 1);
        Assert.Equal(1, ResidentRows.SetPin(f.Store, card, "hash-of-a-pin", Morning, expectedGeneration: 0));
        ResidentRows.IssueCode(f.Store, card, "hash-of-a-code", "bai", Morning, Morning.AddHours(24));
        var neverSet = Card(0, 2);
        ResidentRows.IssueCode(f.Store, neverSet, "hash-of-another-code", "bai", Morning, Morning.AddHours(24));

        Assert.Equal(CardDeactivationOutcome.Deactivated, f.Store.DeactivateCard(card, "desk1", "").Outcome);
        Assert.Equal(CardDeactivationOutcome.Deactivated, f.Store.DeactivateCard(neverSet, "desk1", "").Outcome);

        var after = ResidentRows.FindCard(f.Store, card)!;
        Assert.Equal((false, null, 2L), (after.Active, after.PinHash, after.PinGeneration));
        // A card that never had a PIN moves from generation 0 too, so a code session from before ends as well.
        Assert.Equal((null, 1L), (ResidentRows.FindCard(f.Store, neverSet)!.PinHash, ResidentRows.FindCard(f.Store, neverSet)!.PinGeneration));
        Assert.Empty(ResidentRows.OpenCodes(f.Store, card));
        Assert.Empty(ResidentRows.OpenCodes(f.Store, neverSet));
        Assert.Equal(2, f.Scalar("SELECT COUNT(*) FROM resident_codes WHERE ended_how = 'deactivated'"));
        // Registered again, the first PIN is chosen under the card's current generation.
        Assert.True(f.Store.RegisterCard(card, Household(Bin, 1)).Ok);
        Assert.Null(ResidentRows.SetPin(f.Store, card, "hash-of-a-new-pin", Morning, expectedGeneration: 1));
        Assert.Equal(3, ResidentRows.SetPin(f.Store, card, "hash-of-a-new-pin", Morning, expectedGeneration: 2));
    }

    [Fact]
    public void The_cards_next_drop_off_goes_to_suspense_at_once_and_registration_releases_it_to_the_new_household()
    {
        var card = Card(0, 4);
        Assert.Equal(AckResult.Credited, f.CommitOne(DropOff(Bin, 1, card, 750)).Result);
        Assert.Equal(CardDeactivationOutcome.Deactivated, f.Store.DeactivateCard(card, "desk1", CardDeactivationReasons.Stolen).Outcome);
        var parked = f.CommitOne(DropOff(Bin, 2, card, 750, endUtc: Morning.AddMinutes(1)));
        Assert.Equal((AckResult.Held, "unknown-card"), (parked.Result, parked.Reason));
        Assert.Equal(60, f.Store.Balance(LedgerAccounts.Suspense(card), LedgerUnits.Points));
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 4), LedgerUnits.Points));

        Assert.Equal(new CardRegistrationResult(true, "", 1, 60), f.Store.RegisterCard(card, Household(Bin, 9)));
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 9), LedgerUnits.Points));
        Assert.Equal(60, f.Store.Balance(HouseholdAccount(Bin, 4), LedgerUnits.Points));
        Assert.Equal(Household(Bin, 4), Assert.Single(f.Store.FindCardState(card)!.Deactivations).HouseholdId);
    }

    [Fact]
    public void Migration_10_keeps_the_resident_codes_of_a_version_9_database()
    {
        var folder = Directory.CreateTempSubdirectory("smartbin-m10-").FullName;
        try
        {
            var path = Path.Combine(folder, "smartbin.db");
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                Assert.Equal(9, Schema.Migrate(connection, stopAfterVersion: 9).Count);
                using var seed = connection.CreateCommand();
                seed.CommandText =
                    "INSERT INTO communities VALUES ('baiyun', 'Baiyun', 1, 1, 0, 'Asia/Shanghai');" +
                    "INSERT INTO households VALUES ('h1', 'baiyun', 'one');" +
                    "INSERT INTO cards VALUES ('0B000000', 'h1', 1, '2026-03-01T00:00:00.0000000Z');" +
                    "INSERT INTO resident_codes (card_uid, code_hash, issued_by, issued_utc, expires_utc, ended_utc, ended_how) VALUES " +
                    "('0B000000', 'c1', 'bai', '2026-03-01T00:00:00.0000000Z', '2026-03-02T00:00:00.0000000Z', '2026-03-01T01:00:00.0000000Z', 'used')," +
                    "('0B000000', 'c2', 'bai', '2026-03-01T02:00:00.0000000Z', '2026-03-02T02:00:00.0000000Z', NULL, NULL);";
                seed.ExecuteNonQuery();
            }
            var codes = "SELECT id, card_uid, code_hash, issued_by, issued_utc, expires_utc, ended_utc, ended_how FROM resident_codes ORDER BY id";
            var before = RowsOf(path, codes);

            var options = new GatewayOptions { Storage = new StorageOptions { DataDirectory = folder, DatabaseFile = "smartbin.db" } };
            using (var store = SqliteGatewayStore.Open(options, new FakeTimeProvider(Morning)))
            {
                Assert.Equal(Schema.LatestVersion, store.SchemaVersion);
                Assert.Equal(before, RowsOf(path, codes));
                Assert.Equal(CardDeactivationOutcome.Deactivated, store.DeactivateCard("0B000000", "desk1", "").Outcome);
                Assert.Empty(ResidentRows.OpenCodes(store, "0B000000"));
            }
            Assert.Equal(["used", "deactivated"], RowsOf(path, "SELECT ended_how FROM resident_codes ORDER BY id"));
            Assert.Equal(["1"], RowsOf(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'resident_codes_open'"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] RowsOf(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new System.Collections.Generic.List<string>();
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            rows.Add(string.Join('|', cells));
        }
        return [.. rows];
    }
}
