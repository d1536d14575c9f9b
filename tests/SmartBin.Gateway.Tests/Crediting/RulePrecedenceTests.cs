using System;
using System.Collections.Generic;
using System.Linq;
using SmartBin.Gateway.Crediting;
using Xunit;

namespace SmartBin.Gateway.Tests.Crediting;

/// <summary>
/// Rule order: for every combination of faults, the earliest rule in the documented order decides.
/// </summary>
public sealed class RulePrecedenceTests
{
    private sealed record Fault(string Reason, CreditOutcome Outcome, Func<DropOffFacts, ResidentContext, (DropOffFacts, ResidentContext)> Apply);

    /// <summary>The documented order (Crediting/README.md), one fault that triggers each rule.</summary>
    private static readonly Fault[] FaultsInRuleOrder =
    [
        new(ReasonCodes.Unattributed, CreditOutcome.NotCredited,
            (f, c) => (f with { Flags = f.Flags | DropOffFlags.Unattributed }, c)),
        new(ReasonCodes.NonPositiveNet, CreditOutcome.Rejected, (f, c) => (f with { NetGrams = 0 }, c)),
        new(ReasonCodes.UnknownMaterial, CreditOutcome.Rejected, (f, c) => (f with { Material = (Material)42 }, c)),
        new(ReasonCodes.NoRuleVersion, CreditOutcome.Rejected, (f, c) => (ShiftTo(f, CreditingDefaults.PilotStartUtc.AddDays(-1)), c)),
        new(ReasonCodes.WeighingUncertain, CreditOutcome.Held,
            (f, c) => (f with { Flags = f.Flags | DropOffFlags.Unsettled }, c)),
        new(ReasonCodes.MaterialMismatch, CreditOutcome.Held, (f, c) => (f, c with { BinMaterial = Material.Hdpe })),
        new(ReasonCodes.ImplausibleWeight, CreditOutcome.Held, (f, c) => (f with { NetGrams = 6_000 }, c)),
        new(ReasonCodes.ImpossibleTravel, CreditOutcome.Held,
            (f, c) => (f, c with { Previous = new PreviousDropOff("baiyun-0001", Fixtures.BinB, f.OccurredUtc) })),
        new(ReasonCodes.UnknownCard, CreditOutcome.Suspense, (f, c) => (f, c with { HouseholdId = null })),
        new(ReasonCodes.DailyCap, CreditOutcome.Held, (f, c) => (f, c with { CreditedGramsToday = 10_000 })),
    ];

    public static TheoryData<int> AllFaultSets()
    {
        var data = new TheoryData<int>();
        for (var set = 0; set < 1 << FaultsInRuleOrder.Length; set++)
        {
            data.Add(set);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllFaultSets))]
    public void The_earliest_rule_in_the_documented_order_decides(int faultSet)
    {
        var facts = Fixtures.Facts(netGrams: 1_000);
        var context = Fixtures.Registered();
        // Later rules' faults first, so where two faults touch the same field the earlier rule's fault stands.
        for (var i = FaultsInRuleOrder.Length - 1; i >= 0; i--)
        {
            if ((faultSet & (1 << i)) != 0)
            {
                (facts, context) = FaultsInRuleOrder[i].Apply(facts, context);
            }
        }

        var decision = CreditingEngine.WithDefaults().Evaluate(facts, context);

        var first = Enumerable.Range(0, FaultsInRuleOrder.Length).FirstOrDefault(i => (faultSet & (1 << i)) != 0, -1);
        var expected = first < 0 ? (CreditOutcome.Credited, "") : (FaultsInRuleOrder[first].Outcome, FaultsInRuleOrder[first].Reason);
        Assert.Equal(expected, (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void The_fault_list_covers_every_reason_code_in_order()
    {
        IReadOnlyList<string> documented =
        [
            ReasonCodes.Unattributed, ReasonCodes.NonPositiveNet, ReasonCodes.UnknownMaterial, ReasonCodes.NoRuleVersion,
            ReasonCodes.WeighingUncertain, ReasonCodes.MaterialMismatch, ReasonCodes.ImplausibleWeight, ReasonCodes.ImpossibleTravel,
            ReasonCodes.UnknownCard, ReasonCodes.DailyCap,
        ];
        Assert.Equal(documented, FaultsInRuleOrder.Select(f => f.Reason));
    }

    private static DropOffFacts ShiftTo(DropOffFacts facts, DateTimeOffset endUtc) =>
        facts with { SessionStartUtc = endUtc.AddSeconds(-30), SessionEndUtc = endUtc, ReceivedUtc = endUtc.AddSeconds(2) };
}
