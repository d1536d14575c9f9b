namespace SmartBin.Simulator.Fleet
{
    /// <summary>How a fleet bin is simulated.</summary>
    public sealed record BinRunnerOptions
    {
        /// <summary>The real HX711, MFRC522 and ultrasonic drivers over simulated chips (else behavioural sensors).</summary>
        public bool ChipLevel { get; init; }

        /// <summary>Share of the residents, percent, whose cards carry 7-byte UIDs (<see cref="ResidentModel.LongCardUid"/>).</summary>
        public int LongUidPercent { get; init; }

        /// <summary>Mean gap between visits, ms; 0 follows the hour of day (<see cref="ResidentModel.MeanGapMs"/>).</summary>
        public long MeanVisitGapMs { get; init; }

        /// <summary>Whether residents come at all (false: the person at the keyboard is the only resident).</summary>
        public bool ResidentsActive { get; init; } = true;
    }
}
