using System;
using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Chaos
{
    /// <summary>Where the bins' broker runs.</summary>
    public enum BrokerMode
    {
        /// <summary>mosquitto with persistence; the gateway holds a persistent session there. A broker restart restarts mosquitto.</summary>
        External,

        /// <summary>The gateway's own broker: a broker restart is a restart of the gateway process.</summary>
        Embedded,
    }

    /// <summary>Parameters of one chaos run (the program's command line; the short test sets them in code).</summary>
    public sealed record ChaosOptions
    {
        /// <summary>Virtual bins (at least 1; the issue asks for 100 or more).</summary>
        public int Bins { get; init; } = 100;

        /// <summary>Drop-offs the bins must have made before the residents go home.</summary>
        public int DropOffs { get; init; } = 10_000;

        /// <summary>Broker mode.</summary>
        public BrokerMode Mode { get; init; } = BrokerMode.External;

        /// <summary>Seed of the fleet (residents, weights) and of the fault schedule.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>
        /// How many of the bins (the first ones) are chip-level (the real HX711, MFRC522 and ultrasonic drivers over
        /// simulated chips); the others have behavioural sensors. Chip-level bins cost several times the CPU.
        /// </summary>
        public int ChipLevelBins { get; init; } = 10;

        /// <summary>Most simulated ms per wall-clock ms for the bins (their clocks, visits, ack timeouts).</summary>
        public int Speed { get; init; } = 25;

        /// <summary>Wall-clock window over which the faults are spread, s (the run goes on until enough drop-offs are made).</summary>
        public int ScheduleS { get; init; } = 90;

        /// <summary>How long the bins' network stays cut, s ("tens of seconds"; shorter in the test suite).</summary>
        public int NetworkCutS { get; init; } = 10;

        /// <summary>How long InfluxDB stays down, s.</summary>
        public int InfluxDownS { get; init; } = 10;

        /// <summary>How long the time-series store stays slow, s.</summary>
        public int InfluxSlowS { get; init; } = 10;

        /// <summary>Latency added to every chunk to and from InfluxDB while it is slow, ms.</summary>
        public int InfluxSlowDelayMs { get; init; } = 400;

        /// <summary>How long the broker stays down in a restart, s.</summary>
        public int BrokerDownS { get; init; } = 3;

        /// <summary>Faults of each kind: broker restarts.</summary>
        public int BrokerRestarts { get; init; } = 1;

        /// <summary>Faults of each kind: SIGKILLs of the gateway at a random point.</summary>
        public int GatewayKills { get; init; } = 2;

        /// <summary>Faults of each kind: SIGKILLs of the gateway between a commit and its acks.</summary>
        public int KillsAfterCommit { get; init; } = 1;

        /// <summary>Faults of each kind: network cuts.</summary>
        public int NetworkCuts { get; init; } = 1;

        /// <summary>Faults of each kind: InfluxDB outages.</summary>
        public int InfluxOutages { get; init; } = 1;

        /// <summary>Faults of each kind: slow time-series store periods.</summary>
        public int InfluxSlowdowns { get; init; } = 1;

        /// <summary>Longest the run phase may take before the run fails, s.</summary>
        public int RunLimitS { get; init; } = 600;

        /// <summary>Longest the drain after the schedule may take, s.</summary>
        public int DrainLimitS { get; init; } = 120;

        /// <summary>Reads <c>--name value</c> pairs; unknown names or bad values throw <see cref="ArgumentException"/>.</summary>
        public static ChaosOptions Parse(IReadOnlyList<string> args)
        {
            var o = new ChaosOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string name = args[i];
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value");
                }

                string value = args[++i];
                o = name switch
                {
                    "--bins" => o with { Bins = Int(name, value, 1, 1_000) },
                    "--dropoffs" => o with { DropOffs = Int(name, value, 1, 10_000_000) },
                    "--mode" => o with { Mode = Enum.Parse<BrokerMode>(value, ignoreCase: true) },
                    "--chip-level" => o with { ChipLevelBins = Int(name, value, 0, 1_000) },
                    "--speed" => o with { Speed = Int(name, value, 1, 1_000) },
                    "--seed" => o with { Seed = Int(name, value, 0, 3_999_000) },
                    "--schedule-s" => o with { ScheduleS = Int(name, value, 10, 86_400) },
                    "--cut-s" => o with { NetworkCutS = Int(name, value, 1, 3_600) },
                    "--influx-down-s" => o with { InfluxDownS = Int(name, value, 1, 3_600) },
                    "--influx-slow-s" => o with { InfluxSlowS = Int(name, value, 1, 3_600) },
                    "--influx-slow-ms" => o with { InfluxSlowDelayMs = Int(name, value, 1, 60_000) },
                    "--broker-down-s" => o with { BrokerDownS = Int(name, value, 0, 600) },
                    "--broker-restarts" => o with { BrokerRestarts = Int(name, value, 0, 1_000) },
                    "--kills" => o with { GatewayKills = Int(name, value, 0, 1_000) },
                    "--kills-after-commit" => o with { KillsAfterCommit = Int(name, value, 0, 1_000) },
                    "--cuts" => o with { NetworkCuts = Int(name, value, 0, 1_000) },
                    "--influx-outages" => o with { InfluxOutages = Int(name, value, 0, 1_000) },
                    "--influx-slowdowns" => o with { InfluxSlowdowns = Int(name, value, 0, 1_000) },
                    "--run-limit-s" => o with { RunLimitS = Int(name, value, 10, 864_000) },
                    "--drain-limit-s" => o with { DrainLimitS = Int(name, value, 10, 86_400) },
                    _ => throw new ArgumentException($"unknown option {name}"),
                };
            }

            return o;
        }

        private static int Int(string name, string value, int min, int max)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) || parsed < min || parsed > max)
            {
                throw new ArgumentException($"{name} must be an integer {min}…{max}, not '{value}'");
            }

            return parsed;
        }
    }
}
