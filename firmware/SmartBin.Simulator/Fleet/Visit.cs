using System.Collections.Generic;

namespace SmartBin.Simulator.Fleet
{
    /// <summary>What a resident does at the bin, step by step.</summary>
    public enum StepKind
    {
        /// <summary>Holds a card against the reader.</summary>
        TapCard,

        /// <summary>Takes the card away.</summary>
        RemoveCard,

        /// <summary>Drops an item in.</summary>
        DropItem,

        /// <summary>Takes something back out.</summary>
        TakeOut,
    }

    /// <summary>One step of a visit, <paramref name="AfterMs"/> after the previous step.</summary>
    public sealed record VisitStep(long AfterMs, StepKind Kind, string CardUid = "", int Grams = 0);

    /// <summary>How a visit is meant to end, so a demo can tell what the bin should have recorded.</summary>
    public enum VisitKind
    {
        /// <summary>Card, items, done: one credited drop-off.</summary>
        Normal,

        /// <summary>A card the gateway has never seen: recorded, points held until it is registered.</summary>
        UnknownCard,

        /// <summary>Plastic in without a card: recorded unattributed.</summary>
        NoCard,

        /// <summary>Card tapped, nothing dropped: the session times out.</summary>
        ChangedMind,

        /// <summary>An item taken back out during the session: a tamper event.</summary>
        TookItemBack,
    }

    /// <summary>A whole visit: who, what they meant to do, the steps, and the true net weight.</summary>
    public sealed record Visit(VisitKind Kind, string CardUid, IReadOnlyList<VisitStep> Steps, int TrueNetGrams);
}
