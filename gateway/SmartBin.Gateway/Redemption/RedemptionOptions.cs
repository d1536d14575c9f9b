namespace SmartBin.Gateway.Redemption;

/// <summary>Partner redemption settings (section <c>SmartBin:Redemption</c>; docs/gateway.md lists each key).</summary>
public sealed class RedemptionOptions
{
    /// <summary>How long a shop's payment authorisation holds the points before it lapses, minutes.</summary>
    public int PaymentHoldMinutes { get; set; } = 15;

    /// <summary>Hold of a mall order that does not name its own <c>holdMinutes</c>, minutes.</summary>
    public int OrderHoldMinutesDefault { get; set; } = 30;

    /// <summary>Longest hold a mall order may ask for, minutes.</summary>
    public int OrderHoldMinutesMax { get; set; } = 4_320;

    /// <summary>How often lapsed holds are released, seconds (a capture after the hold also releases it at once).</summary>
    public int ExpirySweepIntervalS { get; set; } = 15;

    /// <summary>Most holds released in one transaction by the sweep (it loops until none is due).</summary>
    public int ExpiryBatchMax { get; set; } = 500;

    /// <summary>Most points one redemption may move (100,000 points = 1,000 CNY), a limit on what a leaked key can do per call.</summary>
    public long MaxPointsPerRedemption { get; set; } = 100_000;
}
