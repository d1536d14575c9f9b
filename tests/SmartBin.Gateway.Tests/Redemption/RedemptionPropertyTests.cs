using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Redemption;
using SmartBin.Gateway.Storage;
using SmartBin.Gateway.Tests.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>
/// Random sequences of reservations, captures (whole and partial), releases, refunds, bill deductions, reversals,
/// clock jumps with expiry sweeps and retries under old keys: every answer matches a plain model of the rules, and
/// afterwards every balance matches the model and the ledger's invariants hold.
/// </summary>
public sealed class RedemptionPropertyTests
{
    private static readonly Config Seeded = Config.QuickThrowOnFailure
        .WithMaxTest(60)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20260611UL), FSharpOption<int>.None)));

    private static readonly string[] Households = ["demo-baiyun-0001-00", "demo-xiahang-0001-00"];
    private static readonly string[] Partners = ["shop", "mall", "card"];
    private const long Start = 1_000;

    /// <summary>Kind: 0 reserve, 1 capture, 2 release, 3 refund, 4 clock jump + sweep, 5 deduct, 6 reverse, 7 retry. Other fields per kind.</summary>
    public sealed record Op(int Kind, int Who, int Target, int Points, int Minutes, bool Partial);

    private static readonly Gen<Op> AnyOp =
        from kind in Gen.Frequency((5, Gen.Constant(0)), (3, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)),
            (2, Gen.Constant(4)), (2, Gen.Constant(5)), (1, Gen.Constant(6)), (2, Gen.Constant(7)))
        from who in Gen.Choose(0, 1)
        from target in Gen.Choose(0, 30)
        from points in Gen.Frequency((6, Gen.Choose(1, 300)), (1, Gen.Choose(301, 1_200)))
        from minutes in Gen.Choose(0, 25)
        from partial in Gen.Elements(true, false)
        select new Op(kind, who, target, points, minutes, partial);

    private sealed class Model
    {
        public Dictionary<string, long> Available { get; } = Households.ToDictionary(h => h, _ => Start);
        public List<Held> Redemptions { get; } = [];
        public List<(Partner Partner, string Key, RedemptionCommand Command, int Status)> Sent { get; } = [];
    }

    private sealed class Held(string id, string kind, string partner, string household, long points, DateTimeOffset? expires)
    {
        public string Id { get; } = id;
        public string Kind { get; } = kind;
        public string Partner { get; } = partner;
        public string Household { get; } = household;
        public long Points { get; } = points;
        public DateTimeOffset? Expires { get; } = expires;
        public string State { get; set; } = kind == "bill-deduction" ? "deducted" : "reserved";
        public long Captured { get; set; } = kind == "bill-deduction" ? points : 0;
        public long Refunded { get; set; }
    }

    [Fact]
    public void Random_redemption_sequences_follow_the_rules_and_keep_the_ledger_whole()
    {
        Check.One(Seeded, Prop.ForAll(Gen.ListOf(AnyOp).Select(l => l.ToList()).ToArbitrary(), ops =>
        {
            using var f = new StoreFixture(new SeedOptions { DemoFleet = true, DemoBins = 4, DemoSeed = 1 });
            var options = new GatewayOptions();
            var directory = new PartnerDirectory(f.Store, f.Time);
            var partners = new[] { ("shop", PartnerKinds.Shop), ("mall", PartnerKinds.Mall), ("card", PartnerKinds.CitizenCard) }
                .ToDictionary(p => p.Item1, p => directory.Add(p.Item1, p.Item2, p.Item1, null).Partner!);
            var service = new RedemptionService(f.Store, options, f.Time);
            foreach (var h in Households)
            {
                f.Store.Transfer("seed:" + h, LedgerUnits.Points, Start, LedgerAccounts.Issuance, LedgerAccounts.Household(h), "credit", "");
            }
            var model = new Model();
            var n = 0;
            foreach (var op in ops)
            {
                Apply(f, service, partners, model, op, "k" + n++);
            }
            foreach (var h in Households)
            {
                Assert.Equal(model.Available[h], f.Store.Balance(LedgerAccounts.Household(h), LedgerUnits.Points));
                Assert.Equal(model.Redemptions.Where(r => r.Household == h && r.State == "reserved").Sum(r => r.Points),
                    f.Store.Balance(LedgerAccounts.Reserved(h), LedgerUnits.Points));
            }
            foreach (var p in Partners)
            {
                Assert.Equal(model.Redemptions.Where(r => r.Partner == p).Sum(r => r.Captured - r.Refunded),
                    f.Store.Balance(LedgerAccounts.Partner(p), LedgerUnits.Points));
            }
            LedgerAudit.AssertInvariants(f.DatabasePath);
        }));
    }

    private static void Apply(StoreFixture f, RedemptionService service, Dictionary<string, Partner> partners, Model m, Op op, string key)
    {
        if (op.Kind == 4)
        {
            f.Time.Advance(TimeSpan.FromMinutes(op.Minutes));
            while (service.ExpireDue(3) == 3)
            {
            }
            foreach (var r in m.Redemptions.Where(r => r.State == "reserved" && r.Expires <= f.Time.GetUtcNow()))
            {
                Expire(m, r);
            }
            return;
        }
        if (op.Kind == 7)
        {
            if (m.Sent.Count == 0)
            {
                return;
            }
            var (partner, oldKey, command, status) = m.Sent[op.Target % m.Sent.Count];
            var transfers = f.Scalar("SELECT COUNT(*) FROM transfers");
            var again = service.Execute(partner, oldKey, command);
            Assert.True(again.Replayed && again.Status == status, $"retry of {command.Operation}: {again.Status} {again.Code}");
            Assert.Equal(transfers, f.Scalar("SELECT COUNT(*) FROM transfers"));
            return;
        }
        var household = Households[op.Who];
        var (who, cmd, expected) = op.Kind switch
        {
            0 => Reserve(m, op, household, f.Time.GetUtcNow()),
            5 => ("card", new DeductCommand(new ResidentRef(null, household), op.Points, "water", "ref-" + key), Afford(m, household, op.Points) ? 201 : 422),
            _ => Act(m, op, f.Time.GetUtcNow()),
        };
        if (cmd is null)
        {
            return;
        }
        var outcome = service.Execute(partners[who], key, cmd);
        Assert.True(outcome.Status == expected, $"{cmd}: expected {expected}, got {outcome.Status} {outcome.Code} {outcome.Detail}");
        if (outcome.Status == 201)
        {
            var v = outcome.View!;
            m.Available[household] -= v.Points;
            m.Redemptions.Add(new Held(v.Id, v.Kind, who, household, v.Points, v.ExpiresUtc));
        }
        m.Sent.Add((partners[who], key, cmd, outcome.Status));
    }

    private static (string, RedemptionCommand?, int) Reserve(Model m, Op op, string household, DateTimeOffset now)
    {
        var (who, kind) = op.Partial ? ("shop", "payment") : ("mall", "order");
        var cmd = new ReserveCommand(kind, new ResidentRef(null, household), op.Points, $"ref-{now.Ticks}-{m.Sent.Count}", 1 + op.Minutes);
        return (who, cmd, Afford(m, household, op.Points) ? 201 : 422);
    }

    private static bool Afford(Model m, string household, long points) => m.Available[household] >= points;

    /// <summary>The expected answer to an action on an earlier redemption, applying it to the model.</summary>
    private static (string, RedemptionCommand?, int) Act(Model m, Op op, DateTimeOffset now)
    {
        if (m.Redemptions.Count == 0)
        {
            return ("", null, 0);
        }
        var r = m.Redemptions[op.Target % m.Redemptions.Count];
        if (r.State == "reserved" && r.Expires <= now)
        {
            Expire(m, r);
        }
        var (action, points) = op.Kind switch
        {
            // Amounts at the edges: one less than, exactly, and one more than what is allowed.
            1 => (RedemptionAction.Capture, op.Partial ? (long?)Math.Max(1, r.Points + op.Points % 3 - 1) : null),
            2 => (RedemptionAction.Release, null),
            3 => (RedemptionAction.Refund, (long?)Math.Max(1, op.Partial ? r.Captured - r.Refunded + op.Points % 3 - 1 : op.Points % 50 + 1)),
            _ => (RedemptionAction.Reverse, (long?)null),
        };
        var cmd = new ActionCommand(r.Kind, action, r.Id, points);
        int status;
        switch (action)
        {
            case RedemptionAction.Capture when r.State == "reserved":
                var take = points ?? r.Points;
                status = take > r.Points ? 422 : 200;
                if (status == 200)
                {
                    (r.State, r.Captured) = ("captured", take);
                    m.Available[r.Household] += r.Points - take;
                }
                break;
            case RedemptionAction.Release when r.State == "reserved":
                (r.State, status) = ("released", 200);
                m.Available[r.Household] += r.Points;
                break;
            case RedemptionAction.Refund when r.State is "captured" or "refunded":
                status = points > r.Captured - r.Refunded ? 422 : 200;
                if (status == 200)
                {
                    r.Refunded += points!.Value;
                    r.State = r.Refunded == r.Captured ? "refunded" : "captured";
                    m.Available[r.Household] += points.Value;
                }
                break;
            case RedemptionAction.Reverse when r.State == "deducted":
                (r.State, r.Refunded, status) = ("reversed", r.Captured, 200);
                m.Available[r.Household] += r.Captured;
                break;
            default:
                status = 409;
                break;
        }
        return (r.Partner, cmd, status);
    }

    private static void Expire(Model m, Held r)
    {
        r.State = "expired";
        m.Available[r.Household] += r.Points;
    }
}
