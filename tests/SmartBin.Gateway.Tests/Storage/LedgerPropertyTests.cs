using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using SmartBin.Gateway.Protocol;
using SmartBin.Gateway.Storage;
using Xunit;
using static SmartBin.Gateway.Tests.Storage.StoreFixture;

namespace SmartBin.Gateway.Tests.Storage;

/// <summary>
/// Random sequences of drop-offs (with resends), card registrations, staff releases, reversals and redemptions
/// (some concurrent) keep the ledger's invariants, and every household's balance equals what a plain model of
/// the operations says it should be.
/// </summary>
public sealed class LedgerPropertyTests
{
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(40)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20260302UL), FSharpOption<int>.None)));

    private static readonly string[] Bins = ["baiyun-0001", "baiyun-0002"];
    private static readonly string[] Strangers = ["EE000001", "EE000002"];

    /// <summary>One operation; the fields mean different things per kind (see <see cref="Apply"/>).</summary>
    public sealed record Op(int Kind, int Bin, int Seq, int Who, int Grams, bool Unsettled);

    private static readonly Gen<Op> AnyOp =
        from kind in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)), (3, Gen.Constant(4)), (1, Gen.Constant(5)))
        from bin in Gen.Choose(0, 1)
        from seq in Gen.Choose(1, 12)
        from who in Gen.Choose(0, 5)
        from grams in Gen.Frequency((8, Gen.Choose(20, 3_000)), (1, Gen.Choose(5_001, 7_000)))
        from unsettled in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Op(kind, bin, seq, who, grams, unsettled);

    [Fact]
    public void Random_operations_keep_the_ledger_invariants()
    {
        Check.One(Seeded, Prop.ForAll(Gen.ListOf(AnyOp).Select(l => l.ToList()).ToArbitrary(), ops =>
        {
            using var f = new StoreFixture(new Configuration.SeedOptions { DemoFleet = true, DemoBins = 4, DemoSeed = 1 });
            var expected = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var op in ops)
            {
                Apply(f, op, expected);
            }
            CheckInvariants(f, expected);
        }));
    }

    /// <summary>
    /// Kinds: 0 drop-off batch (the op and a resend of it, plus a drop-off one seq later), 1 register a stranger's
    /// card, 2 staff release, 3 reversal, 4 redemption, 5 four concurrent redemptions.
    /// </summary>
    private static void Apply(StoreFixture f, Op op, Dictionary<string, long> expected)
    {
        var bin = Bins[op.Bin];
        switch (op.Kind)
        {
            case 0:
                var card = op.Who < 4 ? Card(op.Bin == 0 ? 0 : 2, op.Who) : Strangers[op.Who - 4];
                var item = DropOff(bin, op.Seq, card, op.Grams, material: op.Bin == 0 ? "PET" : "PP", flags: op.Unsettled ? 32 : 0);
                var verdicts = f.Store.CommitBatch([item, item, DropOff(bin, op.Seq + 1, card, 100, material: op.Bin == 0 ? "PET" : "PP")]);
                // A random seq may already hold another drop-off: then both copies are a seq conflict, else the copy is a resend.
                var conflict = verdicts[0] is { Result: AckResult.Rejected, Reason: SqliteGatewayStore.SeqConflictReason };
                Assert.Equal(conflict ? AckResult.Rejected : AckResult.Duplicate, verdicts[1].Result);
                foreach (var v in new[] { verdicts[0], verdicts[2] }.Where(v => v.Result == AckResult.Credited))
                {
                    Add(expected, f.Store.DropOff(v.BinId, v.Seq)!.HouseholdId!, v.Points);
                }
                break;
            case 1:
                var stranger = Strangers[op.Who % 2];
                f.Store.RegisterHousehold("h-" + stranger, "baiyun", "new");
                var registered = f.Store.RegisterCard(stranger, "h-" + stranger);
                Add(expected, "h-" + stranger, registered.ReleasedPoints);
                break;
            case 2:
                if (f.Store.ReleaseHeld(bin, op.Seq, "staff").Ok && f.Store.DropOff(bin, op.Seq) is { Outcome: DropOffOutcomes.Credited } released)
                {
                    Add(expected, released.HouseholdId!, released.Points);
                }
                break;
            case 3:
                var reversal = f.Store.ReverseDropOff(bin, op.Seq, "property", $"fix-{bin}-{op.Seq}");
                if (reversal.Status == TransferStatus.Applied)
                {
                    foreach (var t in reversal.Transfers.Where(t => t.Unit == LedgerUnits.Points && t.DebitAccount.StartsWith("household:", StringComparison.Ordinal)))
                    {
                        Add(expected, t.DebitAccount["household:".Length..], -t.Amount);
                    }
                }
                break;
            case 4:
                Redeem(f, Household(bin, op.Who), op.Grams % 200 + 1, Guid.NewGuid().ToString("N"), expected);
                break;
            default:
                var household = Household(bin, op.Who);
                Parallel.For(0, 4, i => Redeem(f, household, op.Grams % 50 + 1, Guid.NewGuid().ToString("N"), expected));
                break;
        }
    }

    private static void Redeem(StoreFixture f, string household, long amount, string key, Dictionary<string, long> expected)
    {
        var result = f.Store.Transfer(key, LedgerUnits.Points, amount, LedgerAccounts.Household(household), LedgerAccounts.Redemption, "redemption", "");
        if (result.Status == TransferStatus.Applied)
        {
            lock (expected)
            {
                Add(expected, household, -amount);
            }
        }
        else
        {
            Assert.Equal(TransferRefusals.InsufficientBalance, result.Reason);
        }
    }

    private static void Add(Dictionary<string, long> expected, string household, long points) =>
        expected[household] = expected.GetValueOrDefault(household) + points;

    private static void CheckInvariants(StoreFixture f, Dictionary<string, long> expected)
    {
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM (SELECT unit FROM entries GROUP BY unit HAVING SUM(amount) <> 0)"));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM balances WHERE account <> 'issuance' AND balance < 0"));
        // Balances table = sum of entries, account by account.
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM (SELECT account, unit, SUM(amount) AS s FROM entries GROUP BY 1, 2) e " +
                                 "LEFT JOIN balances b USING (account, unit) WHERE COALESCE(b.balance, 0) <> e.s"));
        // Each drop-off is booked (credit or suspense) at most once per unit, and released at most once.
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM (SELECT reference, unit, kind FROM transfers WHERE kind IN ('credit', 'suspense', 'release') GROUP BY 1, 2, 3 HAVING COUNT(*) > 1)"));
        foreach (var (household, points) in expected)
        {
            Assert.Equal(points, f.Store.Balance(LedgerAccounts.Household(household), LedgerUnits.Points));
        }
        Assert.Equal(expected.Values.Sum(), f.Scalar("SELECT COALESCE(SUM(balance), 0) FROM balances WHERE unit = 'points' AND account LIKE 'household:%'"));
    }
}
