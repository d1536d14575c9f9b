using System;
using System.Threading.Tasks;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>Transfers, idempotency, reversals and concurrent spending.</summary>
public sealed class LedgerTests : IDisposable
{
    private const string Bin = "baiyun-0001";
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    private string Account(int index) => HouseholdAccount(Bin, index);

    [Fact]
    public void Transfer_is_idempotent_by_key()
    {
        var first = f.Store.Transfer("bonus-1", LedgerUnits.Points, 100, LedgerAccounts.Issuance, Account(1), "bonus", "launch day");
        var again = f.Store.Transfer("bonus-1", LedgerUnits.Points, 100, LedgerAccounts.Issuance, Account(1), "bonus", "launch day");
        var conflicting = f.Store.Transfer("bonus-1", LedgerUnits.Points, 101, LedgerAccounts.Issuance, Account(1), "bonus", "launch day");

        Assert.Equal(TransferStatus.Applied, first.Status);
        Assert.Equal(TransferStatus.AlreadyApplied, again.Status);
        Assert.Equal(first.Transfers[0], again.Transfers[0]);
        Assert.Equal((TransferStatus.Refused, TransferRefusals.IdempotencyConflict), (conflicting.Status, conflicting.Reason));
        Assert.Equal(100, f.Store.Balance(Account(1), LedgerUnits.Points));
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM transfers"));
    }

