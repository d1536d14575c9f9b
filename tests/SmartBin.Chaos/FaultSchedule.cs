using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SmartBin.Chaos
{
    /// <summary>The faults the schedule injects.</summary>
    public enum FaultKind
    {
        /// <summary>External: mosquitto stopped and started again (persistence on). Embedded: the gateway process restarted.</summary>
        BrokerRestart,

        /// <summary>The gateway SIGKILLed at a random point of its work, then started again.</summary>
        GatewayKill,

        /// <summary>The gateway SIGKILLed after a commit and before its acks (test-only hold), then started again.</summary>
        GatewayKillAfterCommit,

        /// <summary>Every bin connection dropped at the TCP proxy and new ones refused for a while.</summary>
        NetworkCut,

        /// <summary>influxd SIGKILLed, started again later on the same data.</summary>
        InfluxDown,

        /// <summary>Latency on every chunk to and from influxd's HTTP port.</summary>
        InfluxSlow,
    }

    /// <summary>One fault: what, when after the run's start (s), and for how long (s; 0 for instant faults).</summary>
    public sealed record Fault(FaultKind Kind, double AtS, int DurationS);

    /// <summary>
    /// A seeded fault schedule: the faults of the options, shuffled, one per slot of the schedule window, each at a
    /// random point in its slot. Faults do not overlap (a slot is long enough for its fault), so every fault's
    /// recovery is seen on its own; the kill's point inside the gateway's work is still random.
    /// </summary>
    public sealed class FaultSchedule
    {
        private FaultSchedule(IReadOnlyList<Fault> faults, int seed)
        {
            Faults = faults;
            Seed = seed;
        }

        /// <summary>The faults in time order.</summary>
        public IReadOnlyList<Fault> Faults { get; }

        /// <summary>The seed it was made from.</summary>
        public int Seed { get; }

        /// <summary>Makes the schedule of <paramref name="options"/> from its seed.</summary>
        public static FaultSchedule Of(ChaosOptions options)
        {
            var random = new Random(options.Seed);
            var kinds = new List<FaultKind>();
            kinds.AddRange(Enumerable.Repeat(FaultKind.BrokerRestart, options.BrokerRestarts));
            kinds.AddRange(Enumerable.Repeat(FaultKind.GatewayKill, options.GatewayKills));
            kinds.AddRange(Enumerable.Repeat(FaultKind.GatewayKillAfterCommit, options.KillsAfterCommit));
            kinds.AddRange(Enumerable.Repeat(FaultKind.NetworkCut, options.NetworkCuts));
            kinds.AddRange(Enumerable.Repeat(FaultKind.InfluxDown, options.InfluxOutages));
            kinds.AddRange(Enumerable.Repeat(FaultKind.InfluxSlow, options.InfluxSlowdowns));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kinds));
            var faults = new List<Fault>(kinds.Count);
            double slotS = kinds.Count == 0 ? 0 : (double)options.ScheduleS / kinds.Count;
            for (int i = 0; i < kinds.Count; i++)
            {
                int durationS = DurationOf(kinds[i], options);
                double slack = Math.Max(0, slotS - durationS - RecoveryAllowanceS);
                faults.Add(new Fault(kinds[i], Math.Round((i * slotS) + (random.NextDouble() * slack), 1), durationS));
            }

            return new FaultSchedule(faults, options.Seed);
        }

        /// <summary>Seconds a restart of the gateway or broker takes, kept free after each fault in its slot.</summary>
        private const double RecoveryAllowanceS = 4;

        /// <summary>The schedule as printed at the start of a run.</summary>
        public override string ToString()
        {
            var text = new StringBuilder($"fault schedule (seed {Seed}):\n");
            foreach (Fault f in Faults)
            {
                string duration = f.DurationS > 0 ? $" for {f.DurationS} s" : string.Empty;
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  t+{f.AtS,6:F1} s  {f.Kind}{duration}\n");
            }

            return text.ToString();
        }

        private static int DurationOf(FaultKind kind, ChaosOptions o) => kind switch
        {
            FaultKind.BrokerRestart => o.BrokerDownS,
            FaultKind.NetworkCut => o.NetworkCutS,
            FaultKind.InfluxDown => o.InfluxDownS,
            FaultKind.InfluxSlow => o.InfluxSlowS,
            _ => 0,
        };
    }
}