    [Theory]
    [InlineData("", "points", 1, "issuance", "household:demo-baiyun-0001-01")]
    [InlineData("k", "cny", 1, "issuance", "household:demo-baiyun-0001-01")]
    [InlineData("k", "points", 0, "issuance", "household:demo-baiyun-0001-01")]
    [InlineData("k", "points", -5, "issuance", "household:demo-baiyun-0001-01")]
    [InlineData("k", "points", 1, "issuance", "issuance")]
    [InlineData("k", "points", 1, "issuance", "household:nobody")]
    [InlineData("k", "points", 1, "issuance", "suspense:EE000001")]
    [InlineData("k", "points", 1, "somewhere", "redemption")]
    public void Invalid_transfers_are_refused_and_book_nothing(string key, string unit, long amount, string from, string to)
    {
        var result = f.Store.Transfer(key, unit, amount, from, to, "test", "");

        Assert.Equal(TransferStatus.Refused, result.Status);
        Assert.StartsWith(TransferRefusals.Invalid, result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM transfers"));
    }

    [Fact]
    public void Spending_more_than_the_balance_is_refused()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 2), 750)); // 60 points

        var tooMuch = f.Store.Transfer("shop-1", LedgerUnits.Points, 61, Account(2), LedgerAccounts.Redemption, "redemption", "soap");
        var exact = f.Store.Transfer("shop-2", LedgerUnits.Points, 60, Account(2), LedgerAccounts.Redemption, "redemption", "soap");

        Assert.Equal((TransferStatus.Refused, TransferRefusals.InsufficientBalance), (tooMuch.Status, tooMuch.Reason));
        Assert.Equal(TransferStatus.Applied, exact.Status);
        Assert.Equal(0, f.Store.Balance(Account(2), LedgerUnits.Points));
        Assert.Equal(60, f.Store.Balance(LedgerAccounts.Redemption, LedgerUnits.Points));
    }

    [Fact]
    public void Reversing_a_credited_drop_off_appends_a_reversing_pair_and_restores_balances()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 3), 750));
        var originals = f.Rows("SELECT * FROM transfers ORDER BY id");

        var reversed = f.Store.ReverseDropOff(Bin, 1, "scale miscalibrated", "fix-17");

        Assert.Equal(TransferStatus.Applied, reversed.Status);
        Assert.Equal(2, reversed.Transfers.Count);
        Assert.All(reversed.Transfers, t => Assert.NotNull(t.ReversesTransferId));
        Assert.Equal(originals, f.Rows("SELECT * FROM transfers ORDER BY id LIMIT 2"));
        Assert.Equal(4, f.Scalar("SELECT COUNT(*) FROM transfers"));
        Assert.Equal(0, f.Store.Balance(Account(3), LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(Account(3), LedgerUnits.GramsCo2e));
        Assert.Equal(0, f.Store.Balance(LedgerAccounts.Issuance, LedgerUnits.Points));
        Assert.Equal(DropOffOutcomes.Reversed, f.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Equal(4, f.Store.Entries(Household(Bin, 3)).Count);

        var again = f.Store.ReverseDropOff(Bin, 1, "scale miscalibrated", "fix-17");
        var otherKey = f.Store.ReverseDropOff(Bin, 1, "scale miscalibrated", "fix-18");
        Assert.Equal(TransferStatus.AlreadyApplied, again.Status);
        Assert.Equal((TransferStatus.Refused, TransferRefusals.AlreadyReversed), (otherKey.Status, otherKey.Reason));
        Assert.Equal(4, f.Scalar("SELECT COUNT(*) FROM transfers"));
    }

    [Fact]
    public void Reversal_is_refused_when_the_household_spent_the_points_and_nothing_changes()
    {
        f.CommitOne(DropOff(Bin, 1, Card(0, 4), 750)); // 60 points
        Assert.Equal(TransferStatus.Applied, f.Store.Transfer("shop-1", LedgerUnits.Points, 50, Account(4), LedgerAccounts.Redemption, "redemption", "rice").Status);
        var before = f.Rows("SELECT * FROM transfers UNION ALL SELECT account, unit, balance, '', '', '', '', '', '', '', '' FROM balances");

        var refused = f.Store.ReverseDropOff(Bin, 1, "duplicate card", "fix-1");

        Assert.Equal((TransferStatus.Refused, TransferRefusals.InsufficientBalance), (refused.Status, refused.Reason));
        Assert.Equal(before, f.Rows("SELECT * FROM transfers UNION ALL SELECT account, unit, balance, '', '', '', '', '', '', '', '' FROM balances"));
        Assert.Equal(DropOffOutcomes.Credited, f.Store.DropOff(Bin, 1)!.Outcome);
        Assert.Equal(10, f.Store.Balance(Account(4), LedgerUnits.Points));
    }

    [Fact]
    public void Reversing_a_released_suspense_drop_off_undoes_release_and_suspense()
    {
        f.CommitOne(DropOff(Bin, 1, "EE0000AA", 750));
        f.Store.RegisterHousehold("h-late", "baiyun", "late registration");
        f.Store.RegisterCard("EE0000AA", "h-late");

        var reversed = f.Store.ReverseDropOff(Bin, 1, "test", "fix-2");

        Assert.Equal(4, reversed.Transfers.Count);
        Assert.Equal(0, f.Store.Balance(LedgerAccounts.Household("h-late"), LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(LedgerAccounts.Suspense("EE0000AA"), LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(LedgerAccounts.Issuance, LedgerUnits.GramsCo2e));
    }

    [Fact]
    public void Concurrent_spending_never_drives_a_household_negative()
    {
        const int threads = 16;
        const int attemptsPerThread = 40;
        Assert.Equal(TransferStatus.Applied, f.Store.Transfer("fund", LedgerUnits.Points, 1_000, LedgerAccounts.Issuance, Account(5), "bonus", "").Status);

        var applied = new int[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < attemptsPerThread; i++)
            {
                var result = f.Store.Transfer($"spend-{t}-{i}", LedgerUnits.Points, 3, Account(5), LedgerAccounts.Redemption, "redemption", "");
                if (result.Status == TransferStatus.Applied)
                {
                    applied[t]++;
                }
                else
                {
                    Assert.Equal(TransferRefusals.InsufficientBalance, result.Reason);
                }
            }
        });

        var spent = 0;
        foreach (var n in applied)
        {
            spent += n * 3;
        }
        Assert.Equal(333 * 3, spent); // 640 attempts of 3 against 1 000: exactly 333 fit
        Assert.Equal(1, f.Store.Balance(Account(5), LedgerUnits.Points));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM balances WHERE account <> 'issuance' AND balance < 0"));
        Assert.Equal(1 + 333, f.Scalar("SELECT COUNT(*) FROM transfers"));
    }

    [Fact]
    public void Issued_secret_is_stored_only_as_a_hash_that_verifies()
    {
        var secret = f.Store.IssueBinSecret(Bin);

        Assert.NotNull(secret);
        var credential = f.Store.Find(Bin)!;
        Assert.DoesNotContain(secret, credential.SecretHash, StringComparison.Ordinal);
        Assert.True(SmartBin.Gateway.Mqtt.BinSecretHasher.Verify(secret!, credential.SecretHash));
        Assert.False(SmartBin.Gateway.Mqtt.BinSecretHasher.Verify("sim-" + Bin, credential.SecretHash));
        Assert.Null(f.Store.IssueBinSecret("nowhere"));
        Assert.Equal(4, f.Store.All().Count);
    }

    [Fact]
    public void Deactivated_card_goes_to_suspense_and_can_move_household()
    {
        var card = Card(0, 7);
        Assert.Equal(RegistryRefusals.CardInUse, f.Store.RegisterCard(card, Household(Bin, 8)).Reason);
        Assert.Equal(CardDeactivationOutcome.Deactivated, f.Store.DeactivateCard(card, "desk", CardDeactivationReasons.Lost).Outcome);

        Assert.Equal(AckResult.Held, f.CommitOne(DropOff(Bin, 1, card, 750)).Result);
        Assert.Equal(new CardRegistrationResult(true, "", 1, 60), f.Store.RegisterCard(card, Household(Bin, 8)));
        Assert.Equal(60, f.Store.Balance(Account(8), LedgerUnits.Points));
        Assert.Equal(0, f.Store.Balance(Account(7), LedgerUnits.Points));
    }
}
